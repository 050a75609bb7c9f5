package iobound

import (
	"context"

	"github.com/concbench/concbench/impl/fanout"
)

// A Strategy runs a Job: it fetches every slot, concurrently or not, and
// delivers what it fetched. It returns the first error that stops it; the
// job's files are published by Run, not by the strategy.
//
// A strategy with settings (workers) implements
// fanout.Settable[Strategy]; fanout.Label names it, fanout.WithWorkers
// sets its workers.
type Strategy interface {
	Name() string
	Run(ctx context.Context, j *Job) error
}

// DefaultWorkers is the worker count of the IO task's pooled strategies in
// Strategies: Python's ThreadPoolExecutor default cap, and more than one
// iteration's requests. (A Workers field of zero means GOMAXPROCS, as in
// package fanout.)
const DefaultWorkers = 32

// Strategies is the one list of IO strategies, in the order reports show
// them. Benchmarks, the CLI and the report all walk it: a new strategy is
// one new entry here (and its file). The strategies of any job, from
// package fanout, run the task through Each; ratelimit, pipeline,
// processes, adaptive (fanout.Adaptive with the client's 429 as its
// throttle signal) and hedged are the task's own.
var Strategies = fanout.Registry[Strategy]{
	Each{fanout.Sequential{}},
	Each{fanout.Goroutines{}},
	Each{fanout.Pool{Workers: DefaultWorkers}},
	Each{fanout.Errgroup{Workers: DefaultWorkers}},
	RateLimit{Workers: DefaultWorkers},
	Pipeline{Workers: DefaultWorkers},
	Each{fanout.SingleThread{}},
	Processes{},
	Adaptive{},
	Hedged{},
}

package iobound

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// A Strategy runs a Job: it fetches every slot, concurrently or not, and
// delivers what it fetched. It returns the first error that stops it; the
// job's files are published by Run, not by the strategy.
type Strategy interface {
	Name() string
	Run(ctx context.Context, j *Job) error
}

// A Scalable strategy has a worker count that bounds its concurrency.
type Scalable interface {
	Strategy
	Workers() int
	WithWorkers(n int) Strategy
}

// DefaultWorkers is the worker count of the pooled strategies: Python's
// ThreadPoolExecutor default cap, and more than one iteration's requests.
const DefaultWorkers = 32

// Strategies is the one list of IO strategies, in the order reports show
// them. Benchmarks, the CLI and the report all walk it: a new strategy is one
// new entry here (and its file).
var Strategies = []Strategy{
	Sequential{},
	Goroutines{},
	Pool{N: DefaultWorkers},
	Errgroup{N: DefaultWorkers},
	RateLimit{N: DefaultWorkers},
	Pipeline{N: DefaultWorkers},
	SingleThread{},
	Processes{},
}

// Lookup returns the registered strategy called name.
func Lookup(name string) (Strategy, error) {
	for _, s := range Strategies {
		if s.Name() == name {
			return s, nil
		}
	}
	return nil, fmt.Errorf("unknown IO strategy %q (want one of %s)", name, strings.Join(Names(), ", "))
}

// Names lists the registered strategies' names.
func Names() []string {
	names := make([]string, len(Strategies))
	for i, s := range Strategies {
		names[i] = s.Name()
	}
	return names
}

// Label names a strategy as a benchmark name part: "strategy=pool/workers=32".
func Label(s Strategy) string {
	l := "strategy=" + s.Name()
	if sc, ok := s.(Scalable); ok {
		l += "/workers=" + strconv.Itoa(sc.Workers())
	}
	return l
}

// workers returns n, or the default when n is not positive.
func workers(n int) int {
	if n <= 0 {
		return DefaultWorkers
	}
	return n
}

package iobound

import (
	"context"
	"runtime"
	"sync"
)

// SingleThread is Goroutines with GOMAXPROCS set to 1 for the run, so that
// every goroutine takes turns on one OS thread: the analogue of Python's
// asyncio event loop.
//
// GOMAXPROCS is process-wide: anything else running in the process meanwhile
// shares the one P, including the server of api=local in the benchmarks
// (httptest, in process), so there it measures client and server on one
// thread together. Runs of SingleThread are serialised, and GOMAXPROCS is
// restored afterwards: to the runtime's automatic default if that is what it
// was, else to the value it had.
type SingleThread struct{}

var _ Strategy = SingleThread{}

// singleThread serialises SingleThread runs: two overlapping runs would
// otherwise restore each other's GOMAXPROCS of 1.
var singleThread sync.Mutex

// Name returns "singlethread".
func (SingleThread) Name() string { return "singlethread" }

// Run runs Goroutines under GOMAXPROCS=1.
func (SingleThread) Run(ctx context.Context, j *Job) error {
	singleThread.Lock()
	defer singleThread.Unlock()
	defer restoreGOMAXPROCS(runtime.GOMAXPROCS(1))
	return Goroutines{}.Run(ctx, j)
}

// restoreGOMAXPROCS sets GOMAXPROCS back to prev. Setting it by hand turns
// off the runtime's automatic updates (Go 1.25+); if prev is what the
// automatic default gives, they are turned back on instead.
func restoreGOMAXPROCS(prev int) {
	runtime.SetDefaultGOMAXPROCS()
	if runtime.GOMAXPROCS(0) != prev {
		runtime.GOMAXPROCS(prev)
	}
}

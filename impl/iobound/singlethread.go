package iobound

import (
	"context"
	"runtime"
)

// SingleThread is Goroutines with GOMAXPROCS set to 1 for the run, so that
// every goroutine takes turns on one OS thread: the analogue of Python's
// asyncio event loop. GOMAXPROCS is process-wide: anything else running in the
// process (an in-process server, other tests) shares the one P meanwhile. The
// previous value is restored when Run returns.
type SingleThread struct{}

var _ Strategy = SingleThread{}

// Name returns "singlethread".
func (SingleThread) Name() string { return "singlethread" }

// Run runs Goroutines under GOMAXPROCS=1.
func (SingleThread) Run(ctx context.Context, j *Job) error {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	return Goroutines{}.Run(ctx, j)
}

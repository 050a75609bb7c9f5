package fanout

import (
	"context"
	"runtime"
)

// SingleThread is Goroutines with GOMAXPROCS set to 1 for the run: every
// goroutine takes turns on one thread at a time, the analogue of Python's
// asyncio event loop. It shows what concurrency without parallelism gives
// a job: as much as Goroutines for a job that waits, nothing for a job
// that computes.
//
// GOMAXPROCS is process-wide: anything else running in the process
// meanwhile shares the one P. Runs of SingleThread are serialised (a run
// waits for the one before, or for its context), and GOMAXPROCS is
// restored afterwards: to the runtime's automatic default if that is what
// it was, else to the value it had. A piece must not run SingleThread
// itself.
type SingleThread struct{}

var _ Strategy = SingleThread{}

// singleThread serialises SingleThread runs: two overlapping runs would
// otherwise restore each other's GOMAXPROCS of 1.
var singleThread = make(chan struct{}, 1)

// Name returns "singlethread".
func (SingleThread) Name() string { return "singlethread" }

// Run runs Goroutines under GOMAXPROCS=1.
func (SingleThread) Run(ctx context.Context, n int, piece Piece) error {
	if err := checkRun(n, piece); err != nil {
		return err
	}
	select {
	case singleThread <- struct{}{}:
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	defer func() { <-singleThread }()
	defer restoreGOMAXPROCS(runtime.GOMAXPROCS(1))
	return Goroutines{}.Run(ctx, n, piece)
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

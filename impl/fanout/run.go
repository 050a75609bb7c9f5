package fanout

import (
	"context"
	"sync"
)

// A run is one Run of a concurrent strategy: a context that the first
// error cancels, and that error.
type run struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	mu     sync.Mutex
	err    error
}

func newRun(ctx context.Context) *run {
	ctx, cancel := context.WithCancelCause(ctx)
	return &run{ctx: ctx, cancel: cancel}
}

// stopped reports whether the run has stopped: a piece failed or the
// parent context is done. It then records the cause as the run's error,
// unless a piece's error came first.
func (r *run) stopped() bool {
	if r.ctx.Err() == nil {
		return false
	}
	r.fail(context.Cause(r.ctx))
	return true
}

// do runs piece i, unless the run has stopped; it reports whether it ran
// the piece.
func (r *run) do(piece Piece, i int) bool {
	if r.stopped() {
		return false
	}
	if err := piece(r.ctx, i); err != nil {
		r.fail(err)
	}
	return true
}

// fail records err if it is the run's first error, and cancels the run.
func (r *run) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		r.err = err
		r.cancel(err)
	}
}

// end releases the run's context and returns its first error. Call it
// once every piece has returned.
func (r *run) end() error {
	r.cancel(nil)
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

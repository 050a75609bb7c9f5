package fanout

import (
	"context"

	"github.com/concbench/concbench/contract"
)

// Sequential runs the pieces one after the other, in order, on the calling
// goroutine: the baseline every speedup is measured against. It stops at
// the first error.
type Sequential struct{}

var _ Strategy = Sequential{}

// Name returns "sequential".
func (Sequential) Name() string { return contract.BaseStrategy }

// Run runs piece 0, then piece 1, and so on.
func (Sequential) Run(ctx context.Context, n int, piece Piece) error {
	if err := checkRun(n, piece); err != nil {
		return err
	}
	for i := range n {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		if err := piece(ctx, i); err != nil {
			return err
		}
	}
	return nil
}

package fanout

import (
	"context"
	"sync"

	"github.com/concbench/concbench/contract"
)

// Goroutines starts a goroutine per piece, all at once, and waits for all
// of them: no bound on concurrency (Python's threads without a pool). The
// Go scheduler shares the CPUs between them. The first error cancels the
// rest.
type Goroutines struct{}

var _ Strategy = Goroutines{}

// Name returns "goroutines".
func (Goroutines) Name() string { return contract.StrategyGoroutines }

// Run runs every piece on its own goroutine.
func (Goroutines) Run(ctx context.Context, n int, piece Piece) error {
	if err := checkRun(n, piece); err != nil {
		return err
	}
	r := newRun(ctx)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { r.do(piece, i) })
	}
	wg.Wait()
	return r.end()
}

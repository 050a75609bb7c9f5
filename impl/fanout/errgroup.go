package fanout

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Errgroup starts a goroutine per piece under errgroup.WithContext with
// SetLimit(Workers): at most Workers pieces at once, a new goroutine for
// each, and the first error cancels the rest.
type Errgroup struct {
	// Workers bounds the pieces in flight; zero or less means GOMAXPROCS.
	Workers int
}

var (
	_ Strategy           = Errgroup{}
	_ Settable[Strategy] = Errgroup{}
)

// Name returns "errgroup".
func (Errgroup) Name() string { return "errgroup" }

// Params returns the limit: workers=N.
func (e Errgroup) Params() []Param { return []Param{WorkersParam(e.Workers)} }

// With sets workers.
func (e Errgroup) With(key, value string) (Strategy, error) {
	n, err := OnlyWorkers(e.Name(), key, value)
	e.Workers = n
	return e, err
}

// Run runs the pieces in the group.
func (e Errgroup) Run(ctx context.Context, n int, piece Piece) error {
	if err := checkRun(n, piece); err != nil {
		return err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(NumWorkers(e.Workers))
	started := 0
	for i := range n {
		if gctx.Err() != nil {
			break // a piece failed or ctx is done: start nothing more
		}
		started++
		g.Go(func() error {
			if gctx.Err() != nil {
				return context.Cause(gctx)
			}
			return piece(gctx, i)
		})
	}
	err := g.Wait()
	if err == nil && started < n {
		err = context.Cause(ctx)
	}
	return err
}

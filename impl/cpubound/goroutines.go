package cpubound

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Goroutines starts one goroutine per exponent, all at once, and lets the Go
// scheduler share the CPUs between them (the seed's threads without a pool).
// The first error cancels the rest.
type Goroutines struct{}

var _ Strategy = Goroutines{}

// Name returns "goroutines".
func (Goroutines) Name() string { return "goroutines" }

// Run checks every exponent of w on its own goroutine.
func (s Goroutines) Run(ctx context.Context, w Workload) ([]Result, error) {
	res, err := prepare(s, w)
	if err != nil {
		return nil, err
	}
	g, ctx := errgroup.WithContext(ctx)
	for i := range w.Exponents {
		g.Go(func() (err error) {
			res[i], err = check(ctx, w, i)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return res, nil
}

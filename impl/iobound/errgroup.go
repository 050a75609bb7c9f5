package iobound

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Errgroup starts a goroutine per slot under errgroup.WithContext with
// SetLimit(N): at most N in flight, and the first error cancels the rest.
type Errgroup struct{ N int }

var _ Scalable = Errgroup{}

// Name returns "errgroup".
func (Errgroup) Name() string { return "errgroup" }

// Workers returns the limit on goroutines in flight.
func (e Errgroup) Workers() int { return workers(e.N) }

// WithWorkers returns the strategy with a limit of n.
func (e Errgroup) WithWorkers(n int) Strategy { return Errgroup{N: n} }

// Run fetches every slot in the group.
func (e Errgroup) Run(ctx context.Context, j *Job) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(e.Workers())
	for _, s := range j.Slots() {
		if ctx.Err() != nil {
			break // an error cancelled the group: start nothing more
		}
		g.Go(func() error {
			strs, err := j.Fetch(ctx, s)
			if err != nil {
				return err
			}
			return j.Deliver(s, strs)
		})
	}
	return g.Wait()
}

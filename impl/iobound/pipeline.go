package iobound

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Pipeline runs the task as three stages joined by channels: N fetchers, one
// counter that assembles complete iterations in order and counts their
// letters, and one writer. Fetching never waits for counting or writing, so
// iterations overlap: the analogue of the seed's threads for requests and
// processes for iterations. The first error in any stage cancels the others.
type Pipeline struct{ N int }

var _ Scalable = Pipeline{}

// Name returns "pipeline".
func (Pipeline) Name() string { return "pipeline" }

// Workers returns the number of fetchers.
func (p Pipeline) Workers() int { return workers(p.N) }

// WithWorkers returns the pipeline with n fetchers.
func (p Pipeline) WithWorkers(n int) Strategy { return Pipeline{N: n} }

type fetched struct {
	slot Slot
	strs []string
}

// Run runs the three stages.
func (p Pipeline) Run(ctx context.Context, j *Job) error {
	g, ctx := errgroup.WithContext(ctx)
	slots := make(chan Slot)
	results := make(chan fetched, p.Workers())
	files := make(chan *ResultFile, 1)

	g.Go(func() error { // feed
		defer close(slots)
		for _, s := range j.Slots() {
			select {
			case slots <- s:
			case <-ctx.Done():
				return nil
			}
		}
		return nil
	})
	var fetchers sync.WaitGroup
	for range p.Workers() {
		fetchers.Add(1)
		g.Go(func() error { // fetch
			defer fetchers.Done()
			for s := range slots {
				strs, err := j.Fetch(ctx, s)
				if err != nil {
					return err
				}
				select {
				case results <- fetched{s, strs}:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}
	g.Go(func() error { fetchers.Wait(); close(results); return nil })
	g.Go(func() error { // assemble and count
		defer close(files)
		for f := range results {
			ready, err := j.Assemble(f.slot, f.strs)
			if err != nil {
				return err
			}
			for _, it := range ready {
				select {
				case files <- j.Count(it):
				case <-ctx.Done():
					return ctx.Err()
				}
			}
		}
		return nil
	})
	g.Go(func() error { // write
		for rf := range files {
			if err := j.Write(rf); err != nil {
				return err
			}
		}
		return nil
	})
	return g.Wait()
}

package iobound

import (
	"context"

	"golang.org/x/sync/errgroup"

	"github.com/concbench/concbench/impl/fanout"
)

// Pipeline runs the task as three stages joined by channels: a pool of
// Workers fetchers (fanout.Pool), one
// counter that assembles complete iterations in order and counts their
// letters, and one writer. Fetching never waits for counting or writing, so
// iterations overlap: the analogue of the seed's threads for requests and
// processes for iterations. The first error in any stage cancels the others.
type Pipeline struct {
	// Workers is the number of fetchers; zero or less means GOMAXPROCS.
	Workers int
}

var (
	_ Strategy                  = Pipeline{}
	_ fanout.Settable[Strategy] = Pipeline{}
)

// Name returns "pipeline".
func (Pipeline) Name() string { return "pipeline" }

// Params returns the number of fetchers: workers=N.
func (p Pipeline) Params() []fanout.Param { return []fanout.Param{fanout.WorkersParam(p.Workers)} }

// With sets workers.
func (p Pipeline) With(key, value string) (Strategy, error) {
	n, err := fanout.OnlyWorkers(p.Name(), key, value)
	p.Workers = n
	return p, err
}

type fetched struct {
	slot Slot
	strs []string
}

// Run runs the three stages.
func (p Pipeline) Run(ctx context.Context, j *Job) error {
	g, ctx := errgroup.WithContext(ctx)
	slots := j.Slots()
	fetchers := min(fanout.NumWorkers(p.Workers), len(slots))
	results := make(chan fetched, fetchers)
	files := make(chan *ResultFile, 1)

	g.Go(func() error { // fetch
		defer close(results)
		return fanout.Pool{Workers: fetchers}.Run(ctx, len(slots), func(ctx context.Context, i int) error {
			strs, err := j.Fetch(ctx, slots[i])
			if err != nil {
				return err
			}
			select {
			case results <- fetched{slots[i], strs}:
				return nil
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		})
	})
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

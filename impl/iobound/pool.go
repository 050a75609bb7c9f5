package iobound

import (
	"context"
	"sync"
)

// Pool runs N workers that take slots from a channel: Python's
// ThreadPoolExecutor. The first error stops the dispatch and cancels the
// requests in flight.
type Pool struct{ N int }

var _ Scalable = Pool{}

// Name returns "pool".
func (Pool) Name() string { return "pool" }

// Workers returns the number of workers.
func (p Pool) Workers() int { return workers(p.N) }

// WithWorkers returns the pool with n workers.
func (p Pool) WithWorkers(n int) Strategy { return Pool{N: n} }

// Run fetches every slot with the pool.
func (p Pool) Run(ctx context.Context, j *Job) error {
	return runPool(ctx, p.Workers(), j.Slots(), func(ctx context.Context, s Slot) error {
		strs, err := j.Fetch(ctx, s)
		if err != nil {
			return err
		}
		return j.Deliver(s, strs)
	})
}

// runPool runs do for every slot on n workers fed by a channel, stopping at
// the first error.
func runPool(ctx context.Context, n int, slots []Slot, do func(context.Context, Slot) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	work := make(chan Slot)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for range min(n, len(slots)) {
		wg.Go(func() {
			for s := range work {
				if err := do(ctx, s); err != nil {
					once.Do(func() { first = err; cancel(err) })
				}
			}
		})
	}
feed:
	for _, s := range slots {
		select {
		case work <- s:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if first != nil {
		return first
	}
	return context.Cause(ctx)
}

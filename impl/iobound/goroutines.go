package iobound

import (
	"context"
	"sync"
)

// Goroutines starts a goroutine per request, all at once, and waits for all
// of them: Python's threads without a pool. An error does not stop the
// others; Run returns the error of the first failed slot in order.
type Goroutines struct{}

var _ Strategy = Goroutines{}

// Name returns "goroutines".
func (Goroutines) Name() string { return "goroutines" }

// Run fetches every slot in its own goroutine.
func (Goroutines) Run(ctx context.Context, j *Job) error {
	slots := j.Slots()
	errs := make([]error, len(slots))
	var wg sync.WaitGroup
	for i, s := range slots {
		wg.Go(func() {
			strs, err := j.Fetch(ctx, s)
			if err == nil {
				err = j.Deliver(s, strs)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

package iobound

import (
	"context"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

// LoadResult is what Load measured.
type LoadResult struct {
	Requests  int           // requests completed, successfully or not
	Errors    int           // requests that finally failed
	FirstErr  error         // the first of them, if any
	Elapsed   time.Duration // wall time of the whole load
	Delivered [][]string    // the strings of each request, by request number
}

// Load sends n requests through c, at most concurrency in flight, request i
// in slot 0/i, and waits for all of them. It stops early only if ctx is done.
// It is the load generator of the load test: the project's own client
// against a served instance.
func Load(ctx context.Context, c *Client, n, concurrency int) LoadResult {
	res := LoadResult{Delivered: make([][]string, n)}
	var errs atomic.Int64
	var first atomic.Pointer[error]
	g := new(errgroup.Group)
	g.SetLimit(concurrency)
	start := time.Now()
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		res.Requests++
		g.Go(func() error {
			strs, err := c.Fetch(ctx, Slot{Request: i})
			if err != nil {
				errs.Add(1)
				first.CompareAndSwap(nil, &err)
				return nil
			}
			res.Delivered[i] = strs
			return nil
		})
	}
	g.Wait()
	res.Elapsed = time.Since(start)
	res.Errors = int(errs.Load())
	if p := first.Load(); p != nil {
		res.FirstErr = *p
	}
	return res
}

package fanout

import (
	"context"
	"sync"
)

// Pool runs Workers goroutines that take the pieces, in order, from a
// channel until none is left (Python's ThreadPoolExecutor): at most
// Workers pieces at once, and dynamic load balancing, so a worker held up
// by a long piece does not hold up the others. The first error stops the
// hand-out and cancels the pieces in flight.
type Pool struct {
	// Workers is the number of workers; zero or less means GOMAXPROCS.
	Workers int
}

var (
	_ Strategy           = Pool{}
	_ Settable[Strategy] = Pool{}
)

// Name returns "pool".
func (Pool) Name() string { return "pool" }

// Params returns the worker count: workers=N.
func (p Pool) Params() []Param { return []Param{WorkersParam(p.Workers)} }

// With sets workers.
func (p Pool) With(key, value string) (Strategy, error) {
	n, err := OnlyWorkers(p.Name(), key, value)
	p.Workers = n
	return p, err
}

// Run runs the pieces on the pool.
func (p Pool) Run(ctx context.Context, n int, piece Piece) error {
	if err := checkRun(n, piece); err != nil {
		return err
	}
	return runPool(ctx, NumWorkers(p.Workers), n, piece)
}

// maxQueued bounds the pieces queued in a pool's channel: up to it, the
// caller queues every piece without waiting for a worker.
const maxQueued = 1 << 16

// runPool runs piece for each of n pieces on k workers fed by a channel.
// The calling goroutine feeds the channel; a buffer holds up to maxQueued
// pieces, so for most jobs it never blocks and the workers take their
// next piece without waking it.
func runPool(ctx context.Context, k, n int, piece Piece) error {
	if n == 0 {
		return nil
	}
	r := newRun(ctx)
	work := make(chan int, min(n, maxQueued))
	var wg sync.WaitGroup
	for range min(k, n) {
		wg.Go(func() {
			for i := range work {
				if !r.do(piece, i) {
					return // stopped; so does the feeder: nobody is left waiting
				}
			}
		})
	}
	done := r.ctx.Done()
feed:
	for i := range n {
		select {
		case work <- i:
		case <-done:
			r.stopped()
			break feed
		}
	}
	close(work)
	wg.Wait()
	return r.end()
}

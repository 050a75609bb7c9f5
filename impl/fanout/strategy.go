package fanout

import (
	"context"
	"fmt"
	"runtime"
)

// A Piece does piece i of a job, honouring ctx: a strategy cancels ctx when
// another piece fails or the run's own context is done.
type Piece = func(ctx context.Context, i int) error

// A Strategy runs the n pieces of a job.
//
// Run calls piece(ctx, i) at most once for each i in [0, n), and exactly
// once each when it returns nil; Adaptive alone calls a piece again after
// it returned a throttle signal (ErrThrottled). It returns the first error a piece
// returned, unwrapped; once there is one, it cancels the context the other
// pieces run under and starts no new piece. If ctx is done before every
// piece has started, Run returns context.Cause(ctx). Run returns only after
// every call of piece has returned: no goroutine outlives it. A negative n
// is an error.
type Strategy interface {
	// Name is the strategy's name, the value of the strategy key in
	// benchmark names: "pool". Settings are not part of it; see Label.
	Name() string
	// Run runs piece for every i in [0, n).
	Run(ctx context.Context, n int, piece Piece) error
}

// Strategies lists every strategy of this package once, with default
// settings: the registry that Benchmark runs by default.
var Strategies = Registry[Strategy]{
	Sequential{},
	Goroutines{},
	Pool{},
	Errgroup{},
	RateLimit{},
	SingleThread{},
	Adaptive{},
}

// Map runs f for every i in [0, n) under s and returns the values in input
// order: the i-th value is f(ctx, i)'s, whatever order the pieces ran in.
// On error it returns nil and the error, as s.Run does.
func Map[T any](ctx context.Context, s Strategy, n int, f func(ctx context.Context, i int) (T, error)) ([]T, error) {
	if n < 0 {
		return nil, negative(n)
	}
	out := make([]T, n)
	err := s.Run(ctx, n, func(ctx context.Context, i int) error {
		v, err := f(ctx, i)
		out[i] = v
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// NumWorkers resolves a Workers setting: n if positive, else
// runtime.GOMAXPROCS(0), the number of goroutines that can run at once.
func NumWorkers(n int) int {
	if n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

func negative(n int) error {
	return fmt.Errorf("fanout: %d pieces: want a number ≥ 0", n)
}

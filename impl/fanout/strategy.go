package fanout

import (
	"context"
	"errors"
	"fmt"
	"runtime"
)

// A Piece does piece i of a job, honouring ctx: a strategy cancels ctx when
// another piece fails or the run's own context is done.
//
// A piece must not panic: it reports a failure by returning an error. No
// strategy recovers a panic. Under Sequential it reaches the caller of Run
// (on whose goroutine the pieces run); under every other strategy the
// piece runs on a goroutine of its own, and its panic ends the program, as
// a panic in any goroutine does, whatever the caller of Run recovers. This
// is errgroup's choice (golang/go#53757): carrying a panic over to the
// caller would turn its stack into a mere value and delay it, or hide it
// in a deadlock if the panic left the run unable to finish.
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
// or a nil piece is an error. A piece that panics ends the program under
// every strategy but Sequential (see Piece).
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
// On error it returns nil and the error, as s.Run does; a nil s or f is
// an error.
func Map[T any](ctx context.Context, s Strategy, n int, f func(ctx context.Context, i int) (T, error)) ([]T, error) {
	if s == nil {
		return nil, errNilStrategy
	}
	if n < 0 {
		return nil, negative(n)
	}
	if f == nil {
		return nil, errNilPiece
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

// The errors of a call that could not run: a nil piece or strategy.
var (
	errNilPiece    = errors.New("fanout: nil piece: want a function to run for each i")
	errNilStrategy = errors.New("fanout: nil strategy")
)

// checkRun returns the error of a Run of n pieces that cannot start: a
// negative n or a nil piece.
func checkRun(n int, piece Piece) error {
	if n < 0 {
		return negative(n)
	}
	if piece == nil {
		return errNilPiece
	}
	return nil
}

func negative(n int) error {
	return fmt.Errorf("fanout: %d pieces: want a number ≥ 0", n)
}

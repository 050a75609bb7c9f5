package cpubound

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// SplitRange parallelises inside one check instead of across checks: it takes
// the exponents one at a time and splits the trial divisors of each 2^n − 1
// between Workers goroutines; the first factor found cancels the others. It
// is the one strategy that helps trial61, whose time is nearly all one
// number, and it supports only workloads checked with Trial.
//
// The first splitPrefix odd divisors are tried on the calling goroutine:
// most composite p have a small factor, found there without starting any
// goroutine. The rest are dealt out interleaved — worker j of k takes
// 3 + 2(prefix + j), then every 2k-th odd number — so every worker's share
// holds divisors of the same sizes, which on most CPUs divide at the same
// speed.
type SplitRange struct {
	// Workers is the number of goroutines per check; zero or less means
	// GOMAXPROCS.
	Workers int
}

var _ Strategy = SplitRange{}

// splitPrefix is the number of odd divisors SplitRange tries before it
// splits the rest (about 0.15 ms of work).
const splitPrefix = 1 << 16

// errFactorFound stops the other workers of a split check.
var errFactorFound = errors.New("factor found")

// Name returns "splitrange".
func (SplitRange) Name() string { return "splitrange" }

func (s SplitRange) params() []string { return []string{workersParam(s.Workers)} }

func (s SplitRange) with(key, value string) (Strategy, error) {
	n, err := onlyWorkers(s.Name(), key, value)
	s.Workers = n
	return s, err
}

func (SplitRange) supports(w Workload) error {
	if _, ok := w.Checker.(Trial); !ok {
		return fmt.Errorf("splitrange splits trial division; workload %s uses %s", w.Name, w.Checker.Name())
	}
	return nil
}

// Run checks w's exponents in order, each one split between the workers.
func (s SplitRange) Run(ctx context.Context, w Workload) ([]Result, error) {
	res, err := prepare(s, w)
	if err != nil {
		return nil, err
	}
	k := numWorkers(s.Workers)
	for i, n := range w.Exponents {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		prime, err := splitTrial(ctx, n, k)
		if err != nil {
			return nil, checkError(w.Checker, n, err)
		}
		res[i] = result(w, i, prime)
	}
	return res, nil
}

// splitTrial is Trial's check of 2^n − 1 with the divisors beyond the first
// splitPrefix split between k goroutines.
func splitTrial(ctx context.Context, n, k int) (bool, error) {
	p, err := mersenne64(n)
	if err != nil || p < 2 {
		return false, err
	}
	return splitPrime(ctx, p, k)
}

// splitPrime reports whether the odd number p ≥ 3 is prime, by trial
// division with the divisors beyond the first splitPrefix split between k
// goroutines.
func splitPrime(ctx context.Context, p uint64, k int) (bool, error) {
	last := isqrt(p)
	prefixLast := min(last, 1+2*splitPrefix) // the splitPrefix odd numbers from 3
	if f, err := smallestFactor(ctx, p, 3, 2, prefixLast); f != 0 || err != nil {
		return false, err
	}
	if prefixLast == last {
		return true, nil
	}
	g, gctx := errgroup.WithContext(ctx)
	step := 2 * uint64(k)
	for j := range uint64(k) {
		g.Go(func() error {
			f, err := smallestFactor(gctx, p, prefixLast+2+2*j, step, last)
			if f != 0 {
				return errFactorFound
			}
			return err
		})
	}
	switch err := g.Wait(); {
	case err == nil:
		return true, nil
	case errors.Is(err, errFactorFound):
		return false, nil
	default:
		return false, err
	}
}

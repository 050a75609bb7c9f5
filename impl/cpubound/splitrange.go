package cpubound

import (
	"context"
	"errors"
	"fmt"

	"github.com/concbench/concbench/impl/fanout"
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

var (
	_ Strategy                  = SplitRange{}
	_ fanout.Settable[Strategy] = SplitRange{}
)

// splitPrefix is the number of odd divisors SplitRange tries before it
// splits the rest (about 0.15 ms of work).
const splitPrefix = 1 << 16

// errFactorFound stops the other workers of a split check.
var errFactorFound = errors.New("factor found")

// Name returns "splitrange".
func (SplitRange) Name() string { return "splitrange" }

// Params returns the goroutines per check: workers=N.
func (s SplitRange) Params() []fanout.Param { return []fanout.Param{fanout.WorkersParam(s.Workers)} }

// With sets workers.
func (s SplitRange) With(key, value string) (Strategy, error) {
	n, err := fanout.OnlyWorkers(s.Name(), key, value)
	s.Workers = n
	return s, err
}

func (SplitRange) supports(c Checker) error {
	if _, ok := c.(Trial); !ok {
		return fmt.Errorf("splitrange splits trial division; not for %s", c.Name())
	}
	return nil
}

// Run checks w's exponents in order, each one split between the workers.
func (s SplitRange) Run(ctx context.Context, w Workload) ([]Result, error) {
	res, err := prepare(s, w)
	if err != nil {
		return nil, err
	}
	k := fanout.NumWorkers(s.Workers)
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
	step := 2 * uint64(k)
	err := fanout.Goroutines{}.Run(ctx, k, func(ctx context.Context, j int) error {
		f, err := smallestFactor(ctx, p, prefixLast+2+2*uint64(j), step, last)
		if f != 0 {
			return errFactorFound // stops the other workers
		}
		return err
	})
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, errFactorFound):
		return false, nil
	default:
		return false, err
	}
}

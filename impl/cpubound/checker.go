package cpubound

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
)

// A Checker decides whether the Mersenne number 2^n − 1 is prime.
type Checker interface {
	// Name is the checker's name in benchmark names and on the command
	// line, such as "trial".
	Name() string
	// IsMersennePrime reports whether 2^n − 1 is prime. For n of 0 and 1 it
	// reports false (0 and 1 are not prime); a negative n is an error. If ctx
	// is done before the answer is known, it returns ctx's error.
	IsMersennePrime(ctx context.Context, n int) (bool, error)
}

// Checkers lists every checker, once, with its default settings.
var Checkers = []Checker{Trial{}, TrialKP{}, LucasLehmer{}}

var (
	_ Checker = Trial{}
	_ Checker = TrialKP{}
	_ Checker = LucasLehmer{}
)

// CheckerNamed returns the checker of Checkers called name.
func CheckerNamed(name string) (Checker, error) {
	names := make([]string, len(Checkers))
	for i, c := range Checkers {
		if c.Name() == name {
			return c, nil
		}
		names[i] = c.Name()
	}
	return nil, fmt.Errorf("unknown checker %q (have %s)", name, strings.Join(names, ", "))
}

// ErrTooLarge is the error of a uint64 checker asked about n > 63.
var ErrTooLarge = errors.New("2^n-1 does not fit in 64 bits for n > 63; use lucaslehmer")

// errNegative is the error of every checker asked about n < 0.
var errNegative = errors.New("negative exponent")

// ctxEvery is how many trial divisions run between two looks at the
// context: about 0.15 ms of work, so a cancelled check stops promptly while
// the look costs nothing measurable.
const ctxEvery = 1 << 16

// mersenne64 returns 2^n − 1 for 0 ≤ n ≤ 63.
func mersenne64(n int) (uint64, error) {
	switch {
	case n < 0:
		return 0, errNegative
	case n > 63:
		return 0, ErrTooLarge
	}
	return 1<<uint(n) - 1, nil
}

// isqrt returns ⌊√x⌋.
func isqrt(x uint64) uint64 {
	r := uint64(math.Sqrt(float64(x)))
	for r > 0 && r > x/r { // r*r > x, without overflow
		r--
	}
	for r+1 <= x/(r+1) { // (r+1)² ≤ x
		r++
	}
	return r
}

// isPrimeInt reports whether the (small) exponent n is prime, by trial
// division: n is at most a few hundred thousand here.
func isPrimeInt(n int) bool {
	if n < 2 {
		return false
	}
	if n%2 == 0 {
		return n == 2
	}
	for d := 3; d*d <= n; d += 2 {
		if n%d == 0 {
			return false
		}
	}
	return true
}

// smallestFactor returns the smallest of first, first+step, first+2·step, …
// up to last that divides p, or 0 if none does. It looks at ctx every
// ctxEvery candidates. last must be below 2^63 − step.
func smallestFactor(ctx context.Context, p, first, step, last uint64) (uint64, error) {
	for d := first; d <= last; {
		end := last
		if (last-d)/step > ctxEvery {
			end = d + ctxEvery*step
		}
		for ; d <= end; d += step {
			if p%d == 0 {
				return d, nil
			}
		}
		if d <= last {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
	}
	return 0, nil
}

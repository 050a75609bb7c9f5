package cpubound

import (
	"context"
	"errors"
	"math"
	"math/bits"
	"slices"
	"strings"
	"testing"
)

// isKnown reports whether n is a Mersenne-prime exponent (n < KnownLimit).
func isKnown(n int) bool {
	_, ok := slices.BinarySearch(MersenneExponents, n)
	return ok
}

func TestLucasLehmerFindsExactlyTheKnownExponents(t *testing.T) {
	ctx := context.Background()
	for _, red := range []Reduction{ReduceShift, ReduceMod} {
		c := LucasLehmer{Reduce: red}
		var found []int
		for n := 0; n <= 1300; n++ {
			prime, err := c.IsMersennePrime(ctx, n)
			if err != nil {
				t.Fatalf("reduce=%s: n=%d: %v", red, n, err)
			}
			if prime {
				found = append(found, n)
			}
		}
		want := []int{2, 3, 5, 7, 13, 17, 19, 31, 61, 89, 107, 127, 521, 607, 1279}
		if !slices.Equal(found, want) {
			t.Errorf("reduce=%s: prime for n ≤ 1300 at %v, want %v", red, found, want)
		}
	}
}

func TestLucasLehmerLargerExponents(t *testing.T) {
	ctx := context.Background()
	cases := map[int]bool{
		2203: true, 2281: true, 3217: true,
		// Prime exponents next to them whose Mersenne numbers are composite.
		2207: false, 2213: false, 2221: false, 2237: false, 2267: false,
		2269: false, 2273: false, 2287: false, 3203: false, 3209: false,
		3221: false, 3229: false,
		2205: false, 3219: false, // composite exponents
	}
	if !testing.Short() {
		cases[4253], cases[4423], cases[4259], cases[4447] = true, true, false, false
	}
	for n, want := range cases {
		for _, red := range []Reduction{ReduceShift, ReduceMod} {
			got, err := LucasLehmer{Reduce: red}.IsMersennePrime(ctx, n)
			if err != nil || got != want {
				t.Errorf("lucaslehmer reduce=%s n=%d = %t, %v; want %t", red, n, got, err, want)
			}
		}
	}
}

func TestCheckersAgree(t *testing.T) {
	last := 61
	if testing.Short() {
		last = 60 // trial on 2^61-1 takes seconds
	}
	ctx := context.Background()
	checkers := []Checker{Trial{}, TrialKP{}, LucasLehmer{}, LucasLehmer{Reduce: ReduceMod}}
	for n := 0; n <= last; n++ {
		for _, c := range checkers {
			got, err := c.IsMersennePrime(ctx, n)
			if err != nil || got != isKnown(n) {
				t.Errorf("%s(%v) n=%d = %t, %v; want %t", c.Name(), c, n, got, err, isKnown(n))
			}
		}
	}
}

func TestUint64CheckersRefuseLargeExponents(t *testing.T) {
	for _, c := range []Checker{Trial{}, TrialKP{}} {
		for _, n := range []int{64, 89, 1000} {
			_, err := c.IsMersennePrime(context.Background(), n)
			if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "lucaslehmer") {
				t.Errorf("%s n=%d: error %v, want ErrTooLarge naming lucaslehmer", c.Name(), n, err)
			}
		}
		// Through a strategy, the error also names the checker and n.
		_, err := sequential.Run(context.Background(), Workload{Name: "big", Checker: c, Exponents: []int{5, 64}})
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), c.Name()+": 2^64-1") {
			t.Errorf("%s: Run error %v, want ErrTooLarge for 2^64-1", c.Name(), err)
		}
	}
}

func TestCheckersOnTinyAndNegativeExponents(t *testing.T) {
	for _, c := range Checkers {
		for n, want := range map[int]bool{0: false, 1: false, 2: true, 3: true, 4: false} {
			if got, err := c.IsMersennePrime(context.Background(), n); err != nil || got != want {
				t.Errorf("%s n=%d = %t, %v; want %t", c.Name(), n, got, err, want)
			}
		}
		if _, err := c.IsMersennePrime(context.Background(), -1); err == nil {
			t.Errorf("%s n=-1: no error", c.Name())
		}
	}
	if _, err := (LucasLehmer{Reduce: "fft"}).IsMersennePrime(context.Background(), 7); err == nil {
		t.Error("lucaslehmer reduce=fft: no error")
	}
}

func TestCheckerNamed(t *testing.T) {
	for _, c := range Checkers {
		if got, err := CheckerNamed(c.Name()); err != nil || got != c {
			t.Errorf("CheckerNamed(%q) = %v, %v", c.Name(), got, err)
		}
	}
	if _, err := CheckerNamed("aks"); err == nil || !strings.Contains(err.Error(), "trialkp") {
		t.Errorf("CheckerNamed(aks): %v, want an error listing the checkers", err)
	}
}

func TestIsqrt(t *testing.T) {
	for _, x := range []uint64{0, 1, 2, 3, 4, 8, 9, 10, 1<<32 - 1, 1 << 32, 1<<61 - 1, 1 << 62, 1<<63 - 1, math.MaxUint64} {
		r := isqrt(x)
		hi, lo := bits.Mul64(r, r)
		hi1, lo1 := bits.Mul64(r+1, r+1)
		if hi != 0 || lo > x || hi1 == 0 && lo1 <= x { // want r² ≤ x < (r+1)²
			t.Errorf("isqrt(%d) = %d", x, r)
		}
	}
	for r := uint64(1); r < 1<<20; r = r*3 + 1 {
		if got := isqrt(r * r); got != r {
			t.Errorf("isqrt(%d²) = %d", r, got)
		}
		if got := isqrt(r*r - 1); got != r-1 {
			t.Errorf("isqrt(%d²-1) = %d", r, got)
		}
	}
}

func TestSmallestFactor(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ p, first, step, last, want uint64 }{
		{15, 3, 2, 3, 3},
		{35, 3, 2, 5, 5},
		{35, 3, 2, 4, 0},       // 5 lies past last
		{49, 3, 2, 7, 7},       // a square
		{2047, 23, 22, 45, 23}, // 2^11-1 = 23·89, candidates 2k·11+1
		{1<<31 - 1, 3, 2, 46340, 0},
		{1<<59 - 1, 3, 2, 1 << 20, 179951}, // past several context looks
	} {
		got, err := smallestFactor(ctx, c.p, c.first, c.step, c.last)
		if err != nil || got != c.want {
			t.Errorf("smallestFactor(%d, %d, %d, %d) = %d, %v; want %d", c.p, c.first, c.step, c.last, got, err, c.want)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := smallestFactor(cancelled, 1<<61-1, 3, 2, 1<<30); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled smallestFactor: %v, want context.Canceled", err)
	}
}

// TestSplitPrime covers SplitRange's split path, which the short workloads
// never reach (their composites have factors inside the prefix).
func TestSplitPrime(t *testing.T) {
	ctx := context.Background()
	const big = 1_000_000_000_039 // prime, √ ≈ 10⁶: past the prefix
	cases := map[uint64]bool{
		big:               true,
		999_999_999_989:   true,
		131101 * 1000003:  false, // smallest factor: the first prime past the prefix
		131111 * 131113:   false,
		131149 * 1000033:  false,
		1000003 * 1000033: false, // factor near the end of the range
		1000003 * 1000003: false, // a square: the factor is ⌊√p⌋ itself
		1<<59 - 1:         false, // 179951 · 3203431780337
		3:                 true,
	}
	for p, want := range cases {
		for _, k := range []int{1, 2, 3, 4} {
			got, err := splitPrime(ctx, p, k)
			if err != nil || got != want {
				t.Errorf("splitPrime(%d, k=%d) = %t, %v; want %t", p, k, got, err, want)
			}
			if tr, _ := smallestFactor(ctx, p, 3, 2, isqrt(p)); (tr == 0) != want {
				t.Errorf("trial division disagrees on %d", p)
			}
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := splitPrime(cancelled, big, 2); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled splitPrime: %v, want context.Canceled", err)
	}
}

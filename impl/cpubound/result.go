package cpubound

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
)

// A Result is the answer for one exponent. It crosses process boundaries and
// is printed by the command line, hence the JSON tags.
type Result struct {
	// Exponent is n.
	Exponent int `json:"exponent"`
	// P is 2^n − 1 in decimal (0 for n = 0); see Shorten to display it.
	P string `json:"p"`
	// Prime reports whether P is prime.
	Prime bool `json:"prime"`
	// Letter is the letter whose count gave the exponent, in the seed
	// workload; empty otherwise.
	Letter string `json:"letter,omitempty"`
}

// String formats r on one line, like the seed's output, with P shortened:
// "s 2^5-1 = 31 prime".
func (r Result) String() string {
	verdict := "prime"
	if !r.Prime {
		verdict = "composite"
	}
	s := fmt.Sprintf("2^%d-1 = %s %s", r.Exponent, Shorten(r.P, 24), verdict)
	if r.Letter != "" {
		s = r.Letter + " " + s
	}
	return s
}

// MersenneDecimal returns 2^n − 1 in decimal, for n ≥ 0. It costs O(n²) for
// large n (about 0.1 ms at n = 10000).
func MersenneDecimal(n int) string {
	if n < 0 {
		panic("cpubound: MersenneDecimal of a negative exponent")
	}
	if n <= 63 {
		return strconv.FormatUint(1<<uint(n)-1, 10)
	}
	p := new(big.Int).Lsh(big.NewInt(1), uint(n))
	return p.Sub(p, big.NewInt(1)).String()
}

// Shorten returns decimal unchanged if it is at most width bytes long, and
// otherwise its first and last four digits and its length:
// "1797…2047 (617 digits)". A width below 22, the width of a shortened
// number of up to 9999 digits, is taken as 22.
func Shorten(decimal string, width int) string {
	if len(decimal) <= max(width, 22) {
		return decimal
	}
	return fmt.Sprintf("%s…%s (%d digits)", decimal[:4], decimal[len(decimal)-4:], len(decimal))
}

// MersenneExponents lists, in increasing order, every n below KnownLimit for
// which 2^n − 1 is prime. The list is complete below that limit: every
// smaller exponent has been tested and double-checked (by GIMPS).
var MersenneExponents = []int{
	2, 3, 5, 7, 13, 17, 19, 31, 61, 89, 107, 127, 521, 607, 1279, 2203, 2281,
	3217, 4253, 4423, 9689, 9941, 11213, 19937, 21701, 23209, 44497, 86243,
	110503, 132049, 216091, 756839, 859433,
}

// KnownLimit bounds the exponents MersenneExponents settles.
const KnownLimit = 1_000_000

// Verify checks results against w: one result per exponent, in w's order,
// each with the right exponent, p and letter, and, for exponents below
// KnownLimit, prime exactly when the exponent is in MersenneExponents. It is
// the correctness check that benchmarks run on a strategy's output.
func Verify(w Workload, results []Result) error {
	if len(results) != len(w.Exponents) {
		return fmt.Errorf("workload %s: %d results for %d exponents", w.Name, len(results), len(w.Exponents))
	}
	for i, r := range results {
		n := w.Exponents[i]
		switch {
		case r.Exponent != n:
			return fmt.Errorf("workload %s: result %d is for n=%d, want n=%d", w.Name, i, r.Exponent, n)
		case r.Letter != w.letter(i):
			return fmt.Errorf("workload %s: result %d (n=%d) has letter %q, want %q", w.Name, i, n, r.Letter, w.letter(i))
		case r.P != MersenneDecimal(n):
			return fmt.Errorf("workload %s: result %d (n=%d) has p=%s, want 2^%d-1", w.Name, i, n, Shorten(r.P, 30), n)
		}
		if n < KnownLimit {
			_, want := slices.BinarySearch(MersenneExponents, n)
			if r.Prime != want {
				return fmt.Errorf("workload %s: result %d: 2^%d-1 prime=%t, want %t", w.Name, i, n, r.Prime, want)
			}
		}
	}
	return nil
}

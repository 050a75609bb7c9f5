package cpubound

import (
	"fmt"
	"slices"
	"strconv"
)

// A Workload is a list of exponents to check, in order, and the checker to
// check them with.
type Workload struct {
	// Name names the workload in benchmark names ("workload=ll").
	Name string
	// Checker checks each exponent.
	Checker Checker
	// Exponents are the n to check, in the order of the results.
	Exponents []int
	// Letters is nil, or holds for each exponent the letter whose count it
	// is; results carry it.
	Letters []string
}

// The sizes of the built-in workloads, full and short (-short, for tests
// and quick benchmark runs).
const (
	// Trial61Max is the largest exponent of Trial61: 2^61 − 1 is prime, so
	// trial division runs to its square root (~1.5 s on one core here).
	Trial61Max = 61
	// Trial61ShortMax is Trial61Max under -short (milliseconds in all).
	Trial61ShortMax = 40
	// LLBound is the largest exponent of LL, chosen so that the sequential
	// strategy takes about 1.4 s on the 2-core reference machine.
	LLBound = 4500
	// LLShortBound is LLBound under -short (milliseconds in all).
	LLShortBound = 700
)

// Trial61 returns the trial61 workload: n = 2..61 with Trial (2..40 if
// short). 2^61 − 1 alone is nearly all the work, so splitting the list of
// exponents between workers cannot help: the load-imbalance case.
func Trial61(short bool) Workload {
	last := Trial61Max
	if short {
		last = Trial61ShortMax
	}
	w := Workload{Name: "trial61", Checker: Trial{}}
	for n := 2; n <= last; n++ {
		w.Exponents = append(w.Exponents, n)
	}
	return w
}

// LL returns the ll workload: every prime n ≤ LLBound (LLShortBound if
// short), in increasing order, with LucasLehmer. The cost of an exponent
// grows like n², so the last ones dominate.
func LL(short bool) Workload {
	if short {
		return LLUpTo(LLShortBound)
	}
	return LLUpTo(LLBound)
}

// LLUpTo returns the ll workload with another bound: every prime n ≤ bound.
func LLUpTo(bound int) Workload {
	w := Workload{Name: "ll", Checker: LucasLehmer{}}
	for n := 2; n <= bound; n++ {
		if isPrimeInt(n) {
			w.Exponents = append(w.Exponents, n)
		}
	}
	return w
}

// SeedChecker is the checker of the seed workload: its exponents are
// letter counts, unbounded, so lucaslehmer.
var SeedChecker Checker = LucasLehmer{}

// Seed returns the seed workload: the letter counts of the IO task's result
// as exponents, ordered by letter, checked with SeedChecker. A count below
// zero is an error.
func Seed(counts map[string]int) (Workload, error) {
	w := Workload{Name: "seed", Checker: SeedChecker}
	w.Letters = make([]string, 0, len(counts))
	for l := range counts {
		w.Letters = append(w.Letters, l)
	}
	slices.Sort(w.Letters)
	w.Exponents = make([]int, len(w.Letters))
	for i, l := range w.Letters {
		if counts[l] < 0 {
			return Workload{}, fmt.Errorf("seed workload: letter %q has count %d", l, counts[l])
		}
		w.Exponents[i] = counts[l]
	}
	return w, nil
}

// Workloads returns the built-in workloads that need no input: trial61 and
// ll. The seed workload needs the IO task's letter counts: see Seed.
func Workloads(short bool) []Workload {
	return []Workload{Trial61(short), LL(short)}
}

// Describe returns w's exponents in short: "2..61 (60 exponents)",
// "2, 3, 5, …, 4999 (669 exponents)".
func (w Workload) Describe() string {
	e := w.Exponents
	count := " (" + strconv.Itoa(len(e)) + " exponents)"
	switch {
	case len(e) == 0:
		return "none"
	case len(e) == 1:
		return strconv.Itoa(e[0])
	case e[len(e)-1]-e[0] == len(e)-1 && slices.IsSorted(e):
		return strconv.Itoa(e[0]) + ".." + strconv.Itoa(e[len(e)-1]) + count
	case len(e) <= 4:
		return fmt.Sprint(e)
	}
	return fmt.Sprintf("%d, %d, %d, …, %d%s", e[0], e[1], e[2], e[len(e)-1], count)
}

// letter returns the letter of exponent i, or "".
func (w Workload) letter(i int) string {
	if w.Letters == nil {
		return ""
	}
	return w.Letters[i]
}

// validate reports a workload no strategy can run.
func (w Workload) validate() error {
	switch {
	case w.Checker == nil:
		return fmt.Errorf("workload %q: no checker", w.Name)
	case w.Letters != nil && len(w.Letters) != len(w.Exponents):
		return fmt.Errorf("workload %q: %d letters for %d exponents", w.Name, len(w.Letters), len(w.Exponents))
	}
	for _, n := range w.Exponents {
		if n < 0 {
			return fmt.Errorf("workload %q: negative exponent %d", w.Name, n)
		}
	}
	return nil
}

package cpubound

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
)

// A Strategy runs a workload: it checks every exponent and returns one Result
// per exponent, in the workload's order. Results are identical whatever the
// strategy. On error, or when ctx is done, it returns a nil slice and the
// first error (ctx's error, wrapped, after a cancel), having stopped all its
// work.
type Strategy interface {
	// Name is the strategy's name, the value of the strategy key in
	// benchmark names: "pool". Settings such as the number of workers are
	// not part of it; see Label.
	Name() string
	// Run checks every exponent of w with w.Checker.
	Run(ctx context.Context, w Workload) ([]Result, error)
}

// Strategies lists every strategy once, with default settings (workers: the
// number of CPUs Go uses, runtime.GOMAXPROCS(0), which is NumCPU unless
// limited). Benchmarks, the command line and the report walk it; a new
// strategy is one new entry here.
var Strategies = []Strategy{
	Sequential{},
	Goroutines{},
	Pool{},
	Pool{Order: Descending},
	Static{},
	SplitRange{},
	Processes{},
}

// parameterized is implemented by strategies with settings.
type parameterized interface {
	// params returns the settings as benchfmt key=value pairs, in name
	// order, defaults resolved: "workers=2", "order=desc".
	params() []string
	// with returns the strategy with the setting key set to value.
	with(key, value string) (Strategy, error)
}

// restricted is implemented by strategies that cannot run every workload.
type restricted interface {
	// supports returns nil if the strategy can run w, or why not.
	supports(w Workload) error
}

// Label returns s's name and settings as a benchfmt name:
// "strategy=pool/workers=2/order=desc".
func Label(s Strategy) string {
	parts := []string{"strategy=" + s.Name()}
	if p, ok := s.(parameterized); ok {
		parts = append(parts, p.params()...)
	}
	return strings.Join(parts, "/")
}

// Supports returns nil if s can run w, or an error saying why not (such as
// splitrange on a lucaslehmer workload). Benchmarks and the command line
// skip the pairs it refuses.
func Supports(s Strategy, w Workload) error {
	if r, ok := s.(restricted); ok {
		return r.supports(w)
	}
	return nil
}

// WithWorkers returns s with n workers (n ≤ 0: the default), and false if s
// takes no number of workers.
func WithWorkers(s Strategy, n int) (Strategy, bool) {
	p, ok := s.(parameterized)
	if !ok {
		return s, false
	}
	s2, err := p.with("workers", strconv.Itoa(max(n, 0)))
	return s2, err == nil
}

// ParseStrategy returns the strategy a label names: a name of Strategies,
// optionally prefixed by "strategy=", followed by /key=value settings, as in
// "pool", "pool/workers=4/order=desc" or the output of Label.
func ParseStrategy(label string) (Strategy, error) {
	parts := strings.Split(label, "/")
	name := strings.TrimPrefix(parts[0], "strategy=")
	var s Strategy
	names := make([]string, 0, len(Strategies))
	for _, c := range Strategies {
		if c.Name() == name {
			s = c
			break
		}
		if len(names) == 0 || names[len(names)-1] != c.Name() {
			names = append(names, c.Name())
		}
	}
	if s == nil {
		return nil, fmt.Errorf("unknown strategy %q (have %s)", name, strings.Join(names, ", "))
	}
	for _, kv := range parts[1:] {
		k, v, ok := strings.Cut(kv, "=")
		p, settable := s.(parameterized)
		if !ok || !settable {
			return nil, fmt.Errorf("strategy %q: bad setting %q", label, kv)
		}
		var err error
		if s, err = p.with(k, v); err != nil {
			return nil, fmt.Errorf("strategy %q: %w", label, err)
		}
	}
	return s, nil
}

// numWorkers resolves a Workers setting: n if positive, else GOMAXPROCS.
func numWorkers(n int) int {
	if n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// parseWorkers parses the value of a workers setting; 0 means the default.
// workersParam is the workers setting of a strategy's label: "workers=2"
// (zero or less: the default, GOMAXPROCS).
func workersParam(n int) string { return "workers=" + strconv.Itoa(numWorkers(n)) }

// onlyWorkers parses a setting of a strategy, named name, whose one setting
// is workers.
func onlyWorkers(name, key, value string) (int, error) {
	if key != "workers" {
		return 0, fmt.Errorf("%s has no setting %q (want workers)", name, key)
	}
	return parseWorkers(value)
}

func parseWorkers(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("workers=%s: want a number ≥ 0", v)
	}
	return n, nil
}

// prepare checks that s can run w and returns the slice of results to fill.
func prepare(s Strategy, w Workload) ([]Result, error) {
	if err := w.validate(); err != nil {
		return nil, err
	}
	if err := Supports(s, w); err != nil {
		return nil, err
	}
	return make([]Result, len(w.Exponents)), nil
}

// check checks exponent i of w; if ctx is already done, it starts nothing
// and returns ctx's error.
func check(ctx context.Context, w Workload, i int) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	n := w.Exponents[i]
	prime, err := w.Checker.IsMersennePrime(ctx, n)
	if err != nil {
		return Result{}, checkError(w.Checker, n, err)
	}
	return result(w, i, prime), nil
}

// checkError says which check failed.
func checkError(c Checker, n int, err error) error {
	return fmt.Errorf("%s: 2^%d-1: %w", c.Name(), n, err)
}

// result builds the result of exponent i of w.
func result(w Workload, i int, prime bool) Result {
	n := w.Exponents[i]
	return Result{Exponent: n, P: MersenneDecimal(n), Prime: prime, Letter: w.letter(i)}
}

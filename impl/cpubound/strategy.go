package cpubound

import (
	"context"
	"errors"
	"fmt"

	"github.com/concbench/concbench/impl/fanout"
)

// A Strategy runs a workload: it checks every exponent and returns one Result
// per exponent, in the workload's order. Results are identical whatever the
// strategy. On error, or when ctx is done, it returns a nil slice and the
// first error (ctx's error, wrapped, after a cancel), having stopped all its
// work.
//
// A strategy with settings (workers, order) implements
// fanout.Settable[Strategy]; fanout.Label names it, fanout.WithWorkers
// sets its workers.
type Strategy interface {
	// Name is the strategy's name, the value of the strategy key in
	// benchmark names: "pool". Settings such as the number of workers are
	// not part of it; see fanout.Label.
	Name() string
	// Run checks every exponent of w with w.Checker.
	Run(ctx context.Context, w Workload) ([]Result, error)
}

// Strategies lists every strategy once, with default settings (workers: the
// number of CPUs Go uses, runtime.GOMAXPROCS(0), which is NumCPU unless
// limited). Benchmarks, the command line and the report walk it; a new
// strategy is one new entry here. Sequential and goroutines are the
// strategies of any job, from package fanout, with each exponent one piece
// (Each); the rest belong to the task. Strategies.Lookup parses a label
// ("pool/workers=4/order=desc"), fanout.Label writes one and
// fanout.WithWorkers sets a worker count, as for the IO task's strategies.
var Strategies = fanout.Registry[Strategy]{
	Each{fanout.Sequential{}},
	Each{fanout.Goroutines{}},
	Pool{},
	Pool{Order: Descending},
	Static{},
	SplitRange{},
	Processes{},
}

// restricted is implemented by strategies that cannot use every checker.
type restricted interface {
	// supports returns nil if the strategy can run a workload checked by
	// c, or why not.
	supports(c Checker) error
}

// Supports returns nil if s can run a workload checked by c, or an error
// saying why not (such as splitrange with lucaslehmer): the command line
// validates a strategy with it before running anything, and benchmarks
// skip the pairs it refuses.
func Supports(s Strategy, c Checker) error {
	if c == nil {
		return errors.New("no checker")
	}
	if r, ok := s.(restricted); ok {
		return r.supports(c)
	}
	return nil
}

// prepare checks that s can run w and returns the slice of results to fill.
func prepare(s Strategy, w Workload) ([]Result, error) {
	if err := w.validate(); err != nil {
		return nil, err
	}
	if err := Supports(s, w.Checker); err != nil {
		return nil, fmt.Errorf("workload %s: %w", w.Name, err)
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

package cpubound

import (
	"context"

	"github.com/concbench/concbench/impl/fanout"
)

// Static splits the exponents into Workers contiguous chunks of (nearly)
// equal length up front, one goroutine per chunk (fanout.Goroutines over
// the chunks). Equal counts are not equal
// work: on ll the last chunk holds the largest exponents, on trial61 the one
// holding 61 holds nearly all the work. It shows the load imbalance that
// Pool's dynamic hand-out avoids. The first error cancels the rest.
type Static struct {
	// Workers is the number of chunks; zero or less means GOMAXPROCS.
	Workers int
}

var (
	_ Strategy                  = Static{}
	_ fanout.Settable[Strategy] = Static{}
)

// Name returns "static".
func (Static) Name() string { return "static" }

// Params returns the number of chunks: workers=N.
func (s Static) Params() []fanout.Param { return []fanout.Param{fanout.WorkersParam(s.Workers)} }

// With sets workers.
func (s Static) With(key, value string) (Strategy, error) {
	n, err := fanout.OnlyWorkers(s.Name(), key, value)
	s.Workers = n
	return s, err
}

// Run checks w's exponents in contiguous chunks, one goroutine per chunk.
func (s Static) Run(ctx context.Context, w Workload) ([]Result, error) {
	res, err := prepare(s, w)
	if err != nil {
		return nil, err
	}
	cs := chunks(len(w.Exponents), fanout.NumWorkers(s.Workers))
	err = fanout.Goroutines{}.Run(ctx, len(cs), func(ctx context.Context, j int) error {
		for i := cs[j][0]; i < cs[j][1]; i++ {
			var err error
			if res[i], err = check(ctx, w, i); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// chunks splits [0, n) into k contiguous half-open ranges whose lengths
// differ by at most one, leaving out empty ones.
func chunks(n, k int) [][2]int {
	var cs [][2]int
	for j := range k {
		lo, hi := n*j/k, n*(j+1)/k
		if lo < hi {
			cs = append(cs, [2]int{lo, hi})
		}
	}
	return cs
}

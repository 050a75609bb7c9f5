package cpubound

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Static splits the exponents into Workers contiguous chunks of (nearly)
// equal length up front, one goroutine per chunk. Equal counts are not equal
// work: on ll the last chunk holds the largest exponents, on trial61 the one
// holding 61 holds nearly all the work. It shows the load imbalance that
// Pool's dynamic hand-out avoids. The first error cancels the rest.
type Static struct {
	// Workers is the number of chunks; zero or less means GOMAXPROCS.
	Workers int
}

var _ Strategy = Static{}

// Name returns "static".
func (Static) Name() string { return "static" }

func (s Static) params() []string { return []string{workersParam(s.Workers)} }

func (s Static) with(key, value string) (Strategy, error) {
	n, err := onlyWorkers(s.Name(), key, value)
	s.Workers = n
	return s, err
}

// Run checks w's exponents in contiguous chunks, one goroutine per chunk.
func (s Static) Run(ctx context.Context, w Workload) ([]Result, error) {
	res, err := prepare(s, w)
	if err != nil {
		return nil, err
	}
	g, ctx := errgroup.WithContext(ctx)
	for _, c := range chunks(len(w.Exponents), numWorkers(s.Workers)) {
		g.Go(func() error {
			for i := c[0]; i < c[1]; i++ {
				var err error
				if res[i], err = check(ctx, w, i); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
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

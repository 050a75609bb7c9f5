package cpubound

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"golang.org/x/sync/errgroup"
)

// An Order is the order in which Pool hands out exponents.
type Order string

// The orders. Results come back in the workload's order either way.
const (
	// InputOrder hands out exponents in the workload's order.
	InputOrder Order = ""
	// Descending hands out the largest exponent first, so that the longest
	// checks start early and the short ones fill the gaps at the end.
	Descending Order = "desc"
)

// Pool runs Workers goroutines that each take the next exponent from a
// channel until none is left (the seed's ThreadPoolExecutor): dynamic load
// balancing, so a worker stuck on a long check does not hold up the others'
// exponents. The first error cancels the rest.
type Pool struct {
	// Workers is the number of workers; zero or less means GOMAXPROCS.
	Workers int
	// Order is the order in which exponents are handed out. Descending is
	// meant for lucaslehmer workloads, where the cost grows smoothly with n;
	// the Descending pool supports only those.
	Order Order
}

var _ Strategy = Pool{}

// Name returns "pool".
func (Pool) Name() string { return "pool" }

func (p Pool) params() []string {
	ps := []string{workersParam(p.Workers)}
	if p.Order != InputOrder {
		ps = append(ps, "order="+string(p.Order))
	}
	return ps
}

func (p Pool) with(key, value string) (Strategy, error) {
	switch key {
	case "workers":
		n, err := parseWorkers(value)
		p.Workers = n
		return p, err
	case "order":
		switch o := Order(value); o {
		case InputOrder, Descending:
			p.Order = o
			return p, nil
		case "input":
			p.Order = InputOrder
			return p, nil
		}
		return p, fmt.Errorf("order=%s: want desc or input", value)
	}
	return p, fmt.Errorf("pool has no setting %q (want workers, order)", key)
}

func (p Pool) supports(w Workload) error {
	switch p.Order {
	case InputOrder:
		return nil
	case Descending:
		if _, ok := w.Checker.(LucasLehmer); !ok {
			return fmt.Errorf("pool/order=desc is for lucaslehmer workloads; workload %s uses %s", w.Name, w.Checker.Name())
		}
		return nil
	}
	return fmt.Errorf("pool: unknown order %q", p.Order)
}

// Run checks the exponents of w on a pool of workers.
func (p Pool) Run(ctx context.Context, w Workload) ([]Result, error) {
	res, err := prepare(p, w)
	if err != nil {
		return nil, err
	}
	jobs := make(chan int, len(w.Exponents)) // filled up front: no feeder goroutine
	for _, i := range p.order(w) {
		jobs <- i
	}
	close(jobs)
	g, ctx := errgroup.WithContext(ctx)
	for range min(numWorkers(p.Workers), len(w.Exponents)) {
		g.Go(func() error {
			for i := range jobs {
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

// order returns the indices of w's exponents in the order to hand them out.
func (p Pool) order(w Workload) []int {
	idx := make([]int, len(w.Exponents))
	for i := range idx {
		idx[i] = i
	}
	if p.Order == Descending {
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(w.Exponents[b], w.Exponents[a]) })
	}
	return idx
}

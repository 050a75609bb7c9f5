package cpubound

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/impl/fanout"
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
// channel until none is left (the seed's ThreadPoolExecutor, fanout.Pool):
// dynamic load balancing, so a worker stuck on a long check does not hold
// up the others' exponents. The first error cancels the rest. Unlike
// fanout.Pool it can hand the exponents out largest first (Order), which
// only the task knows how to rank.
type Pool struct {
	// Workers is the number of workers; zero or less means GOMAXPROCS.
	Workers int
	// Order is the order in which exponents are handed out. Descending is
	// meant for lucaslehmer workloads, where the cost grows smoothly with n;
	// the Descending pool supports only those.
	Order Order
}

var (
	_ Strategy                  = Pool{}
	_ fanout.Settable[Strategy] = Pool{}
)

// Name returns "pool".
func (Pool) Name() string { return "pool" }

// Params returns workers=N, then order=desc if the order is descending.
func (p Pool) Params() []fanout.Param {
	ps := []fanout.Param{fanout.WorkersParam(p.Workers)}
	if p.Order != InputOrder {
		ps = append(ps, fanout.Param{Key: contract.Order, Value: string(p.Order)})
	}
	return ps
}

// With sets workers or order (desc, or input).
func (p Pool) With(key, value string) (Strategy, error) {
	switch key {
	case contract.Workers:
		n, err := fanout.ParseWorkers(value)
		p.Workers = n
		return p, err
	case contract.Order:
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

func (p Pool) supports(c Checker) error {
	switch p.Order {
	case InputOrder:
		return nil
	case Descending:
		if _, ok := c.(LucasLehmer); !ok {
			return fmt.Errorf("pool/order=desc is for lucaslehmer, whose cost grows with n; not for %s", c.Name())
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
	order := p.order(w)
	err = fanout.Pool{Workers: p.Workers}.Run(ctx, len(order), func(ctx context.Context, k int) error {
		i := order[k]
		var err error
		res[i], err = check(ctx, w, i)
		return err
	})
	if err != nil {
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

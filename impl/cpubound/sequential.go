package cpubound

import "context"

// Sequential checks one exponent after the other on the calling goroutine:
// the seed's starting code, and the baseline of every speedup.
type Sequential struct{}

var _ Strategy = Sequential{}

// Name returns "sequential".
func (Sequential) Name() string { return "sequential" }

// Run checks the exponents of w in order.
func (s Sequential) Run(ctx context.Context, w Workload) ([]Result, error) {
	res, err := prepare(s, w)
	if err != nil {
		return nil, err
	}
	for i := range w.Exponents {
		if res[i], err = check(ctx, w, i); err != nil {
			return nil, err
		}
	}
	return res, nil
}

package cpubound

import (
	"context"

	"github.com/concbench/concbench/impl/fanout"
)

// Each runs a workload with a strategy of package fanout: every exponent
// is one piece, and the results come back in the workload's order
// (fanout.Map). Sequential is Each{fanout.Sequential{}}. Its name and
// settings are its fanout strategy's.
type Each struct {
	Fanout fanout.Strategy
}

var (
	_ Strategy                  = Each{}
	_ fanout.Settable[Strategy] = Each{}
)

// Name returns the fanout strategy's name.
func (e Each) Name() string { return e.Fanout.Name() }

// Params returns the fanout strategy's settings.
func (e Each) Params() []fanout.Param { return fanout.ParamsOf(e.Fanout) }

// With returns e with a setting of its fanout strategy changed.
func (e Each) With(key, value string) (Strategy, error) {
	s, err := fanout.WithSetting(e.Fanout, key, value)
	return Each{s}, err
}

// Run checks every exponent of w, each one a piece of the fanout strategy.
func (e Each) Run(ctx context.Context, w Workload) ([]Result, error) {
	if _, err := prepare(e, w); err != nil {
		return nil, err
	}
	return fanout.Map(ctx, e.Fanout, len(w.Exponents), func(ctx context.Context, i int) (Result, error) {
		return check(ctx, w, i)
	})
}

package iobound

import (
	"context"

	"github.com/concbench/concbench/impl/fanout"
)

// Each runs the task with a strategy of package fanout: every slot is one
// piece, fetched then delivered. Sequential is Each{fanout.Sequential{}},
// a pool of 32 workers Each{fanout.Pool{Workers: 32}}. Its name and
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

// Run fetches and delivers every slot, each slot one piece of the fanout
// strategy.
func (e Each) Run(ctx context.Context, j *Job) error {
	slots := j.Slots()
	return e.Fanout.Run(ctx, len(slots), func(ctx context.Context, i int) error {
		strs, err := j.Fetch(ctx, slots[i])
		if err != nil {
			return err
		}
		return j.Deliver(slots[i], strs)
	})
}

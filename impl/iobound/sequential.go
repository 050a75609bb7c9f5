package iobound

import "context"

// Sequential fetches one slot at a time, in order: the seed's starting code.
type Sequential struct{}

var _ Strategy = Sequential{}

// Name returns "sequential".
func (Sequential) Name() string { return "sequential" }

// Run fetches and delivers each slot in turn.
func (Sequential) Run(ctx context.Context, j *Job) error {
	for _, s := range j.Slots() {
		strs, err := j.Fetch(ctx, s)
		if err != nil {
			return err
		}
		if err := j.Deliver(s, strs); err != nil {
			return err
		}
	}
	return nil
}

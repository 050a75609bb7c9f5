package iobound

import (
	"context"
	"errors"
	"fmt"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/impl/fanout"
)

// Adaptive runs the task with fanout.Adaptive, which needs no limit from
// the user: every request at once until the API throttles, then the rate
// the API accepts, found by AIMD. Its client returns a 429 at once as
// Adaptive's throttle signal, with the answer's Retry-After, instead of
// retrying it (Client.ThrottleSignal); Adaptive decides when to ask again
// (a Retry-After of a second or less cuts its rate, a longer one pauses
// every request). Other faults are retried by the retry policy, as in every
// strategy. A slot throttled more than the policy's MaxThrottled times
// fails, as it would with the policy's own retries; each request sent again
// after a throttle counts as a retry.
type Adaptive struct{}

var _ Strategy = Adaptive{}

// Name returns "adaptive".
func (Adaptive) Name() string { return contract.StrategyAdaptive }

// Run fetches every slot under fanout.Adaptive.
func (Adaptive) Run(ctx context.Context, j *Job) error {
	c := j.Client().WithThrottleSignal()
	slots := j.Slots()
	// throttled[i] is how often slot i was turned away. A slot's calls
	// never overlap: Adaptive calls a piece again only after it returned.
	throttled := make([]int, len(slots))
	return fanout.Adaptive{}.Run(ctx, len(slots), func(ctx context.Context, i int) error {
		if throttled[i] > 0 {
			c.Stats.Retries.Add(1)
		}
		strs, err := j.FetchWith(ctx, c, slots[i])
		if _, ok := fanout.ThrottleOf(err); ok {
			throttled[i]++
			if throttled[i] > c.Policy.MaxThrottled {
				var se *StatusError
				errors.As(err, &se)
				return &FetchError{Slot: slots[i], Attempts: throttled[i], Err: fmt.Errorf("throttled %d times: %w", throttled[i], se)}
			}
			return err
		}
		if err != nil {
			return err
		}
		return j.Deliver(slots[i], strs)
	})
}

package iobound

import (
	"context"
	"math"

	"golang.org/x/time/rate"

	"github.com/concbench/concbench/impl/fanout"
)

// RateLimit is a pool (fanout.Pool) with every attempt paced by a
// golang.org/x/time/rate token bucket matched to the API's limit (the
// target's Rate and Burst, unless Rate is set here), so that it is never
// throttled. With no known limit it is the pool. Unlike fanout.RateLimit,
// which paces the start of each piece, it paces every attempt, retries
// included: a retry spends a token too.
//
// The bucket keeps half the burst in hand (rounded down; none for a burst of
// one). The API's bucket starts refilling when the first request arrives,
// a little after the client's, and a request can be delayed between the
// client's bucket and the API's (a new connection, the scheduler, a GC): a
// request that arrives early is turned away with a Retry-After of a whole
// second. The spare tokens absorb burst/2 ÷ rate of such delay (100 ms at
// 50 req/s with a burst of 10) and cost the same, once, at the start.
type RateLimit struct {
	Workers int     // the pool's workers; zero or less means GOMAXPROCS
	Rate    float64 // requests per second; 0 takes the target's
	Burst   int     // 0 takes the target's
}

var (
	_ Strategy                  = RateLimit{}
	_ fanout.Settable[Strategy] = RateLimit{}
)

// Name returns "ratelimit".
func (RateLimit) Name() string { return "ratelimit" }

// Params returns the worker count: workers=N.
func (r RateLimit) Params() []fanout.Param { return []fanout.Param{fanout.WorkersParam(r.Workers)} }

// With sets workers.
func (r RateLimit) With(key, value string) (Strategy, error) {
	n, err := fanout.OnlyWorkers(r.Name(), key, value)
	r.Workers = n
	return r, err
}

// Limiter returns the token bucket the strategy uses against t, or nil when no
// limit is known.
func (r RateLimit) Limiter(t *Target) *rate.Limiter {
	lim, burst := r.Rate, r.Burst
	if lim == 0 {
		lim, burst = t.Rate, t.Burst
	}
	if lim <= 0 || math.IsInf(lim, 1) {
		return nil
	}
	return rate.NewLimiter(rate.Limit(lim), max(burst-burst/2, 1))
}

// Run fetches every slot with a paced pool.
func (r RateLimit) Run(ctx context.Context, j *Job) error {
	c := j.Client().WithLimiter(r.Limiter(j.Target()))
	slots := j.Slots()
	return fanout.Pool{Workers: r.Workers}.Run(ctx, len(slots), func(ctx context.Context, i int) error {
		strs, err := j.FetchWith(ctx, c, slots[i])
		if err != nil {
			return err
		}
		return j.Deliver(slots[i], strs)
	})
}

package fanout

import (
	"context"
	"fmt"
	"math"

	"golang.org/x/time/rate"
)

// RateLimit is Pool with the start of every piece paced by a
// golang.org/x/time/rate token bucket of Rate pieces per second and a
// burst of Burst: for a job that calls a rate-limited service, it never
// asks faster than the limit. Without a Rate it is Pool.
type RateLimit struct {
	// Workers is the number of workers; zero or less means GOMAXPROCS.
	Workers int
	// Rate is the most pieces started per second; zero or less (or +Inf)
	// means no limit.
	Rate float64
	// Burst is the number of pieces that may start at once, the bucket's
	// size; less than one means one.
	Burst int
}

var (
	_ Strategy           = RateLimit{}
	_ Settable[Strategy] = RateLimit{}
)

// Name returns "ratelimit".
func (RateLimit) Name() string { return "ratelimit" }

// Params returns the worker count: workers=N. The rate is the job's, not
// a setting of the label.
func (r RateLimit) Params() []Param { return []Param{WorkersParam(r.Workers)} }

// With sets workers.
func (r RateLimit) With(key, value string) (Strategy, error) {
	n, err := OnlyWorkers(r.Name(), key, value)
	r.Workers = n
	return r, err
}

// Limited reports whether r has a rate to keep to.
func (r RateLimit) Limited() bool { return r.Rate > 0 && !math.IsInf(r.Rate, 1) }

// Run runs the pieces on a paced pool; a fresh bucket, full, for each run.
func (r RateLimit) Run(ctx context.Context, n int, piece Piece) error {
	if err := checkRun(n, piece); err != nil {
		return err
	}
	if !r.Limited() {
		return runPool(ctx, NumWorkers(r.Workers), n, piece)
	}
	lim := rate.NewLimiter(rate.Limit(r.Rate), max(r.Burst, 1))
	return runPool(ctx, NumWorkers(r.Workers), n, func(ctx context.Context, i int) error {
		if err := lim.Wait(ctx); err != nil {
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
			// The wait would outlast ctx's deadline.
			return fmt.Errorf("ratelimit: piece %d: %w", i, err)
		}
		return piece(ctx, i)
	})
}

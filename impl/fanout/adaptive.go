package fanout

import (
	"context"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/concbench/concbench/contract"
)

// Adaptive runs the pieces with no limit from the user: it finds the rate
// the service allows by AIMD (additive increase, multiplicative decrease),
// as TCP finds a path's capacity and Netflix's concurrency-limits
// (AIMDLimit) a server's. It needs a throttle signal from the pieces: an
// error that wraps ErrThrottled (see Throttle), such as an HTTP 429. A
// throttled piece is not a failure: Adaptive runs it again later, so it
// may call a piece more than once, but only after the call before it
// returned the signal.
//
// It starts every piece at once, as Goroutines does, so a job whose
// service never throttles runs as fast as Goroutines. What a piece
// returned goes to the calling goroutine, which takes it before it starts
// the next piece, and the piece's goroutine then exits. When 1024 of its
// goroutines wait for a CPU (to begin their piece, or to exit), it yields
// until they have run. So it holds the goroutines of the pieces in flight,
// and about a thousand more at most: a job of a million pieces that return
// at once holds a thousand or two, not a million. The first throttle
// signal sets a rate, and from then on the starts of pieces are paced by a
// golang.org/x/time/rate token bucket of that rate, with no burst: the
// throttled pieces first, the last one turned away first (which piece gets
// a start does not change when the starts succeed, and a piece the service
// keeps turning away reaches its own limit soon, not after every other
// piece has been turned away as often), then those not yet started. The
// rate follows TCP's rules, in pieces per second:
//
//   - The first throttle sets it to 0.8 × the rate at which pieces
//     succeeded until then (at least one piece over the time since the
//     start): all that is known of the service's capacity.
//   - Then, as in TCP's slow start, each success raises it by one piece
//     per round trip (1 ÷ the piece's own latency), which doubles it every
//     round trip, until a throttle comes after the service has accepted
//     a paced piece (one started since the latest cut succeeded). A cut
//     before that leaves slow start on: the rate is still a guess (when
//     the first signal comes before any piece succeeded, one piece over
//     the time since the start), and additive increase from a guess under
//     half the service's rate took twice the job's floor to find it.
//   - Every throttle after that cuts it to 0.8 × itself (multiplicative
//     decrease), and each success raises it by (the rate the last cut set)
//     ÷ (the rate): at rate R, the R successes of a second raise it by the
//     cut rate, a fixed step per second (additive increase).
//   - Signals from pieces started before the last cut answer the rate
//     before it and cut nothing more, and their successes raise nothing:
//     one cut per round trip, as TCP cuts once per window of losses.
//   - A cut never leaves less than one piece a second, nor, until the
//     service has accepted a paced piece, less than an eighth of the rate
//     the first throttle set: a service that turns everything away has no
//     rate to find, and a slower pace would only put off the moment the
//     pieces give up (a piece ends the job by returning an error that is
//     not a throttle signal, as the IO task's requests do after
//     MaxThrottled throttles).
//
// A token bucket spends no token on a request it turns away: what Adaptive
// loses by asking too fast is a round trip of the pieces turned away, while
// asking too slowly wastes the service's capacity for good. So the rate
// errs high: it starts unbounded, and slow start finds the capacity from
// below within a few round trips.
//
// # Retry-After
//
// A signal may carry the service's Retry-After (Throttle). One longer than
// a second pauses the job: no piece starts until it has passed since the
// signal. One of a second or less is taken as what it says about the rate,
// which the cut answers, and not as a wait for the piece: HTTP's
// Retry-After counts whole seconds, so a token bucket that is empty for
// 20 ms answers 1 (package apisim does), and a piece that waited that
// second out would add a second to the job whenever it is among the last
// pieces, and to every piece of the first round, which is all of them.
//
// The first error that is not a throttle signal cancels the rest, as in
// every strategy.
type Adaptive struct{}

var _ Strategy = Adaptive{}

// Name returns "adaptive".
func (Adaptive) Name() string { return contract.StrategyAdaptive }

// The constants of Adaptive's AIMD.
const (
	aimdBackoff = 0.8              // the multiplicative cut
	aimdWindow  = time.Millisecond // the least time a rate or a latency is measured over
	pauseAbove  = time.Second      // a longer Retry-After pauses the job
	minRate     = 1                // pieces per second: the least rate a cut leaves
	maxWaiting  = 1024             // runnable goroutines of pieces before the controller yields
)

// aimd is Adaptive's controller: the rate at which pieces start.
type aimd struct {
	rate       float64   // pieces per second; +Inf until the first throttle
	first      float64   // the rate the first throttle set
	step       float64   // the additive step per second: the rate the last cut set; 0 in slow start
	cutAt      time.Time // when the last cut was made; the run's start before the first
	succeeded  int       // pieces started since cutAt that succeeded
	accepted   bool      // a paced piece succeeded: one started since the cut then in force
	pauseUntil time.Time // no piece starts before: a Retry-After longer than pauseAbove
}

func newAIMD(start time.Time) *aimd { return &aimd{rate: math.Inf(1), cutAt: start} }

// success records a piece that succeeded at now, started at sent.
func (c *aimd) success(now, sent time.Time) {
	if sent.Before(c.cutAt) {
		return // an answer to the rate before the last cut
	}
	c.succeeded++
	switch {
	case math.IsInf(c.rate, 1):
	case c.step == 0: // slow start
		c.accepted = true
		c.rate += 1 / max(now.Sub(sent), aimdWindow).Seconds()
	default:
		c.accepted = true
		c.rate += c.step / c.rate
	}
}

// throttle records a throttle signal received at now, from a piece started
// at sent, asking for retryAfter.
func (c *aimd) throttle(now, sent time.Time, retryAfter time.Duration) {
	if until := now.Add(retryAfter); retryAfter > pauseAbove && until.After(c.pauseUntil) {
		c.pauseUntil = until
	}
	if sent.Before(c.cutAt) {
		return // an answer to the rate before the last cut
	}
	if math.IsInf(c.rate, 1) {
		window := max(now.Sub(c.cutAt), aimdWindow)
		c.rate = aimdBackoff * float64(max(c.succeeded, 1)) / window.Seconds()
		c.first = c.rate
	} else {
		least := float64(minRate)
		if !c.accepted {
			least = max(least, c.first/8)
		}
		c.rate = max(c.rate*aimdBackoff, least)
		if c.accepted {
			c.step = c.rate
		} // else slow start goes on: the rate is still a guess
	}
	c.cutAt, c.succeeded = now, 0
}

// limit is the rate as a token bucket's limit.
func (c *aimd) limit() rate.Limit {
	if math.IsInf(c.rate, 1) {
		return rate.Inf
	}
	return rate.Limit(c.rate)
}

// An outcome is what a piece returned, and when it started.
type outcome struct {
	i    int
	sent time.Time
	err  error
}

// Run runs the pieces, each on a goroutine of its own started when the
// rate allows; the calling goroutine paces them and runs the controller.
func (Adaptive) Run(ctx context.Context, n int, piece Piece) error {
	if err := checkRun(n, piece); err != nil {
		return err
	}
	r := newRun(ctx)
	c := newAIMD(time.Now())
	lim := rate.NewLimiter(c.limit(), 1)
	outcomes := make(chan outcome)
	var wg sync.WaitGroup
	var again []int // throttled pieces to run again, the last one back on top
	// waiting counts the goroutines that the controller made runnable and
	// that have not run yet: started and not begun, or handed their
	// outcome over and not yet exited.
	var waiting atomic.Int64
	next, inflight, done := 0, 0, 0
	stopped := false
	handle := func(o outcome) {
		waiting.Add(1) // its goroutine runs again to exit
		inflight--
		now := time.Now()
		before := c.limit()
		retryAfter, throttled := ThrottleOf(o.err)
		switch {
		case o.err == nil:
			done++
			c.success(now, o.sent)
		case throttled:
			if !stopped {
				again = append(again, o.i)
			}
			c.throttle(now, o.sent, retryAfter)
		default:
			r.fail(o.err)
			stopped = true
		}
		if l := c.limit(); l != before {
			lim.SetLimitAt(now, l)
		}
	}
	for done < n && !(stopped && inflight == 0) {
		if !stopped && r.ctx.Err() != nil {
			stopped = true // the parent's context is done: start nothing more
			continue
		}
		select {
		case o := <-outcomes:
			handle(o) // before the next start: its goroutine exits now
			continue
		default:
		}
		if stopped || (len(again) == 0 && next == n) {
			handle(<-outcomes) // nothing to start: some piece is in flight
			continue
		}
		if waiting.Load() >= maxWaiting {
			runtime.Gosched() // let them run: begin their piece, or exit
			continue
		}
		now := time.Now()
		var res *rate.Reservation
		wait := c.pauseUntil.Sub(now)
		if wait <= 0 {
			res = lim.ReserveN(now, 1)
			wait = res.DelayFrom(now)
		}
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
				if res == nil {
					continue // the pause is over: take a token
				}
			case o := <-outcomes:
				t.Stop()
				if res != nil {
					res.CancelAt(time.Now()) // the rate may change: take the token anew
				}
				handle(o)
				continue
			case <-r.ctx.Done():
				t.Stop()
				if res != nil {
					res.Cancel()
				}
				stopped = true
				continue
			}
		}
		var i int
		if k := len(again) - 1; k >= 0 {
			i, again = again[k], again[:k]
		} else {
			i, next = next, next+1
		}
		inflight++
		waiting.Add(1)
		sent := time.Now()
		wg.Go(func() {
			waiting.Add(-1)
			outcomes <- outcome{i, sent, piece(r.ctx, i)}
			waiting.Add(-1)
		})
	}
	wg.Wait()
	if done < n {
		r.stopped() // the parent's context, unless a piece's error came first
	}
	return r.end()
}

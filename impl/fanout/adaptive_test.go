package fanout_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/time/rate"

	"github.com/concbench/concbench/impl/fanout"
)

var errTooMany = errors.New("429 Too Many Requests")

// service simulates, on a synctest bubble's clock, a service behind a token
// bucket of rate pieces a second and a burst of burst, as package apisim's
// throttle: the bucket decides when a request arrives; the answer, served
// or turned away, comes after the latency, ±10% by (piece, attempt); a
// request turned away gets a throttle signal whose Retry-After is its wait
// rounded up to whole seconds (1 s for any wait up to a second), unless
// retryAfter is set (-1 for zero).
type service struct {
	lim        *rate.Limiter
	latency    time.Duration
	retryAfter time.Duration
	spread     time.Duration // piece i's first request arrives i × spread after its start

	mu        sync.Mutex
	attempts  map[int]int
	throttled int
	starts    []time.Time // when each call started
	served    []time.Time // when each call that was served started
}

func newService(rate_ float64, burst int, latency time.Duration) *service {
	return &service{lim: rate.NewLimiter(rate.Limit(rate_), burst), latency: latency, attempts: map[int]int{}}
}

func (s *service) call(ctx context.Context, i int) error {
	s.mu.Lock()
	first := s.attempts[i] == 0
	s.mu.Unlock()
	if first && s.spread > 0 {
		select {
		case <-time.After(time.Duration(i) * s.spread):
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	now := time.Now()
	s.mu.Lock()
	a := s.attempts[i]
	s.attempts[i]++
	s.starts = append(s.starts, now)
	// Reserve and cancel under the lock, as apisim does: a reservation
	// between another's and its cancel would keep the cancel from giving
	// the token back.
	res := s.lim.ReserveN(now, 1)
	wait := res.DelayFrom(now)
	if wait > 0 {
		res.CancelAt(now)
	} else {
		s.served = append(s.served, now)
	}
	s.mu.Unlock()
	jitter := time.Duration((i*7919+a*104729)%2001-1000) * s.latency / 10000
	select {
	case <-time.After(s.latency + jitter):
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	if wait > 0 {
		s.mu.Lock()
		s.throttled++
		s.mu.Unlock()
		ra := s.retryAfter
		if ra == 0 {
			ra = time.Duration(math.Ceil(wait.Seconds())) * time.Second
		}
		ra = max(ra, 0) // -1: "Retry-After: 0"
		return fanout.Throttle(fmt.Errorf("piece %d: %w", i, errTooMany), ra)
	}
	return nil
}

// TestAdaptiveNearTheFloor: told no rate, adaptive finds the service's on
// virtual time. A service of rate r and burst b cannot serve n pieces in
// less than (n − b)/r (the floor); adaptive takes at most 1.1× that, on
// services from 20 to 1,000 pieces a second, with latencies from 1 to
// 100 ms, the IO benchmark's among them (150 pieces, 50/s, burst 10,
// 20 ms: a floor of 2.8 s). Turned away are the first round's pieces
// beyond the burst (it starts every piece at once) and, after that, at
// most a sixth of the job's pieces.
func TestAdaptiveNearTheFloor(t *testing.T) {
	for _, c := range []struct {
		n       int
		rate    float64
		burst   int
		latency time.Duration
	}{
		{150, 50, 10, 20 * time.Millisecond}, // BenchmarkIOThrottled, full scale
		{90, 150, 10, 10 * time.Millisecond}, // … at the report scale
		{150, 50, 10, time.Millisecond},
		{1000, 50, 10, 20 * time.Millisecond},
		{1000, 500, 10, 20 * time.Millisecond},
		{300, 20, 5, 100 * time.Millisecond},
		{2000, 1000, 50, 5 * time.Millisecond},
	} {
		t.Run(fmt.Sprintf("n=%d/rate=%g/burst=%d/latency=%v", c.n, c.rate, c.burst, c.latency), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				svc := newService(c.rate, c.burst, c.latency)
				start := time.Now()
				if err := (fanout.Adaptive{}).Run(context.Background(), c.n, svc.call); err != nil {
					t.Fatal(err)
				}
				took := time.Since(start)
				floor := time.Duration(float64(c.n-c.burst) / c.rate * float64(time.Second))
				if ratio := took.Seconds() / floor.Seconds(); ratio > 1.1 {
					t.Errorf("took %v, %.3f× the floor %v; want ≤ 1.1×", took, ratio, floor)
				}
				if testing.Verbose() {
					t.Logf("%.3f× the floor, %d turned away after the first round", took.Seconds()/floor.Seconds(), svc.throttled-(c.n-c.burst))
				}
				if half := took / 2; took >= 5*time.Second {
					served := 0
					for _, at := range svc.served {
						if at.Sub(start) >= half {
							served++
						}
					}
					if r := float64(served) / (took - half).Seconds(); r < 0.95*c.rate || r > 1.05*c.rate {
						t.Errorf("served %.4g pieces a second over the second half of the job, want %g ± 5%%", r, c.rate)
					}
				}
				if later := svc.throttled - (c.n - c.burst); later > c.n/4 {
					t.Errorf("turned away %d times after the first round, want ≤ %d", later, c.n/6)
				}
			})
		})
	}
}

// TestAdaptiveRetryAfter: a Retry-After longer than a second pauses the
// job: no piece starts until it has passed since the signal. One of a
// second is no wait: the throttled pieces run again at once, paced.
func TestAdaptiveRetryAfter(t *testing.T) {
	for _, ra := range []time.Duration{time.Second, 5 * time.Second} {
		t.Run(ra.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				svc := newService(10, 2, 20*time.Millisecond)
				svc.retryAfter = ra
				start := time.Now()
				if err := (fanout.Adaptive{}).Run(context.Background(), 4, svc.call); err != nil {
					t.Fatal(err)
				}
				// Two pieces served at once, two turned away at 20 ms.
				signal := start.Add(20 * time.Millisecond)
				var next time.Time // the first start after the signal
				for _, s := range svc.starts {
					if s.After(start) && (next.IsZero() || s.Before(next)) {
						next = s
					}
				}
				if ra > time.Second {
					if wait := next.Sub(signal); wait < ra {
						t.Errorf("a piece started %v after a Retry-After of %v", wait, ra)
					}
				} else if wait := next.Sub(signal); wait >= ra {
					t.Errorf("the first piece ran again %v after the signal: it waited out a Retry-After of %v", wait, ra)
				}
			})
		})
	}
}

// TestAdaptiveFirstErrorCancelsTheRest: while it is being throttled,
// adaptive stops at the first error that is not a throttle signal: Run
// returns it, cancels the pieces in flight, starts nothing more, and leaves
// no goroutine (synctest.Test fails on one left blocked in the bubble).
func TestAdaptiveFirstErrorCancelsTheRest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := newService(50, 10, 20*time.Millisecond)
		boom := errors.New("piece 40 failed on its second attempt")
		var mu sync.Mutex
		startedAfter := 0
		var failedAt time.Time
		err := (fanout.Adaptive{}).Run(context.Background(), 100, func(ctx context.Context, i int) error {
			mu.Lock()
			if !failedAt.IsZero() {
				startedAfter++
			}
			mu.Unlock()
			err := svc.call(ctx, i)
			svc.mu.Lock()
			second := svc.attempts[i] == 2
			svc.mu.Unlock()
			if i == 40 && second {
				mu.Lock()
				failedAt = time.Now()
				mu.Unlock()
				return boom
			}
			if ctx.Err() != nil && err == nil {
				t.Errorf("piece %d: done under a cancelled context", i)
			}
			return err
		})
		if err != boom {
			t.Fatalf("Run = %v, want the piece's error", err)
		}
		if startedAfter != 0 {
			t.Errorf("%d pieces started after the error", startedAfter)
		}
	})
}

// refuser is a service that turns everything away, 10 ms after each
// request, with "Retry-After: 0".
func refuser() *service {
	svc := newService(1, 1, 10*time.Millisecond)
	svc.retryAfter = -1
	svc.lim.SetBurst(0) // no token, ever
	return svc
}

// TestAdaptiveAgainstAServiceThatTurnsEverythingAway: when the service
// accepts nothing, the pieces' own limits end the job soon: 20 pieces that
// give up after 3 throttles each fail the job within a second of virtual
// time, with the piece's error (the piece turned away last is the next to
// run again, so one piece reaches its limit after 3 more tries, not 40).
func TestAdaptiveAgainstAServiceThatTurnsEverythingAway(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := refuser()
		giveUp := errors.New("throttled 4 times")
		start := time.Now()
		err := (fanout.Adaptive{}).Run(context.Background(), 20, func(ctx context.Context, i int) error {
			err := svc.call(ctx, i)
			svc.mu.Lock()
			tries := svc.attempts[i]
			svc.mu.Unlock()
			if tries > 3 {
				return giveUp
			}
			return err
		})
		if err != giveUp {
			t.Errorf("Run = %v, want the piece's own error", err)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("failing took %v of virtual time", took)
		}
	})
}

// TestAdaptiveKeepsAsking: against a service that turns everything away,
// to pieces that never give up, adaptive's cuts stop at an eighth of the
// rate its first throttle set (0.8 per round trip of 10 ms ± 10%, 73 to 89
// a second), instead of slowing down without end: in 10 s of virtual
// time, at least 10 s × 73/8 tries after the first round, until the cancel
// ends the job.
func TestAdaptiveKeepsAsking(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := refuser()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		const n = 20
		err := (fanout.Adaptive{}).Run(ctx, n, svc.call)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Run = %v, want the context's deadline", err)
		}
		if tries, least := len(svc.starts)-n, 10*73/8; tries < least {
			t.Errorf("%d tries after the first round in 10 s, want ≥ %d", tries, least)
		}
	})
}

// TestAdaptiveCancelDuringPause: cancelled while a Retry-After pauses the
// job, adaptive returns at the cancel with the context's error.
func TestAdaptiveCancelDuringPause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := newService(1, 1, 10*time.Millisecond)
		svc.retryAfter = time.Minute
		ctx, cancel := context.WithCancel(context.Background())
		start := time.Now()
		time.AfterFunc(2*time.Second, cancel)
		err := (fanout.Adaptive{}).Run(ctx, 5, svc.call)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
		if got := time.Since(start); got != 2*time.Second {
			t.Errorf("returned at t = %v, want 2s, the cancel", got)
		}
	})
}

// TestThrottleSignal: Throttle marks an error as a throttle signal with its
// Retry-After, keeping its message and what it wraps; wrapping
// ErrThrottled is a signal without one; other errors are not signals. To
// a strategy other than Adaptive, a signal is an error like any other.
func TestThrottleSignal(t *testing.T) {
	sig := fanout.Throttle(errTooMany, 3*time.Second)
	if ra, ok := fanout.ThrottleOf(fmt.Errorf("slot 1/2: %w", sig)); !ok || ra != 3*time.Second {
		t.Errorf("ThrottleOf(wrapped Throttle) = %v, %v; want 3s, true", ra, ok)
	}
	if !errors.Is(sig, errTooMany) || !errors.Is(sig, fanout.ErrThrottled) || sig.Error() != errTooMany.Error() {
		t.Errorf("Throttle(err): %q, Is err %v, Is ErrThrottled %v", sig, errors.Is(sig, errTooMany), errors.Is(sig, fanout.ErrThrottled))
	}
	if ra, ok := fanout.ThrottleOf(fmt.Errorf("busy: %w", fanout.ErrThrottled)); !ok || ra != 0 {
		t.Errorf("ThrottleOf(wrapped ErrThrottled) = %v, %v; want 0, true", ra, ok)
	}
	if _, ok := fanout.ThrottleOf(errTooMany); ok {
		t.Error("a plain error is a throttle signal")
	}
	if _, ok := fanout.ThrottleOf(nil); ok {
		t.Error("nil is a throttle signal")
	}
	err := (fanout.Pool{Workers: 2}).Run(context.Background(), 4, func(ctx context.Context, i int) error {
		if i == 1 {
			return sig
		}
		return nil
	})
	if err != sig {
		t.Errorf("pool: Run = %v, want the signal as its error", err)
	}
}

// TestAdaptiveHoldsFewGoroutines: 100,000 pieces that return at once
// never find more than a couple of thousand goroutines alive under
// Adaptive. Each piece's goroutine hands what it returned to the
// controller, which takes it before the next start, and the controller
// yields when 1024 goroutines it started wait to begin: it did not once
// (every finished piece's goroutine waited until all had started, 100,000
// goroutines at once).
func TestAdaptiveHoldsFewGoroutines(t *testing.T) {
	const n, bound = 100_000, 2048
	before := int64(runtime.NumGoroutine())
	var peak atomic.Int64
	err := fanout.Adaptive{}.Run(context.Background(), n, func(context.Context, int) error {
		g := int64(runtime.NumGoroutine())
		for p := peak.Load(); g > p && !peak.CompareAndSwap(p, g); p = peak.Load() {
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if held := peak.Load() - before; held > bound {
		t.Errorf("%d goroutines alive at the peak of %d pieces that return at once, want ≤ %d", held, n, bound)
	} else {
		t.Logf("%d goroutines at the peak", held)
	}
}

// TestAdaptiveSlowStartUntilAccepted: when the first throttle signal comes
// before any piece has succeeded, the rate it sets knows nothing of the
// service (one piece over the time since the start), and when the first
// piece started at that rate is turned away too (the first round's late
// arrivals took the tokens the bucket got back), the cut must not end slow
// start: the rate is still a guess, not a rate the service accepted, and
// additive increase from under half the service's rate would take most of
// a second to find it. The IO benchmark at the report scale: 90 pieces,
// 300/s, a burst of 10, latencies of 4–6 ms, the first round arriving over
// 0–10 ms (a fresh process starting its goroutines).
func TestAdaptiveSlowStartUntilAccepted(t *testing.T) {
	for _, latency := range []time.Duration{4 * time.Millisecond, 5 * time.Millisecond, 6 * time.Millisecond} {
		for us := 0; us <= 100; us += 5 {
			spread := time.Duration(us) * time.Microsecond
			t.Run(fmt.Sprintf("latency=%v/spread=%v", latency, spread), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					svc := newService(300, 10, latency)
					svc.spread = spread
					start := time.Now()
					if err := (fanout.Adaptive{}).Run(context.Background(), 90, svc.call); err != nil {
						t.Fatal(err)
					}
					took := time.Since(start)
					floor := (90 - 10) * time.Second / 300
					if ratio := took.Seconds() / floor.Seconds(); ratio > 1.15 {
						t.Errorf("took %v, %.3f× the floor %v; want ≤ 1.15×", took, ratio, floor)
					} else if testing.Verbose() {
						t.Logf("took %v, %.3f× the floor", took, ratio)
					}
				})
			})
		}
	}
}

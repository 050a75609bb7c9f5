package fanout_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/concbench/concbench/impl/fanout"
)

// In a synctest bubble time is virtual: it moves only when every goroutine
// of the bubble is blocked, straight to the next timer. A job whose pieces
// sleep d takes exactly the time its strategy's schedule implies, however
// loaded the machine: these tests check the schedules with no tolerance.

// TestStaircase: a job of n pieces that each wait d takes n·d sequentially,
// d with a goroutine per piece, and ⌈n/w⌉·d with w workers, so a pool's
// speedup over sequential is n/⌈n/w⌉: a staircase in w.
func TestStaircase(t *testing.T) {
	const n, d = 10, time.Second
	ceil := func(w int) time.Duration { return time.Duration((n+w-1)/w) * d }
	type stair struct {
		s    fanout.Strategy
		want time.Duration
	}
	cases := []stair{
		{fanout.Sequential{}, n * d},
		{fanout.Goroutines{}, d},
		{fanout.SingleThread{}, d},
		{fanout.Adaptive{}, d}, // never throttled: every piece at once
		// The first Burst pieces start at once, then one every 1/Rate.
		{fanout.RateLimit{Workers: n, Rate: 4, Burst: 2}, (n-2)*d/4 + d},
	}
	for _, w := range []int{1, 2, 3, 4, 5, 9, 10, 16} {
		cases = append(cases,
			stair{fanout.Pool{Workers: w}, ceil(w)},
			stair{fanout.Errgroup{Workers: w}, ceil(w)},
			stair{fanout.RateLimit{Workers: w}, ceil(w)})
	}
	for _, c := range cases {
		t.Run(name(c.s), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				err := c.s.Run(context.Background(), n, func(ctx context.Context, i int) error {
					time.Sleep(d)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				got := time.Since(start)
				if _, paced := c.s.(fanout.RateLimit); paced && c.s.(fanout.RateLimit).Limited() {
					// The token bucket counts in floating point: allow it a
					// microsecond.
					got = got.Round(time.Microsecond)
				}
				if got != c.want {
					t.Errorf("%d pieces of %v took %v, want %v", n, d, got, c.want)
				}
			})
		})
	}
}

// TestMapOrderWhenLaterPiecesFinishFirst: piece i waits n−i seconds, so the
// pieces finish in reverse order; the values still come in input order.
func TestMapOrderWhenLaterPiecesFinishFirst(t *testing.T) {
	const n = 8
	for _, s := range testStrategies() {
		t.Run(name(s), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var mu sync.Mutex
				var finished []int
				got, err := fanout.Map(context.Background(), s, n, func(ctx context.Context, i int) (string, error) {
					time.Sleep(time.Duration(n-i) * time.Second)
					mu.Lock()
					finished = append(finished, i)
					mu.Unlock()
					return fmt.Sprint("piece ", i), nil
				})
				if err != nil {
					t.Fatal(err)
				}
				for i, v := range got {
					if v != fmt.Sprint("piece ", i) {
						t.Fatalf("values %q are not in input order", got)
					}
				}
				if len(finished) != n {
					t.Fatalf("%d pieces finished, want %d", len(finished), n)
				}
			})
		})
	}
}

// TestCancelIsImmediate: cancelled at t = 5 s while its pieces wait, every
// strategy returns at t = 5 s: no timer or sleep stands between the cancel
// and the return.
func TestCancelIsImmediate(t *testing.T) {
	for _, s := range testStrategies() {
		t.Run(name(s), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				start := time.Now()
				time.AfterFunc(5*time.Second, cancel)
				err := s.Run(ctx, 20, func(ctx context.Context, i int) error {
					select {
					case <-ctx.Done():
						return context.Cause(ctx)
					case <-time.After(time.Hour):
						return nil
					}
				})
				if err != context.Canceled {
					t.Errorf("Run = %v, want context.Canceled", err)
				}
				if got := time.Since(start); got != 5*time.Second {
					t.Errorf("returned at t = %v, want 5s, the cancel", got)
				}
			})
		})
	}
}

package fanout_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/impl/fanout"
)

// testStrategies are the registry's strategies and variants with other
// worker counts and a rate.
func testStrategies() []fanout.Strategy {
	ss := append([]fanout.Strategy(nil), fanout.Strategies...)
	for _, s := range fanout.Strategies {
		for _, n := range []int{1, 3} {
			if s2, ok := fanout.WithWorkers(s, n); ok {
				ss = append(ss, s2)
			}
		}
	}
	return append(ss, fanout.RateLimit{Workers: 4, Rate: 1e6, Burst: 8})
}

func name(s fanout.Strategy) string {
	l := fanout.Label(s)
	if rl, ok := s.(fanout.RateLimit); ok && rl.Limited() {
		l += "/rate"
	}
	return l
}

// concurrency is how many pieces s runs at once on a job of n pieces.
func concurrency(s fanout.Strategy, n int) int {
	switch s.Name() {
	case "sequential":
		return 1
	case "goroutines", "singlethread", "adaptive":
		return n // adaptive, until the service throttles
	}
	w, _ := fanout.Workers(s)
	return min(w, n)
}

func TestResultsInInputOrder(t *testing.T) {
	const n = 200
	for _, s := range testStrategies() {
		t.Run(name(s), func(t *testing.T) {
			var calls [n]atomic.Int32
			got, err := fanout.Map(context.Background(), s, n, func(ctx context.Context, i int) (int, error) {
				calls[i].Add(1)
				if i%7 == 0 {
					runtime.Gosched() // let later pieces overtake
				}
				return i * i, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for i := range n {
				if got[i] != i*i {
					t.Fatalf("value %d is %d, want %d", i, got[i], i*i)
				}
				if c := calls[i].Load(); c != 1 {
					t.Fatalf("piece %d ran %d times", i, c)
				}
			}
			if got, err := fanout.Map(context.Background(), s, 0, func(context.Context, int) (int, error) { return 1, nil }); err != nil || len(got) != 0 {
				t.Errorf("no pieces: %v, %v", got, err)
			}
			if err := s.Run(context.Background(), -1, nil); err == nil {
				t.Error("a negative number of pieces: no error")
			}
		})
	}
}

var errBoom = errors.New("piece 5 failed")

// TestFirstErrorCancelsTheRest: piece 5 fails; pieces after it wait for
// their context, so a strategy that did not cancel them would never
// return. Run returns the piece's own error.
func TestFirstErrorCancelsTheRest(t *testing.T) {
	const n, bad = 20, 5
	for _, s := range testStrategies() {
		t.Run(name(s), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			var started atomic.Int32
			err := s.Run(ctx, n, func(ctx context.Context, i int) error {
				started.Add(1)
				switch {
				case i < bad:
					return nil
				case i == bad:
					return errBoom
				}
				<-ctx.Done()
				return context.Cause(ctx)
			})
			if err != errBoom {
				t.Fatalf("Run = %v, want the piece's error itself", err)
			}
			// With one piece at a time, nothing starts after the failure.
			if concurrency(s, n) == 1 && started.Load() != bad+1 {
				t.Errorf("%d pieces started, want %d", started.Load(), bad+1)
			}
			goleak.VerifyNone(t)
		})
	}
}

// TestCancelPromptly: with every piece it runs at once waiting for its
// context, each strategy returns within a second of the cancel, with the
// context's error, and leaves no goroutine. On real time, under -race
// beside other packages' tests, a descheduled goroutine can take tens of
// ms to wake, so the bound only tells a prompt return from a wait on
// something else; TestCancelIsImmediate shows on virtual time that no
// strategy waits at all between the cancel and its return.
func TestCancelPromptly(t *testing.T) {
	const n = 50
	for _, s := range testStrategies() {
		t.Run(name(s), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var running atomic.Int32
			done := make(chan error, 1)
			go func() {
				done <- s.Run(ctx, n, func(ctx context.Context, i int) error {
					running.Add(1)
					<-ctx.Done()
					return context.Cause(ctx)
				})
			}()
			want := int32(concurrency(s, n))
			deadline := time.Now().Add(10 * time.Second)
			for running.Load() < want {
				if time.Now().After(deadline) {
					t.Fatalf("%d pieces running after 10s, want %d", running.Load(), want)
				}
				time.Sleep(time.Millisecond)
			}
			cancel()
			cancelled := time.Now()
			select {
			case err := <-done:
				if d := time.Since(cancelled); d > time.Second {
					t.Errorf("returned %v after the cancel, want ≤ 1s", d)
				}
				if !errors.Is(err, context.Canceled) {
					t.Errorf("Run = %v, want context.Canceled", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("still running 10s after the cancel")
			}
			if got := running.Load(); got > want {
				t.Errorf("%d pieces started, want %d: some started after the cancel", got, want)
			}
			goleak.VerifyNone(t)
		})
	}
}

// TestDoneContextStartsNothing: a run under a context that is already done
// starts no piece and returns the context's cause.
func TestDoneContextStartsNothing(t *testing.T) {
	cause := errors.New("gave up")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(cause)
	for _, s := range testStrategies() {
		err := s.Run(ctx, 10, func(context.Context, int) error {
			t.Errorf("%s started a piece under a done context", name(s))
			return nil
		})
		if err != cause {
			t.Errorf("%s: Run = %v, want the context's cause", name(s), err)
		}
	}
}

// TestGOMAXPROCSRestored: no strategy leaves GOMAXPROCS changed, whether it
// was the runtime's default or set by hand; singlethread runs its pieces
// under GOMAXPROCS=1, even when runs overlap.
func TestGOMAXPROCSRestored(t *testing.T) {
	defer runtime.SetDefaultGOMAXPROCS()
	for _, set := range []int{0, 3} {
		if set > 0 {
			runtime.GOMAXPROCS(set)
		}
		before := runtime.GOMAXPROCS(0)
		for _, s := range testStrategies() {
			if err := s.Run(context.Background(), 8, func(context.Context, int) error { return nil }); err != nil {
				t.Fatal(err)
			}
			if after := runtime.GOMAXPROCS(0); after != before {
				t.Errorf("%s: GOMAXPROCS %d before, %d after", name(s), before, after)
			}
		}
	}
	runtime.SetDefaultGOMAXPROCS()
	before := runtime.GOMAXPROCS(0)
	var seen atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			err := fanout.SingleThread{}.Run(context.Background(), 4, func(context.Context, int) error {
				if n := runtime.GOMAXPROCS(0); n != 1 {
					seen.Store(int32(n))
				}
				time.Sleep(time.Millisecond)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := seen.Load(); n != 0 {
		t.Errorf("a singlethread piece ran under GOMAXPROCS=%d", n)
	}
	if after := runtime.GOMAXPROCS(0); after != before {
		t.Errorf("GOMAXPROCS %d before overlapping singlethread runs, %d after", before, after)
	}
}

// TestSingleThreadWaitHonoursContext: a run waiting for another
// singlethread run gives up when its context is done.
func TestSingleThreadWaitHonoursContext(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- fanout.SingleThread{}.Run(context.Background(), 1, func(context.Context, int) error {
			close(started)
			<-release
			return nil
		})
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := fanout.SingleThread{}.Run(ctx, 1, func(context.Context, int) error {
		t.Error("the second run started while the first held GOMAXPROCS=1")
		return nil
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("second run = %v, want context.DeadlineExceeded", err)
	}
	close(release)
	if err := <-first; err != nil {
		t.Error(err)
	}
}

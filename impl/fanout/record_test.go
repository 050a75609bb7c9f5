package fanout_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/impl/fanout"
)

// recordRun runs a job of n pieces under s with rec recording, piece i
// sleeping d(i).
func recordRun(t *testing.T, rec *fanout.Recorder, s fanout.Strategy, n int, d func(i int) time.Duration) {
	t.Helper()
	rec.Start()
	err := s.Run(context.Background(), n, func(ctx context.Context, i int) error {
		time.Sleep(d(i))
		rec.Done(i)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rec.End()
}

// TestRecorderLatencies: on virtual time, a piece's latency is exactly the
// time from its run's start to its return, and the percentiles are the
// nearest-rank ones of every piece of every run: sequential pieces of 1 s
// return at 1, 2, …, 10 s, twice over.
func TestRecorderLatencies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 10
		rec := fanout.NewRecorder(n)
		for range 2 {
			recordRun(t, rec, fanout.Sequential{}, n, func(int) time.Duration { return time.Second })
		}
		st, ok := rec.Stats()
		if !ok {
			t.Fatal("no stats after two runs")
		}
		// 20 latencies: 1 s … 10 s, each twice. Rank ⌈0.5·20⌉ = 10 is 5 s,
		// rank ⌈0.99·20⌉ = 20 is 10 s.
		want := fanout.PieceStats{P50: 5 * time.Second, P99: 10 * time.Second, Max: 10 * time.Second}
		if st != want {
			t.Errorf("stats %+v, want %+v", st, want)
		}
	})
}

// TestRecorderPeakGoroutines: a pool of 3 adds 3 goroutines at its peak,
// goroutines one per piece, sequential none; the peak is the mean over the
// runs. An errgroup with a limit of 5 holds 5 to 10: a goroutine that has
// run its piece gives its place to a new one before it exits. Each reading
// may count one goroutine more or less (one of a run before that has not
// quite exited, in the reading or in the count before the first run).
func TestRecorderPeakGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 12
		sleep := func(int) time.Duration { return time.Second }
		for _, c := range []struct {
			s      fanout.Strategy
			lo, hi float64
		}{
			{fanout.Sequential{}, 0, 0},
			{fanout.Pool{Workers: 3}, 3, 3},
			{fanout.Errgroup{Workers: 5}, 5, 10},
			{fanout.Goroutines{}, n, n},
		} {
			rec := fanout.NewRecorder(n)
			recordRun(t, rec, c.s, n, sleep)
			recordRun(t, rec, c.s, n, sleep)
			if st, _ := rec.Stats(); st.PeakGoroutines < c.lo-1 || st.PeakGoroutines > c.hi+1 {
				t.Errorf("%s: peak %g goroutines, want %g to %g", fanout.Label(c.s), st.PeakGoroutines, c.lo, c.hi)
			}
		}
		// One run of 2 workers, one of 10: the mean of their peaks.
		rec := fanout.NewRecorder(n)
		recordRun(t, rec, fanout.Pool{Workers: 2}, n, sleep)
		recordRun(t, rec, fanout.Pool{Workers: 10}, n, sleep)
		if st, _ := rec.Stats(); st.PeakGoroutines < 5 || st.PeakGoroutines > 7 {
			t.Errorf("runs with 2 and 10 workers: peak %g goroutines, want the mean, 6 (±1)", st.PeakGoroutines)
		}
	})
}

// TestRecorderKeepsTheLastRuns: a job too large for two runs' latencies
// keeps the last run's: the first run's pieces took an hour each, the
// last's a microsecond.
func TestRecorderKeepsTheLastRuns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 40000 // more than the 32,768 latencies a Recorder keeps
		rec := fanout.NewRecorder(n)
		recordRun(t, rec, fanout.Sequential{}, n, func(int) time.Duration { return time.Hour })
		recordRun(t, rec, fanout.Sequential{}, n, func(int) time.Duration { return time.Microsecond })
		if st, _ := rec.Stats(); st.Max != n*time.Microsecond {
			t.Errorf("max latency %v, want the last run's, %v", st.Max, n*time.Microsecond)
		}
	})
}

// TestRecorderAllocatesNothingPerRun: recording adds no allocation to a
// run, so B/op and allocs/op stay the strategy's own.
func TestRecorderAllocatesNothingPerRun(t *testing.T) {
	const n = 64
	rec := fanout.NewRecorder(n)
	piece := func(_ context.Context, i int) error { rec.Done(i); return nil }
	ctx := context.Background()
	allocs := testing.AllocsPerRun(100, func() {
		rec.Start()
		if err := (fanout.Sequential{}).Run(ctx, n, piece); err != nil {
			t.Fatal(err)
		}
		rec.End()
	})
	if allocs != 0 {
		t.Errorf("a recorded run of sequential allocates %g times, want 0", allocs)
	}
	if _, ok := fanout.NewRecorder(n).Stats(); ok {
		t.Error("stats from a recorder that recorded no run")
	}
}

// TestRecorderCountsExitingGoroutines: a goroutine whose piece returned
// counts until it exits, so one piece at a time on a new goroutine each, as
// errgroup with a limit of one runs them, can read two goroutines at the
// peak: the Recorder's figure is what the process held, not the limit.
func TestRecorderCountsExitingGoroutines(t *testing.T) {
	goleak.VerifyNone(t) // no goroutine of an earlier test exits during this one
	rec := fanout.NewRecorder(2)
	rec.Start()
	returned, exit := make(chan struct{}), make(chan struct{})
	go func() { // piece 0, whose goroutine is slow to exit
		rec.Done(0)
		close(returned)
		<-exit
	}()
	<-returned
	done := make(chan struct{})
	go func() { // piece 1, started once piece 0 returned
		rec.Done(1)
		close(done)
	}()
	<-done
	rec.End()
	close(exit)
	st, ok := rec.Stats()
	if !ok || st.PeakGoroutines != 2 {
		t.Errorf("peak %g goroutines (ok %v) with one piece in flight at a time, want 2: the one still exiting counts", st.PeakGoroutines, ok)
	}
}

package iobound_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/fanout"
	"github.com/concbench/concbench/impl/iobound"
)

// The mock's latency, throttle and tail all run on the clock, so in a
// synctest bubble, where time moves only when every goroutine waits, a
// strategy's run against the mock takes exactly the virtual time its
// schedule implies, however loaded the machine. These tests hold the
// strategies to their targets in that time.

// virtualRun runs the task with s against a fresh mock of ac, in a bubble,
// and returns how long it took in virtual time, its summary, and each
// slot's latency (from the run's start until its request returned, by slot
// number).
func virtualRun(t *testing.T, s iobound.Strategy, ac apisim.Config, cfg iobound.Config) (time.Duration, *iobound.Summary, []time.Duration) {
	t.Helper()
	var took time.Duration
	var sum *iobound.Summary
	lat := make([]time.Duration, cfg.Total())
	synctest.Test(t, func(t *testing.T) {
		api := newAPI(t, ac)
		cfg.OutDir = t.TempDir()
		var mu sync.Mutex
		start := time.Now()
		cfg.OnRequest = func(s iobound.Slot) {
			mu.Lock()
			lat[s.Iteration*cfg.Requests+s.Request] = time.Since(start)
			mu.Unlock()
		}
		var err error
		if sum, err = iobound.Run(context.Background(), s, iobound.MockTarget(api), cfg); err != nil {
			t.Fatal(err)
		}
		took = time.Since(start)
	})
	return took, sum, lat
}

// seedTask is the seed's task (5 × 30 requests) with the default policy.
func seedTask(t *testing.T) iobound.Config {
	cfg := iobound.DefaultConfig
	cfg.OutDir = t.TempDir()
	return cfg
}

// TestAdaptiveOnTheThrottledAPI holds adaptive to its targets on the IO
// benchmarks' API (20 ms ± 2 ms), in virtual time:
//   - throttled to 50 requests a second with a burst of 10
//     (BenchmarkIOThrottled at full scale), told no rate, it takes at most
//     1.25× the floor, (150 − 10)/50 = 2.8 s;
//   - unthrottled (BenchmarkIO), it takes exactly goroutines' time: every
//     request at once, none paced.
func TestAdaptiveOnTheThrottledAPI(t *testing.T) {
	cfg := seedTask(t)
	throttled := apisim.Config{Seed: 1, Latency: 20 * time.Millisecond, Jitter: 2 * time.Millisecond, Rate: 50, Burst: 10}
	floor := time.Duration(float64(cfg.Total()-throttled.Burst) / throttled.Rate * float64(time.Second))
	took, sum, _ := virtualRun(t, iobound.Adaptive{}, throttled, cfg)
	if ratio := took.Seconds() / floor.Seconds(); ratio > 1.25 {
		t.Errorf("adaptive took %v against the throttle, %.3f× the floor %v; want ≤ 1.25×", took, ratio, floor)
	}
	t.Logf("throttled: adaptive %v (%.3f× the floor), %d turned away, %d retries", took, took.Seconds()/floor.Seconds(), sum.Throttled, sum.Retries)
	if testing.Verbose() {
		for _, s := range []iobound.Strategy{iobound.RateLimit{Workers: iobound.DefaultWorkers}, iobound.Each{Fanout: fanout.Goroutines{}}, iobound.Each{Fanout: fanout.Sequential{}}} {
			took, sum, _ := virtualRun(t, s, throttled, cfg)
			t.Logf("throttled: %s %v (%.3f× the floor), %d turned away", fanout.Label(s), took, took.Seconds()/floor.Seconds(), sum.Throttled)
		}
	}

	unthrottled := throttled
	unthrottled.Rate, unthrottled.Burst = 0, 0
	adaptive, _, _ := virtualRun(t, iobound.Adaptive{}, unthrottled, cfg)
	goroutines, _, _ := virtualRun(t, iobound.Each{Fanout: fanout.Goroutines{}}, unthrottled, cfg)
	if adaptive != goroutines {
		t.Errorf("unthrottled: adaptive took %v, goroutines %v; want the same", adaptive, goroutines)
	}
}

// TestHedgedCutsTheTail: against the API with a tail (1% of the answers
// ten times slower, 200 ms instead of 20), goroutines waits for its slowest
// request; hedged sends a second copy of the requests still unanswered
// when 95% have answered, so its run, and its slowest request, take about
// two round trips, in virtual time. It hedges about 5% of the requests,
// every slow one among them. (Seed 3 draws two slow answers among the 150
// first attempts; seed 1 draws none.)
func TestHedgedCutsTheTail(t *testing.T) {
	cfg := seedTask(t)
	ac := apisim.Config{Seed: 3, Latency: 20 * time.Millisecond, Jitter: 2 * time.Millisecond, Tail: apisim.Tail{Percent: 1, Factor: 10}}
	slowest := ac.Latency + ac.Jitter
	plain, _, plainLat := virtualRun(t, iobound.Each{Fanout: fanout.Goroutines{}}, ac, cfg)
	if plain < 5*ac.Latency {
		t.Fatalf("goroutines took %v: seed %d draws no slow answer among %d, the test needs one", plain, ac.Seed, cfg.Total())
	}
	hedged, sum, hedgedLat := virtualRun(t, iobound.Hedged{}, ac, cfg)
	if hedged > 3*slowest {
		t.Errorf("hedged took %v, goroutines %v; want at most 3 round trips (%v)", hedged, plain, 3*slowest)
	}
	if maxH, maxP := slices.Max(hedgedLat), slices.Max(plainLat); maxH >= maxP {
		t.Errorf("slowest request: hedged %v, goroutines %v", maxH, maxP)
	}
	if sum.Hedges < 1 || sum.Hedges > int64(cfg.Total()/20+1) {
		t.Errorf("%d hedges of %d requests, want about 5%%", sum.Hedges, cfg.Total())
	}
	t.Logf("tail 1%%x10: goroutines %v, hedged %v with %d hedges", plain, hedged, sum.Hedges)
}

// TestHedgeCountedOnce: hedged writes sequential's files on both front
// ends against the API with a tail, and the served log proves that no
// answer was counted twice: the hedged slots were served twice (or more),
// yet each of their strings is in the final data once, and the data is
// one copy of every slot's answer.
func TestHedgeCountedOnce(t *testing.T) {
	cfg := seedTask(t)
	cfg.Policy.Timeout = 10 * time.Second
	want := reference(t, 3, cfg)
	for _, front := range apiFronts {
		t.Run(front, func(t *testing.T) {
			api := newAPI(t, apisim.Config{Seed: 3, Latency: 20 * time.Millisecond, Jitter: 2 * time.Millisecond, Tail: apisim.Tail{Percent: 1, Factor: 10}})
			sum := runChecked(t, iobound.Hedged{}, front, api, cfg, want)
			served := map[string]int{}
			for _, r := range api.Log() {
				served[r.Slot]++
			}
			final := dataOf(t, want, cfg) // runChecked found the run's files equal to these
			count := map[string]int{}
			for _, s := range final {
				count[s]++
			}
			twice := 0
			for _, r := range api.Log() {
				if served[r.Slot] < 2 || !r.Delivered() {
					continue
				}
				twice++
				for _, s := range r.Strings {
					if count[s] != 1 {
						t.Errorf("slot %s (served %d times): %q is %d times in the final data", r.Slot, served[r.Slot], s, count[s])
					}
				}
			}
			if twice == 0 || sum.Hedges == 0 {
				t.Errorf("no slot was served twice (%d hedges): the test proves nothing", sum.Hedges)
			}
		})
	}
}

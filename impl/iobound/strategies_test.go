package iobound_test

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/fanout"
	"github.com/concbench/concbench/impl/iobound"
)

// TestStrategiesMatchSequential: every strategy writes files byte-identical to
// sequential's, on both front ends, and the served log shows nothing lost or
// counted twice.
func TestStrategiesMatchSequential(t *testing.T) {
	cfg := smallConfig(t)
	// No faults: no attempt should time out, even for singlethread on
	// api=local (150 requests and their server on one P) under the race
	// detector on a loaded machine.
	cfg.Policy.Timeout = 10 * time.Second
	want := reference(t, 7, cfg)
	for _, front := range apiFronts {
		for _, s := range iobound.Strategies {
			t.Run(front+"/"+s.Name(), func(t *testing.T) {
				api := newAPI(t, apisim.Config{Seed: 7, Latency: time.Millisecond, Jitter: time.Millisecond / 2})
				sum := runChecked(t, s, front, api, cfg, want)
				// A hedge is a second request for its slot: both copies may
				// be answered, the first one delivered.
				total := int64(cfg.Total())
				if st := api.Stats(); int64(st.Delivered) < total || int64(st.Delivered) > total+sum.Hedges {
					t.Errorf("API delivered %d answers for %d slots and %d hedges in a fault-free run", st.Delivered, cfg.Total(), sum.Hedges)
				}
				if sum.Requests != total+sum.Hedges || sum.Retries != 0 {
					t.Errorf("summary: %d requests, %d retries; want %d (and %d hedges), 0", sum.Requests, sum.Retries, total+sum.Hedges, sum.Hedges)
				}
				if _, hedged := s.(iobound.Hedged); !hedged && sum.Hedges != 0 || sum.Hedges > total/20+1 {
					t.Errorf("%d hedges of %d requests, want none but for hedged, and at most 5%% there", sum.Hedges, total)
				}
				if len(sum.Files) != cfg.Iterations {
					t.Errorf("summary lists %d files, want %d", len(sum.Files), cfg.Iterations)
				}
			})
		}
	}
}

// TestSingleThreadRestoresGOMAXPROCS: overlapping runs of singlethread leave
// GOMAXPROCS as it was, and each run sees GOMAXPROCS=1 throughout.
func TestSingleThreadRestoresGOMAXPROCS(t *testing.T) {
	before := runtime.GOMAXPROCS(0)
	cfg := smallConfig(t)
	cfg.Iterations, cfg.Requests = 1, 4
	var seen atomic.Int32
	cfg.OnRequest = func(iobound.Slot) {
		if n := runtime.GOMAXPROCS(0); n != 1 {
			seen.Store(int32(n))
		}
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			api := newAPI(t, apisim.Config{Seed: 1, Latency: 2 * time.Millisecond})
			cfg := cfg
			cfg.OutDir = t.TempDir()
			if _, err := iobound.Run(context.Background(), iobound.Each{Fanout: fanout.SingleThread{}}, iobound.MockTarget(api), cfg); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := seen.Load(); n != 0 {
		t.Errorf("a request completed under GOMAXPROCS=%d during a singlethread run", n)
	}
	if after := runtime.GOMAXPROCS(0); after != before {
		t.Errorf("GOMAXPROCS was %d before overlapping singlethread runs, %d after", before, after)
	}
}

package iobound_test

import (
	"testing"
	"time"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/iobound"
)

// TestStrategiesMatchSequential: every strategy writes files byte-identical to
// sequential's, on both front ends, and the served log shows nothing lost or
// counted twice.
func TestStrategiesMatchSequential(t *testing.T) {
	cfg := smallConfig(t)
	want := reference(t, 7, cfg)
	for _, front := range apiFronts {
		for _, s := range iobound.Strategies {
			t.Run(front+"/"+s.Name(), func(t *testing.T) {
				api := newAPI(t, apisim.Config{Seed: 7, Latency: time.Millisecond, Jitter: time.Millisecond / 2})
				sum := runChecked(t, s, front, api, cfg, want)
				if st := api.Stats(); st.Delivered != cfg.Total() {
					t.Errorf("API delivered %d answers for %d slots in a fault-free run", st.Delivered, cfg.Total())
				}
				if sum.Requests != int64(cfg.Total()) || sum.Retries != 0 {
					t.Errorf("summary: %d requests, %d retries; want %d, 0", sum.Requests, sum.Retries, cfg.Total())
				}
				if len(sum.Files) != cfg.Iterations {
					t.Errorf("summary lists %d files, want %d", len(sum.Files), cfg.Iterations)
				}
			})
		}
	}
}

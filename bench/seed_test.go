package bench

import (
	"context"
	"sync"
	"testing"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/fanout"
	"github.com/concbench/concbench/impl/iobound"
)

var seedCounts struct {
	once   sync.Once
	counts map[string]int
	err    error
}

// seedLetterCounts returns the letter counts of the IO task's final result
// under the deterministic mock (the seed's 5 × 30 requests, seed 1, as
// `concbench run` makes them by default): the exponents of the seed CPU
// workload. The IO task runs once, on a zero-latency mock.
func seedLetterCounts(tb testing.TB) map[string]int {
	tb.Helper()
	seedCounts.once.Do(func() {
		api, err := apisim.New(apisim.Config{Seed: apisim.DefaultConfig.Seed})
		if err != nil {
			seedCounts.err = err
			return
		}
		cfg := iobound.DefaultConfig
		cfg.OutDir = tb.TempDir() // only the counts are kept
		sum, err := iobound.Run(context.Background(), iobound.Each{Fanout: fanout.Sequential{}}, iobound.MockTarget(api), cfg)
		if err != nil {
			seedCounts.err = err
			return
		}
		seedCounts.counts = sum.Counts
	})
	if seedCounts.err != nil {
		tb.Fatal(seedCounts.err)
	}
	return seedCounts.counts
}

package bench

import (
	"math/rand/v2"
	"testing"
)

// seedLetterCounts returns the letter counts of the IO task's final result
// under the deterministic mock: the exponents of the seed CPU workload.
//
// Stand-in until the IO task lands; the lead replaces it.
func seedLetterCounts(tb testing.TB) map[string]int {
	tb.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	counts := make(map[string]int, 52)
	for _, l := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" {
		counts[string(l)] = 150 + r.IntN(71) // 150..220
	}
	return counts
}

package suite

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/contract"
)

func TestBadLimitValues(t *testing.T) {
	for _, cfg := range []map[string]string{
		{contract.IOIterations: "x", contract.IORequests: "30"},
		{contract.IOIterations: "-5", contract.IORequests: "30"},
		{contract.IOIterations: "0", contract.IORequests: "30"},
		{contract.IOIterations: "99999999999999999999", contract.IORequests: "30"},
		{contract.IORequests: "30"},
	} {
		get := func(k string) string { return cfg[k] }
		if _, ok := ioTotal(get); ok {
			t.Errorf("ioTotal(%v) ok", cfg)
		}
		if _, ok := ioScaling(get, 4); ok {
			t.Errorf("ioScaling(%v) ok", cfg)
		}
	}
	get := func(k string) string {
		return map[string]string{contract.IOIterations: "5", contract.IORequests: "30", contract.IOThrottleRate: "NaN", contract.IOThrottleBurst: "10"}[k]
	}
	if _, ok := ioThrottledFloor(get); ok {
		t.Error("ioThrottledFloor with a NaN rate ok")
	}
	if _, ok := ioScaling(get, 0); ok {
		t.Error("ioScaling with 0 workers ok")
	}
	// A burst larger than the run leaves no floor.
	big := func(k string) string {
		return map[string]string{contract.IOIterations: "2", contract.IORequests: "10", contract.IOThrottleRate: "200", contract.IOThrottleBurst: "20"}[k]
	}
	if d, ok := ioThrottledFloor(big); !ok || d != 0 {
		t.Errorf("floor with burst ≥ total = %v, %v; want 0", d, ok)
	}
}

// Example_limits computes the limits from the lines the suite prints
// before its results.
func Example_limits() {
	lines := map[string]string{
		"numcpu":            "2",
		"io-latency":        "20ms",
		"io-iterations":     "5",
		"io-requests":       "30",
		"io-throttle-rate":  "50",
		"io-throttle-burst": "10",
	}
	get := func(key string) string { return lines[key] }
	total, _ := ioTotal(get)
	speedup, _ := ioSpeedup(get)
	fmt.Printf("%d requests: at most %.0f× faster than one at a time\n", total, speedup)
	for _, n := range []int{1, 4, 32, 64, 150, 256} {
		l, _ := ioScaling(get, n)
		fmt.Printf("%d workers: at most %.4g×\n", n, l)
	}
	floor, _ := ioThrottledFloor(get)
	fmt.Println("throttled: at least", floor)
	cpu, _ := cpuLimit(get, "")
	c4, _ := cpuScaling(get, "", 4)
	fmt.Printf("CPU: at most %.0f×, with 4 workers %.0f×\n", cpu, c4)
	// A missing configuration line means no limit, not a wrong one; the
	// CPU limit falls back to the benchmark name's GOMAXPROCS suffix.
	none := func(string) string { return "" }
	_, ok := ioSpeedup(none)
	fmt.Println("IO limit known:", ok)
	cpu, ok = cpuLimit(none, "4")
	fmt.Println("CPU limit:", cpu, ok)
	// Output:
	// 150 requests: at most 150× faster than one at a time
	// 1 workers: at most 1×
	// 4 workers: at most 3.947×
	// 32 workers: at most 30×
	// 64 workers: at most 50×
	// 150 workers: at most 150×
	// 256 workers: at most 150×
	// throttled: at least 2.8s
	// CPU: at most 2×, with 4 workers 2×
	// IO limit known: false
	// CPU limit: 4 true
}

// TestPassedLimits: a scaling table's member whose speedup interval lies
// above its limit is said to be, in words, under the table (make report's
// IO pools of 4 and 8 workers read 102–103% of their limit); one over 100%
// within noise is not.
func TestPassedLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\npkg: github.com/concbench/concbench/bench\nnumcpu: 2\ngomaxprocs: 2\nscale: report\nio-latency: 5ms\nio-iterations: 3\nio-requests: 30\n")
	for i := range 12 {
		d := 1 + 0.001*float64(i%3-1)
		fmt.Fprintf(&b, "BenchmarkIO/api=mock/strategy=sequential-2\t10\t%.0f ns/op\n", 508e6*d)
		fmt.Fprintf(&b, "BenchmarkIOScaling/api=mock/strategy=pool/workers=2-2\t10\t%.0f ns/op\n", 253.4e6*d)
		fmt.Fprintf(&b, "BenchmarkIOScaling/api=mock/strategy=pool/workers=4-2\t10\t%.0f ns/op\n", 127.0e6*d)
		fmt.Fprintf(&b, "BenchmarkIOScaling/api=mock/strategy=pool/workers=16-2\t10\t%.0f ns/op\n", 33.9e6*d)
		// 8 workers: about 103% of 7.50×, ±3% a sample, so that its
		// interval comes within 1% of the limit.
		fmt.Fprintf(&b, "BenchmarkIOScaling/api=mock/strategy=pool/workers=8-2\t10\t%.0f ns/op\n", 66.5e6*(1+0.015*float64(i%5-2)))
	}
	path := filepath.Join(t.TempDir(), "bench.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	md := reportOf(t, path)
	hasNot(t, md, []string{"Above the limit beyond noise (the whole interval more than 1% above it): pool workers=4 (102%: 3.99–4.01× against 3.91×). The limit is the task's model",
		"Over 100% of the limit, but within noise of it (the interval reaches the limit, or within 1% of it): pool workers=8 (103%: 7.52–7.88× against 7.50×). Such a reading is the spread"},
		[]string{"pool workers=2 (", "pool workers=16 ("})
}

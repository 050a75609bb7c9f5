package limits_test

import (
	"fmt"

	"github.com/concbench/concbench/report/limits"
)

// config is what the suite prints before its results.
var config = map[string]string{
	"numcpu":            "2",
	"io-latency":        "20ms",
	"io-iterations":     "5",
	"io-requests":       "30",
	"io-throttle-rate":  "50",
	"io-throttle-burst": "10",
}

func get(key string) string { return config[key] }

func Example() {
	total, _ := limits.IOTotal(get)
	speedup, _ := limits.IOSpeedup(get)
	fmt.Printf("%d requests: at most %.0f× faster than one at a time\n", total, speedup)
	for _, n := range []int{1, 4, 32, 64, 150, 256} {
		l, _ := limits.IOScaling(get, n)
		fmt.Printf("%d workers: at most %.4g×\n", n, l)
	}
	floor, _ := limits.IOThrottledFloor(get)
	fmt.Println("throttled: at least", floor)
	cpu, _ := limits.CPU(get, "")
	c4, _ := limits.CPUScaling(get, "", 4)
	fmt.Printf("CPU: at most %.0f×, with 4 workers %.0f×\n", cpu, c4)
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
}

// A missing configuration line means no limit, not a wrong one; the CPU
// limit falls back to the benchmark name's GOMAXPROCS suffix.
func Example_missing() {
	none := func(string) string { return "" }
	_, ok := limits.IOSpeedup(none)
	fmt.Println("IO limit known:", ok)
	cpu, ok := limits.CPU(none, "4")
	fmt.Println("CPU limit:", cpu, ok)
	// Output:
	// IO limit known: false
	// CPU limit: 4 true
}

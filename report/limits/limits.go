// Package limits computes the theoretical limits that the report draws on
// its charts, from the benchfmt configuration lines the concbench suite
// prints before its results ("io-requests: 30", "numcpu: 2", …).
//
// Each function reports ok=false when a configuration line it needs is
// missing or unreadable; the report then draws no limit rather than a
// wrong one.
package limits

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/concbench/concbench/contract"
)

// Config looks up a configuration value by key, returning "" when unset;
// (*parse.Run).Get is one.
type Config func(key string) string

// The configuration keys the limits read: the suite's own, defined once in
// package contract, which bench/ prints with.
const (
	KeyIterations    = contract.IOIterations    // IO iterations per run
	KeyRequests      = contract.IORequests      // requests per iteration
	KeyLatency       = contract.IOLatency       // fixed latency of one request, a Go duration
	KeyJitter        = contract.IOJitter        // the latency's jitter, a Go duration
	KeyThrottleRate  = contract.IOThrottleRate  // token bucket rate, requests per second
	KeyThrottleBurst = contract.IOThrottleBurst // token bucket burst, requests
	KeyNumCPU        = contract.NumCPU          // runtime.NumCPU()
	KeyGOMAXPROCS    = contract.GOMAXPROCS      // runtime.GOMAXPROCS(0)
	KeyScale         = contract.Scale           // the workload scale: full, report or short
)

// IOTotal returns the number of requests of one IO run:
// io-iterations × io-requests.
func IOTotal(cfg Config) (int, bool) {
	it, ok1 := positiveInt(cfg(KeyIterations))
	req, ok2 := positiveInt(cfg(KeyRequests))
	if !ok1 || !ok2 {
		return 0, false
	}
	return it * req, true
}

// IOSpeedup returns the speedup limit of an IO strategy over sequential:
// all io-iterations × io-requests requests in one round trip.
func IOSpeedup(cfg Config) (float64, bool) {
	total, ok := IOTotal(cfg)
	return float64(total), ok
}

// IOScaling returns the speedup limit of an IO pool of n workers: the
// requests go out in ceil(total/n) round trips instead of total, so the
// limit is total / ceil(total/n).
func IOScaling(cfg Config, n int) (float64, bool) {
	total, ok := IOTotal(cfg)
	if !ok || n < 1 {
		return 0, false
	}
	rounds := (total + n - 1) / n
	return float64(total) / float64(rounds), true
}

// IOThrottledFloor returns the least time one IO run can take under the
// API's token bucket: the burst goes at once, the rest at the rate, so
// (total − burst) / rate.
func IOThrottledFloor(cfg Config) (time.Duration, bool) {
	total, ok := IOTotal(cfg)
	rate, ok2 := positiveFloat(cfg(KeyThrottleRate))
	burst, ok3 := nonNegativeInt(cfg(KeyThrottleBurst))
	if !ok || !ok2 || !ok3 {
		return 0, false
	}
	rest := max(total-burst, 0)
	return time.Duration(float64(rest) / rate * float64(time.Second)), true
}

// Latency returns the fixed latency of one request, io-latency.
func Latency(cfg Config) (time.Duration, bool) {
	d, err := time.ParseDuration(strings.TrimSpace(cfg(KeyLatency)))
	if err != nil || d <= 0 {
		return 0, false
	}
	return d, true
}

// CPU returns the speedup limit of a CPU-bound strategy: the number of
// CPUs, from the numcpu line, else the gomaxprocs line, else the
// GOMAXPROCS suffix of the benchmark name ("-2"), passed as gomaxprocs.
func CPU(cfg Config, gomaxprocs string) (float64, bool) {
	for _, s := range []string{cfg(KeyNumCPU), cfg(KeyGOMAXPROCS), gomaxprocs} {
		if n, ok := positiveInt(s); ok {
			return float64(n), true
		}
	}
	return 0, false
}

// CPUScaling returns the speedup limit of a CPU-bound pool of n workers:
// min(n, CPUs).
func CPUScaling(cfg Config, gomaxprocs string, n int) (float64, bool) {
	c, ok := CPU(cfg, gomaxprocs)
	if !ok || n < 1 {
		return 0, false
	}
	return math.Min(float64(n), c), true
}

// positiveInt parses the leading integer of s ("30", "50 req/s").
func positiveInt(s string) (int, bool) {
	n, ok := nonNegativeInt(s)
	return n, ok && n > 0
}

func nonNegativeInt(s string) (int, bool) {
	f, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	n, err := strconv.Atoi(f)
	if err != nil || n < 0 || n > 1<<40 {
		return 0, false
	}
	return n, true
}

func positiveFloat(s string) (float64, bool) {
	f, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	f = strings.TrimSuffix(f, "/s")
	x, err := strconv.ParseFloat(f, 64)
	if err != nil || !(x > 0) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

package suite

// This file computes the theoretical limits that the suite's sections
// state and draw, from the benchfmt configuration lines the suite prints
// before its results ("io-requests: 30", "numcpu: 2", …).
//
// Each function reports ok=false when a configuration line it needs is
// missing or unreadable; the report then draws no limit rather than a
// wrong one.

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/concbench/concbench/contract"
)

// A config looks up a configuration value by key, returning "" when
// unset.
type config func(key string) string

// ioTotal returns the number of requests of one IO run:
// io-iterations × io-requests.
func ioTotal(cfg config) (int, bool) {
	it, ok1 := positiveInt(cfg(contract.IOIterations))
	req, ok2 := positiveInt(cfg(contract.IORequests))
	if !ok1 || !ok2 {
		return 0, false
	}
	return it * req, true
}

// ioSpeedup returns the speedup limit of an IO strategy over sequential:
// all io-iterations × io-requests requests in one round trip.
func ioSpeedup(cfg config) (float64, bool) {
	total, ok := ioTotal(cfg)
	return float64(total), ok
}

// ioScaling returns the speedup limit of an IO pool of n workers: the
// requests go out in ceil(total/n) round trips instead of total, so the
// limit is total / ceil(total/n).
func ioScaling(cfg config, n int) (float64, bool) {
	total, ok := ioTotal(cfg)
	if !ok || n < 1 {
		return 0, false
	}
	rounds := (total + n - 1) / n
	return float64(total) / float64(rounds), true
}

// ioThrottledFloor returns the least time one IO run can take under the
// API's token bucket: the burst goes at once, the rest at the rate, so
// (total − burst) / rate.
func ioThrottledFloor(cfg config) (time.Duration, bool) {
	total, ok := ioTotal(cfg)
	rate, ok2 := positiveFloat(cfg(contract.IOThrottleRate))
	burst, ok3 := nonNegativeInt(cfg(contract.IOThrottleBurst))
	if !ok || !ok2 || !ok3 {
		return 0, false
	}
	rest := max(total-burst, 0)
	return time.Duration(float64(rest) / rate * float64(time.Second)), true
}

// cpuLimit returns the speedup limit of a CPU-bound strategy: the number of
// CPUs, from the numcpu line, else the gomaxprocs line, else the
// GOMAXPROCS suffix of the benchmark name ("-2"), passed as gomaxprocs.
func cpuLimit(cfg config, gomaxprocs string) (float64, bool) {
	for _, s := range []string{cfg(contract.NumCPU), cfg(contract.GOMAXPROCS), gomaxprocs} {
		if n, ok := positiveInt(s); ok {
			return float64(n), true
		}
	}
	return 0, false
}

// cpuScaling returns the speedup limit of a CPU-bound pool of n workers:
// min(n, CPUs).
func cpuScaling(cfg config, gomaxprocs string, n int) (float64, bool) {
	c, ok := cpuLimit(cfg, gomaxprocs)
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

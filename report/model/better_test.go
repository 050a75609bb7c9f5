package model

import (
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
)

// TestBetter checks the report's one rule for which way a unit improves:
// the input's unit metadata first, then benchstat's defaults, then any
// rate higher and any other cost per op lower.
func TestBetter(t *testing.T) {
	r := benchfmt.NewReader(strings.NewReader("Unit things/op better=higher\nUnit hits/s better=lower\nUnit odd/op assume=exact\nBenchmarkA 1 1 ns/op\n"), "a.txt")
	for r.Scan() {
	}
	units := r.Units()
	for unit, want := range map[string]int{
		"sec/op": -1, "B/op": -1, "allocs/op": -1, "retries/op": -1, "odd/op": -1,
		"B/s": 1, "req/s": 1, "exponents/s": 1,
		"things/op": 1, "hits/s": -1, // the input says so
		"ratio": 0, "": 0, "p95-ns/STW": 0,
	} {
		if got := Better(units, unit); got != want {
			t.Errorf("Better(%q) = %d, want %d", unit, got, want)
		}
	}
}

package model

import (
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchunit"

	"github.com/concbench/concbench/contract"
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

// TestBetterPerPiece: the per-piece units of fanout.Benchmark and the IO
// benchmarks (contract.PieceUnits), as benchfmt tidies them, are lower is
// better without their "Unit … better=lower" lines (an older file, or
// lines stripped), as are the Go performance dashboard's latencies and
// peaks; the input's own lines still win.
func TestBetterPerPiece(t *testing.T) {
	var none benchfmt.UnitMetadataMap
	for _, u := range contract.PieceUnits {
		_, tidied := benchunit.Tidy(1, u)
		if got := Better(none, tidied); got != -1 {
			t.Errorf("Better(%q) without unit lines = %d, want -1 (lower is better)", tidied, got)
		}
	}
	for unit, want := range map[string]int{
		"p50-latency-sec": -1, "avg-latency-sec": -1, "peak-RSS-bytes": -1, "peak-VM-bytes": -1, "peak-goroutines": -1,
		"latency-sec/op": -1, "p99.9-latency-sec": -1,
		"peak-req/s": 1, // a rate first
		"latencies":  0, "speak-words": 0, "ops/latency": 0, "p95-sec/STW": 0,
	} {
		if got := Better(none, unit); got != want {
			t.Errorf("Better(%q) = %d, want %d", unit, got, want)
		}
	}
	r := benchfmt.NewReader(strings.NewReader("Unit peak-goroutines better=higher\nBenchmarkA 1 1 ns/op 3 peak-goroutines\n"), "a.txt")
	for r.Scan() {
	}
	if got := Better(r.Units(), "peak-goroutines"); got != 1 {
		t.Errorf("Better(peak-goroutines) with better=higher in the input = %d, want 1", got)
	}
}

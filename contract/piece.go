package contract

// The units of the per-piece metrics that fanout.Benchmark reports for
// every strategy, and the IO benchmarks for every request (a request is a
// piece). A piece's latency runs from the start of its run (one op) until
// the piece returns. The latencies are reported in nanoseconds, as Go's
// performance dashboard does ("p50-latency-ns"): benchfmt tidies such a
// unit to seconds ("p50-latency-sec"), as it tidies ns/op to sec/op, and
// the testing package prints a count of nanoseconds with all its digits.
const (
	UnitP50Latency = "p50-latency-ns" // median latency of a piece
	UnitP99Latency = "p99-latency-ns" // 99th percentile latency of a piece
	UnitMaxLatency = "max-latency-ns" // longest latency of a piece
	// UnitPeakGoroutines is the number of goroutines a run added at its
	// peak, beyond those alive before the benchmark's first run.
	UnitPeakGoroutines = "peak-goroutines"
)

// PieceUnits lists the per-piece units, in the order they are reported.
// Lower is better for each: benchstat and a report learn it from the unit
// metadata lines (LowerIsBetterLine) printed before the results.
var PieceUnits = []string{UnitP50Latency, UnitP99Latency, UnitMaxLatency, UnitPeakGoroutines}

// LowerIsBetterLine returns the benchfmt unit metadata line that says lower
// values of unit are better: "Unit p99-latency-ns better=lower". Such a
// line holds for the whole file, wherever it appears; benchfmt keys it by
// the tidied unit (p99-latency-sec).
func LowerIsBetterLine(unit string) string { return "Unit " + unit + " better=lower" }

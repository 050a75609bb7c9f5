// Package stats computes the statistics of a benchmark report exactly as
// benchstat (golang.org/x/perf/cmd/benchstat) computes them, and derives
// speedups from them.
//
// Summarize groups results as benchstat does by default — a table per
// unit, a row per full benchmark name, a column per run (".file") — and
// summarizes every cell with golang.org/x/perf/benchmath: the median and
// its 95% confidence interval under AssumeNothing (or AssumeExact when the
// input's unit metadata says so), the Mann-Whitney U test of every later
// run against the first at α = 0.05, the warnings benchmath gives for too
// few samples, and benchstat's geomean row.
//
// Speedups compares benchmarks along an Axis, a name key with a reference
// value: strategy=sequential for the concurrency strategies. A speedup is
// the ratio of medians, reference over candidate. Its interval is the
// ratio of the two medians' confidence-interval bounds,
//
//	[ref.Lo / cand.Hi, ref.Hi / cand.Lo],
//
// which holds the true ratio of medians whenever both intervals hold
// their medians: a conservative interval whose confidence is at least the
// product of the two (≥ 0.969² ≈ 0.94 with 6 samples each, benchmath's
// smallest sample for a finite 95% interval), and usually far more. It is
// infinite when either sample is too small for a finite interval.
package stats

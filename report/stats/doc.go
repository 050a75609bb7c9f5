// Package stats arranges the model's statistics (package model: the
// median and its interval, the Mann–Whitney U test, all benchstat's) by
// run for the suite's sections, and derives speedups from them.
//
// FromModel takes a model built with a table per unit, a row per full
// name and a column per run, and gives a Table per unit with a cell per
// run, each later run's cell compared with the first.
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

// Package gate decides whether benchmark results got worse: the regression
// gate behind "concbench compare". It knows no benchmark suite: it takes
// plain samples (a name, a unit, which way the unit is better, the OLD and
// NEW values) and returns a verdict per benchmark and one decision.
//
// # Method
//
// Holm–Bonferroni over one-sided Mann–Whitney U tests, with a threshold.
// For each benchmark, benchmath's Mann–Whitney U test (AssumeNothing, the
// p-value benchstat prints) gives the one-sided p-value of "NEW is worse"
// (half the two-sided one, in the direction the ranks lean). Holm's
// step-down procedure holds the family-wise false-alarm rate — the
// probability that a comparison of identical code fails at all, over
// every benchmark and unit gated — at Method.Alpha: the p-values sorted
// ascending, the k-th of m is held to α/(m−k+1), stopping at the first
// that fails. A benchmark is slower when its hypothesis is rejected and
// its median also got worse by more than Method.Threshold. Improvements
// are tested the same way as a family of their own; they never fail the
// gate.
//
// Why: testing each benchmark at α = 0.05, as benchstat's "~" does, false-
// alarmed in 40% of A/A comparisons of the 56-benchmark suite; under Holm
// the rate is at most α whatever the number of benchmarks, and Holm is
// never less powerful than Bonferroni. One-sided tests match the question
// (did it get worse?) and halve the samples needed; the threshold keeps a
// real but tiny shift (a steady bias of the machine between sides) from
// failing CI. The package's tests measure the false-alarm rate and the
// power on the committed A/A recording of the suite.
//
// # Verdicts
//
// Every benchmark gets one: Slower, Faster, NoChange with the smallest
// worsening this comparison could have detected (Verdict.Detectable: NEW,
// rescaled to OLD's median, shifted until the test rejects at α/m), or
// Inconclusive when its sample sizes cannot reach α/m whatever the values
// (6 against 6 samples cannot go below p = 1/924 one-sided, above 0.05/56).
// The decision is Regression (exit 1) when any benchmark is slower,
// Undecided (exit 3) when none is but some is inconclusive or missing or
// nothing was compared, and Pass (exit 0) otherwise.
//
// Calibrate and AA.Power resample an A/A recording (the same code measured
// twice, interleaved) to measure the false-alarm rate, each benchmark's
// noise, the smallest threshold that keeps the rate at α, and the power.
//
// A stage of the report's pipeline (see package report) after package
// model: package report pairs the cells of two runs' tables into
// Comparisons ("concbench compare"), and package trend gates the newest of
// several runs with it.
package gate

// Package contract is the one definition of the file formats that
// concbench's parts write and read: a leaf package, with no imports of its
// own, that the benchmarks (bench/), the fanout helper (impl/fanout), the
// runner (runner/) and the report's suite preset all import, so that
// neither side spells a key or a line as a literal.
//
// It holds:
//
//   - the suite's benchfmt configuration-line keys ("io-latency: 10ms",
//     "numcpu: 2"), the key=value name keys of its benchmarks
//     (BenchmarkIO/api=mock/strategy=pool/workers=32), their reference
//     values, scales and custom units (suite.go);
//   - the configuration lines fanout.Benchmark prints before a job's
//     results ("pieces: 64", "piece-floor: 2ms"; job.go);
//   - the per-piece units that fanout.Benchmark and the IO benchmarks
//     report (p50-latency-ns, …, peak-goroutines) and the unit metadata
//     line that says lower is better for each (piece.go);
//   - the runner's results file: its header keys ("commit:", "ref:"), and
//     the comment lines it writes around each round ("# concbench bench:
//     round 3 done", the probe lines; runner.go);
//   - where a repository's history places the commits of results files,
//     which the runner finds with git and the report's trend orders its
//     runs by (history.go).
//
// Changing a value here changes the output format: recorded results
// (testdata/) and the report's goldens depend on it.
package contract

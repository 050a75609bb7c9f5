// Package bench holds concbench's testing.B benchmarks, and nothing else.
//
// Every benchmark name is a benchfmt key=value path, so benchstat and
// concbench report can project it:
//
//	BenchmarkIO/api=mock/strategy=pool/workers=32
//	BenchmarkIOScaling/api=mock/strategy=pool/workers=64
//	BenchmarkIOThrottled/api=mock/strategy=ratelimit
//	BenchmarkIOTail/api=mock/tail=1%x10/strategy=hedged
//	BenchmarkCPU/workload=trial61/strategy=splitrange/workers=2
//	BenchmarkCPUScaling/workload=ll/strategy=pool/workers=4
//	BenchmarkChecker/check=lucaslehmer/n=4423/reduce=shift
//
// The parameters a report needs to draw a limit (latency, requests, rate,
// burst, NumCPU, …) are printed once, before the results, as benchfmt
// configuration lines ("key: value"). The IO benchmarks report, beside the
// time, the p50, p99 and longest latency of a request and the goroutines a
// run holds at its peak (units of contract.PieceUnits, whose "Unit …
// better=lower" lines are printed with the configuration). -short shrinks
// every workload so the whole suite checks its wiring in seconds.
package bench

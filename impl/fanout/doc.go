// Package fanout runs a job of n independent pieces under a choice of Go
// concurrency strategies, and measures which one suits the job.
//
// A job is n pieces, each a call piece(ctx, i) for i in [0, n): fetch URL
// i, resize image i, query shard i. A [Strategy] decides how the pieces
// run:
//
//   - [Sequential]: one after the other, on the calling goroutine;
//   - [Goroutines]: a goroutine per piece, all at once;
//   - [Pool]: Workers goroutines taking pieces from a channel;
//   - [Errgroup]: errgroup.WithContext with SetLimit(Workers);
//   - [RateLimit]: Pool with each piece paced by a golang.org/x/time/rate
//     token bucket;
//   - [SingleThread]: Goroutines under GOMAXPROCS=1 (restored afterwards);
//   - [Adaptive]: needs no limit: every piece at once until the service
//     throttles, then a rate found by AIMD, as TCP does. A piece signals a
//     throttle (an HTTP 429) by returning an error that wraps
//     [ErrThrottled] ([Throttle]).
//
// Every strategy takes the context first and promises the same: the first
// error a piece returns cancels the context of the others and starts no
// new piece, Run returns that error as the piece returned it, and no
// goroutine outlives Run. [Map] runs a piece that returns a value and
// gives the values in input order, whatever the strategy. A piece must not
// panic: no strategy recovers a panic, and under every strategy but
// Sequential a piece's panic ends the program, as a panic in any goroutine
// does (see [Piece]).
//
// # Registries and labels
//
// [Strategies] lists the strategies above, once each, with default
// settings. A [Registry] is the one list of a task's strategies:
// [Registry.Names] lists them, [Registry.Lookup] parses a label. A label
// is a strategy's name and settings as a benchfmt name,
// "strategy=pool/workers=32" (see [Label]); [WithWorkers] sets the worker
// count of any strategy that has one. The tasks of concbench (packages
// iobound and cpubound) keep registries of the same shape, with these
// strategies and their own.
//
// # Measuring your own job
//
// [Benchmark], called from a benchmark in your own _test.go file, runs the
// job under every strategy as sub-benchmarks named
// "strategy=<name>[/workers=N]", optionally over a sweep of worker counts,
// and prints the configuration lines a report needs (numcpu, the number of
// pieces, the latency floor you declare). Beside the time of a run it
// reports what a run costs and what its pieces wait: bytes and allocations
// per run, the goroutines a run holds at its peak, and the p50, p99 and
// longest latency of a piece, from the job's start until the piece returns
// (a [Recorder] records them, for about 30 ns per piece in sequential code
// and 30–60 ns under the concurrent strategies). Then
//
//	go test -run '^$' -bench . -count 10 | concbench report -o out -
//
// writes the speedup of each strategy over sequential with its interval,
// beside those costs.
package fanout

// Package cpubound is concbench's CPU-bound task: for an exponent n, is the
// Mersenne number p = 2^n − 1 prime? It holds the checkers that answer the
// question, the named workloads that ask it many times, and the concurrency
// strategies that run a workload.
//
// # Checkers
//
// A [Checker] answers for one n. [Trial] is the seed's is_prime (divide by 2,
// then by odd numbers up to ⌊√p⌋) on uint64, so n ≤ 63; [TrialKP] divides only
// by candidates 2kn + 1, the form every factor of 2^n − 1 has when n is prime;
// [LucasLehmer] runs the Lucas–Lehmer test on math/big for any n. [Checkers]
// lists them.
//
// # Workloads
//
// A [Workload] is a list of exponents and the checker to use: [Trial61]
// (n = 2..61 with trial; 2^61 − 1 alone is nearly all the work, the
// load-imbalance case), [LL] (every prime n ≤ [LLBound] with lucaslehmer) and
// [Seed] (the letter counts of the IO task's result, with lucaslehmer).
//
// # Strategies
//
// A [Strategy] runs a workload and returns one [Result] per exponent, in the
// workload's order, identical whatever the strategy. [Strategies] is the
// single registry that benchmarks, the command line and the report walk:
// sequential and goroutines, the strategies of any job from package fanout
// with each exponent one piece ([Each]), and the task's own: [Pool] (also
// with [Descending] order), [Static], [SplitRange] and [Processes]. Every
// strategy takes the context first, stops at the first error (cancelling
// the rest) and leaves no goroutine or child process behind when it
// returns. [Supports] says whether a strategy can use a checker.
//
// Typical use:
//
//	w := cpubound.LL(false)
//	s, err := cpubound.Strategies.Lookup("pool/workers=4")
//	...
//	results, err := s.Run(ctx, w)
//
// A program that may use [Processes] must call childproc.Main first thing in
// main (or TestMain): the strategy re-runs the current executable as its
// workers.
package cpubound

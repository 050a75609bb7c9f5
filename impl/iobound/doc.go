// Package iobound is the IO-bound task of the seed: many calls to a throttled
// HTTP API, letter counts, result files.
//
// The task is Iterations × Requests calls (5 × 30 by default) to the
// random-string API (see package apisim). Iteration i's result file,
// results.<i>.json, holds every string of iterations 0..i in (iteration,
// request) order and the letter counts of their concatenation:
//
//	{"data":["AVWRzUqfgqcCrA",…],"counts":{"A":12,"B":9,…}}
//
// Run runs the task with one Strategy from the registry Strategies:
// sequential, goroutines, pool, errgroup, ratelimit, pipeline, singlethread,
// processes, adaptive, hedged. Sequential, goroutines, pool, errgroup and
// singlethread are the strategies of any job, from package fanout, with each
// slot one piece (Each); ratelimit (which paces attempts, retries included),
// pipeline, processes, adaptive (fanout.Adaptive, which needs no limit: the
// client hands it each 429 as a throttle signal instead of retrying it) and
// hedged (a second copy of each request still unanswered after the p95 of
// the latencies) belong to the task. Strategies.Lookup parses a label
// ("pool/workers=64"), fanout.Label writes one and fanout.WithWorkers sets
// a worker count, as for the CPU task's strategies.
//
// Every strategy fetches through the same Client (one retry policy: 429,
// 5xx, network errors and malformed answers retried with capped, jittered
// exponential backoff, Retry-After honoured, a per-attempt timeout, context
// cancellation) and delivers to the same Job, which commits iterations in
// order. Under the deterministic API every strategy so writes
// byte-identical files. The files appear only when the whole run succeeds.
package iobound

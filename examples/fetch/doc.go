// Package fetch is a worked example of choosing a concurrency strategy for
// a job of your own with fanout.Benchmark: fetch 128 items from an HTTP
// service that answers each in 2 ms (a real net/http server on loopback,
// in the benchmark's process) and hash each body with SHA-256. Its only
// code is its benchmark, fetch_test.go; README.md ("Choosing a strategy
// for your job") shows what concbench makes of it:
//
//	concbench bench -pkg ./examples/fetch -count 6 -o out/fetch .
//	concbench report -o out/fetch-report out/fetch/*.txt
package fetch

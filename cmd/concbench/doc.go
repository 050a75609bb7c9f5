// Concbench measures how Go concurrency strategies speed up the two tasks of
// a blog post on Python concurrency, ported to Go: an IO-bound task (many
// calls to a throttled HTTP API, letter counts, result files) and a CPU-bound
// task (is 2^n − 1 prime?). It also turns `go test -bench` output into
// benchstat-grade statistics, PNG charts and a report, and compares runs.
//
// Usage:
//
//	concbench <command> [flags] [arguments]
//
// The commands are:
//
//	run      run the seed's scenario: the IO task, then the CPU task on its letter counts
//	serve    serve the random-string API over HTTP, for people and for run -api URL
//	report   write REPORT.md and PNG charts from benchmark output
//	compare  compare two benchmark runs; exit 1 on a significant regression
//	help     print this manual, or the flags of one command
//
// # run
//
//	concbench run [-api mock|local|live|URL] [-strategy NAME|all] [-workers 32]
//	              [-iterations 5] [-requests 30] [-min 5] [-max 20] [-count 5] [-out out]
//	              [-transport tuned|default] [-timeout 10s] [-attempts 6] [-cpu-strategy pool]
//	              [-seed 1] [-latency 20ms] [-jitter 2ms] [-rate 0] [-burst 10] [-fault-rate 0] [-faults KINDS]
//
// Run makes iterations × requests calls to the random-string API (each asking
// for -count strings of -min to -max letters) with one IO strategy, or every
// one with -strategy all; writes results.<i>.json for each iteration into
// -out (only if the whole run succeeds); prints how long each iteration took
// and the most common letter; then checks, for each letter, whether
// 2^count − 1 is a Mersenne prime (the CPU task, with -cpu-strategy). With
// -strategy all, a table gives each strategy's time, its speedup over
// sequential, its retries and the 429s it met. Progress goes to stderr when
// stderr is a terminal.
//
// -api mock, the default, is the API simulated in process (no network); local
// serves the same simulation on a free loopback port for the run; live takes
// the URL in $CONCBENCH_API_URL; anything else is the base URL of a live API.
// Against mock and local, -seed, -latency, -jitter, -rate, -burst, -fault-rate
// and -faults (a comma-separated list of 429, 500, 503, malformed, truncated,
// drop, hang) shape the API; against a live API, -rate and -burst tell the
// ratelimit strategy the API's limit. Every request is retried on 429, 5xx,
// network errors and malformed answers, with jittered exponential backoff,
// honouring Retry-After: each attempt times out after -timeout, and a request
// fails after -attempts faulty attempts. -transport default uses Go's default
// HTTP transport, which keeps only two idle connections per host.
//
// IO strategies: sequential, goroutines, pool, errgroup, ratelimit, pipeline,
// singlethread, processes. CPU strategies: sequential, goroutines, pool,
// static, splitrange (trial division only), processes.
//
// # serve
//
//	concbench serve [-addr 127.0.0.1:8080] [-latency 20ms] [-jitter 2ms] [-rate 0] [-burst 10]
//	                [-fault-rate 0] [-faults KINDS] [-seed 1] [-v]
//
// Serve answers GET /api/v1.0/randomstring?min=5&max=20&count=5 with a JSON
// array of random strings, after -latency ± -jitter, throttled to -rate
// requests per second (0: no throttle) with bursts of -burst, and fails
// -fault-rate of the requests with one of the -faults (by default any of 429,
// 500, 503, malformed JSON, truncated body, dropped connection, hang). With
// the same -seed, a request carrying the header X-Concbench-Slot gets the
// same answer every time, as run's requests do. It listens on
// loopback unless -addr names another address. Its first line on stdout is
// the URL it serves. -v logs one line per request to stderr. SIGINT or
// SIGTERM shuts it down cleanly, finishing the requests in flight.
//
// # report
//
//	concbench report [-o out] FILE...
//
// Report reads benchmark output (go test -bench, any number of files; with
// two or more it also compares each with the first) and writes REPORT.md and
// the charts that apply into -o: io-speedup.png, cpu-speedup.png,
// io-scaling.png, cpu-scaling.png for the suite's benchmarks, and compare.png
// with two runs. Any benchmark output works: benchmarks without a strategy
// key are tabulated with their median and 95% interval of every unit.
// Malformed lines are warnings on stderr.
//
// # compare
//
//	concbench compare [-threshold 5%] [-o out] OLD NEW
//
// Compare prints a benchstat-style table of the change from OLD to NEW for
// every benchmark, writes compare.png into -o, and exits 1 when any benchmark
// got significantly slower (Mann-Whitney U, α = 0.05) by more than
// -threshold: a CI gate that needs no grepping.
//
// # Examples
//
//	concbench run
//	concbench run -strategy all -iterations 3 -requests 20
//	concbench run -api local -strategy pipeline -workers 64 -out /tmp/results
//	concbench serve -addr 127.0.0.1:8080 -rate 50 -burst 10
//	concbench run -api http://127.0.0.1:8080 -strategy ratelimit -rate 50 -burst 10
//	concbench report -o out out/bench.txt
//	concbench compare -threshold 5% out/old.txt out/new.txt
//
// # Exit status
//
// 0 on success; 1 on a failure, or when compare finds a regression; 2 on a
// usage error (unknown command, bad flag, unknown strategy); 130 when
// interrupted by SIGINT or SIGTERM. Errors are one line on stderr.
package main

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
//	compare  compare two benchmark runs: the regression gate (exit 1 on a regression, 3 when it cannot decide)
//	bench    build and run a module's benchmarks at git refs, interleaved, keeping the results per commit
//	trend    follow benchmarks across three or more runs: change points, and a gate on the newest run
//	bisect   find the first commit between GOOD and BAD at which benchmarks got slower (exit 3 when it cannot decide)
//	help     print this manual, or the flags of one command
//
// # run
//
//	concbench run [-api mock|local|live|URL] [-strategy NAME|all] [-workers 32]
//	              [-iterations 5] [-requests 30] [-min 5] [-max 20] [-count 5] [-out out]
//	              [-transport tuned|default] [-timeout 10s] [-attempts 6] [-cpu-strategy pool]
//	              [-seed 1] [-latency 20ms] [-jitter 2ms] [-tail none] [-rate 0] [-burst 10] [-fault-rate 0] [-faults KINDS]
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
// Against mock and local, -seed, -latency, -jitter, -tail (1%x10: 1% of the
// answers ten times slower), -rate, -burst, -fault-rate and -faults (a
// comma-separated list of 429, 500, 503, malformed, truncated, drop, hang)
// shape the API; against a live API, -rate and -burst tell the
// ratelimit strategy the API's limit. Every request is retried on 429, 5xx,
// network errors and malformed answers, with jittered exponential backoff,
// honouring Retry-After: each attempt times out after -timeout, and a request
// fails after -attempts faulty attempts. -transport default uses Go's default
// HTTP transport, which keeps only two idle connections per host.
//
// IO strategies: sequential, goroutines, pool, errgroup, ratelimit, pipeline,
// singlethread, processes, adaptive (needs no rate: AIMD on the 429s it
// meets), hedged (a second copy of each request still unanswered after the
// p95). CPU strategies: sequential, goroutines, pool,
// static, splitrange (trial division only), processes. Either flag also
// takes a label with settings, as benchmark names write them:
// -strategy pool/workers=64, -cpu-strategy pool/workers=4/order=desc.
//
// # serve
//
//	concbench serve [-addr 127.0.0.1:8080] [-latency 20ms] [-jitter 2ms] [-rate 0] [-burst 10]
//	                [-tail none] [-fault-rate 0] [-faults KINDS] [-seed 1] [-v]
//
// Serve answers GET /api/v1.0/randomstring?min=5&max=20&count=5 with a JSON
// array of random strings, after -latency ± -jitter (with -tail 1%x10, 1% of
// the answers take ten times that), throttled to -rate
// requests per second (0: no throttle) with bursts of -burst, and fails
// -fault-rate of the requests with one of the -faults (by default any of 429,
// 500, 503, malformed JSON, truncated body, dropped connection, hang). With
// the same -seed, a request carrying the header X-Concbench-Slot gets the
// same answer every time, as run's requests do. It listens on
// loopback unless -addr names another address. Its first line on stdout is
// the URL it serves. -v logs one line per request to stderr. SIGINT or
// SIGTERM shuts it down cleanly, finishing the requests in flight, with
// exit status 0: a signal is how serve is meant to end.
//
// # report
//
//	concbench report [-o out] [-table .config] [-row .fullname] [-col .file] [-filter QUERY]
//	                 [-ignore KEYS] [-alpha 0.05] [-confidence 0.95] [-ref COLUMN] [-x /KEY]
//	                 [-format text|md|csv|json] FILE...
//
// Report reads any benchmark output — go test -bench of any packages, with
// -cpu, -benchmem, b.ReportMetric units, go test -json output, any number of
// files, - for standard input, label=FILE to name a file's column — groups it
// exactly as benchstat does, and writes REPORT.md and PNG charts into -o.
// -table, -row, -col, -filter, -ignore, -alpha and -confidence are
// benchstat's flags, with its syntax and defaults (but -ignore, which
// defaults to commit,commit-time,ref,commit-parent,commit-position: the
// lines concbench bench writes, which differ between every two commits,
// so that its files become columns to compare; an empty -ignore is
// benchstat's default; and -alpha and -confidence, which also take a
// percentage, 5% and 95%, as compare's -alpha does): a table per configuration
// (so two packages, or a note: line that changes inside a file, are never
// pooled; -ignore pkg pools packages) and unit, a row per benchmark, a column
// per file, each later column compared with the first. Every median,
// interval, change, p-value and n is benchstat's on the same input and flags.
//
// Each table gets a chart of every column against a reference column (-ref,
// default the first) with intervals, drawn as "better by" for the unit's
// direction (lower is better for sec/op, B/op, allocs/op and any …/op;
// higher for B/s and any …/s), filled where significant, its whisker the
// U test's interval (it leaves out 1× exactly then); a table of one column
// compares the alternatives its names name (strategy=, or a part without
// key=value such as Pond-Eager/AntsPool) within each workload against one
// of them (-ref names it) and draws each row's median; a table whose rows
// vary in a numeric name key (size=1024, workers=8, the -cpu suffix as
// /gomaxprocs) also gets a line chart against it (-x picks the key), a line
// per alternative. Charts name inputs by the part of their paths that tells
// them apart; a table without a chart says why. A report holds -o alone:
// the charts of an earlier report there are removed (only those: it lists
// its files in -o/.concbench-report). A key of -table, -row or -col that no
// result has is a warning naming those that exist, and so are a -ref that
// names no column or alternative and an -x that is no numeric key. A
// benchmark whose samples split by their op count (some of one op, each
// slower than the median of the rest: a time-based -benchtime near one
// op's time stops a sample after one op exactly when that op ran slow) is
// a warning too, here and in compare. A -filter that leaves no result is
// an error: a report or a gate must not quietly lose a run (an input
// without results: see below). For output that the
// suite's configuration lines identify — concbench's own benchmarks (scale:
// with io-requests: or cpu-ll-bound:) and a job under fanout.Benchmark
// (pieces:) — REPORT.md also has the suite's task sections: each
// strategy's speedup over sequential with the theoretical limits, the
// winners and the scaling (io-speedup.png, cpu-speedup.png,
// io-scaling.png, cpu-scaling.png, jobs-speedup.png, jobs-scaling.png),
// and, where the benchmarks report the per-piece units (p50/p99/max piece
// latency, peak goroutines), each strategy's p99 against its time
// (io-latency.png, jobs-latency.png) and, under each table, the strategy
// with the lowest p99 and the one holding the fewest goroutines against
// the fastest;
// with several inputs, each from the newest input that has it, saying
// which. Where the output comes from concbench bench, whose round markers
// say in which round each value was measured, a speedup is paired by
// round: the median of the ratios of sequential's time to the strategy's
// in pairs of runs of the same round (the k-th of each; one pair of
// geometric means where a round ran them a different number of times),
// with the interval of that median; of plain go test -count output, the
// ratio of the medians with the conservative interval from both medians'
// intervals. REPORT.md names the method it used; the tables keep
// benchstat's medians and intervals. Your own benchmarks named strategy=…
// get the tables and charts above, like any others.
// -format prints the tables to standard output instead (csv as benchstat's
// -format csv), at about benchstat's cost; with -o as well, it also writes
// the report. Malformed lines are warnings on stderr as file:line; UTF-16
// input is named as such, with the command that converts it. Where the
// input itself differs from what benchstat reads, concbench reads it as
// go test meant it: trailing blanks of a configuration value are trimmed
// (silently: go test writes them after some CPU names), a UTF-8 byte order
// mark is dropped with a warning (so the first line counts; benchstat loses
// it), CRLF is read as LF (as benchstat reads it), a NaN or infinite value
// is left out with a warning (benchstat takes it into a median, and its U test never ends
// on a sample that holds one), a line of more than 64 KiB, a test's log,
// is skipped with a warning (benchstat stops there), and a go test -json
// stream cut short is warned of. An input without results (a -bench
// pattern that matched nothing, a package that did not build) beside
// others is left out with a warning, as benchstat leaves it out; alone,
// it is an error.
//
// # compare
//
//	concbench compare [-threshold 5%] [-alpha 5%] [-pair unpaired] [-units sec/op] [-allow-missing]
//	                  [-format text|md|json] [-table .config] [-row .fullname] [-col .file] [-filter '*']
//	                  [-ignore commit,commit-time,ref,commit-parent,commit-position] [-o out] [-profile] OLD NEW
//	concbench compare -calibrate [-n 0] [-trials 1000] [-seed 1] [-alpha 5%] [-threshold 5%]
//	                  [-pair unpaired] [-units sec/op] [-filter '*'] A B
//
// Compare is a regression gate for CI. Every benchmark of OLD and NEW gets a
// verdict: slower, faster, no change (with the smallest slowdown this
// comparison could have detected, "could detect ≥ 8%": NEW rescaled to OLD's
// median and slowed until the test rejects), or inconclusive (too few samples
// for any p-value to reach the corrected level: never a pass). The decision
// is the exit status.
//
// The method is Holm–Bonferroni over one-sided Mann–Whitney U tests, with a
// threshold. A benchmark is slower when the one-sided U-test p-value of "NEW
// is worse" (half of benchstat's two-sided one) passes Holm's step-down level
// — α/m for the smallest of m p-values, α/(m−1) for the next, and so on,
// stopping at the first that fails — and its median also got worse by more
// than -threshold. -alpha is then the false-alarm rate of the whole
// comparison, not of each benchmark. Why: resampling an A/A recording of the
// suite (the same binary as both sides, 12 interleaved rounds each; 1,000
// comparisons of 10 against 10 samples), testing each benchmark at α = 0.05
// with the 5% threshold failed 18.5% of them (24% at 6 or 8 samples); Holm
// with the threshold fails 0.8–1.4% (two seeds) and names a single benchmark
// slowed by 20% in 90% of trials, by 50% in 97%. Holm without the threshold
// failed 4.3–4.8%, close to α: the machine drifts a little between rounds,
// and the threshold keeps a margin. Under Holm, 6 samples a side cannot reach
// 0.05/56 whatever the values (the smallest one-sided p is 1/924), so make
// compare takes 10.
//
// When OLD and NEW come from one run of concbench bench (bench -count 10
// OLD NEW, which measures both refs in every round, interleaved), the
// rounds of the two files that were measured together can be paired: each
// round marker names the run and the pass it was measured in, and compare
// pairs the rounds whose markers name the same pass — never rounds of
// different runs, such as those of a ref added to kept results, or of
// files written before markers named passes. -pair chooses the test of a
// benchmark whose rounds pair (at least 3 rounds, and no more than a
// quarter of either side's values in rounds without a partner): unpaired,
// the Mann–Whitney U test above, whatever the rounds; t, the paired t-test
// of the log ratios of the pairs in a round (the k-th value of NEW over
// the k-th of OLD, measured seconds apart in the same round; one pair of
// geometric means when a round's sides differ in count), which a slow
// spell of the machine hitting both leaves as it is; wilcoxon, Wilcoxon's
// exact signed-rank test of them; signflip, the exact sign-flip
// permutation test of their sum. A paired verdict's change is the median
// of the pairs' ratios, its n the number of rounds. Wilcoxon's and the
// sign flip's smallest one-sided p-value is 2^−n for n pairs (1/1024 for
// 10), which passes Holm's first level only while there are at most 51
// benchmarks (at α = 5%); the t-test has no floor. The default is
// unpaired: on make calibrate's A/A recording of the suite on the
// reference VM, no paired test named slowdowns more often (Mann–Whitney
// ×1.07 in 90.7% of trials, the best paired test 86.5%; see -calibrate,
// and the gate's package documentation).
//
// -units picks the units gated, comma-separated (ns/op and MB/s are read as
// sec/op and B/s; custom units too); all the tests form one family. A unit's
// direction comes from the input's unit metadata (Unit X better=higher),
// else …/s is higher-is-better (a lower rate is slower) and …/op lower.
// -table, -row, -col, -filter and -ignore group the results as benchstat's
// flags of the same names; a row's cells in the first two columns are OLD and
// NEW. The configuration lines that concbench bench writes and that always
// differ between two refs (commit, commit-time, commit-parent,
// commit-position, ref) are ignored whatever
// -ignore lists: they never split OLD from NEW nor warn. -format md writes a
// pull-request comment (the decision, then what changed, the rest folded in
// <details>), json every verdict with its numbers; both name the two sides
// (the file, and the commit and ref when the file has them). -o receives
// compare.png ("" for none).
//
// -profile, for two files of concbench bench and run inside their
// repository, takes CPU profiles of the benchmarks that got slower (when
// none did significantly, of the one whose median grew most, and says so)
// at the two commits (the test binaries built again, run with -test.cpuprofile
// for the same number of iterations at both: 2 s of CPU at OLD's speed),
// and lists the functions whose flat time (in the function itself) and
// cumulative time (with what it calls) grew most, read with
// github.com/google/pprof/profile: after the text, as a markdown section
// after -format md, on stderr with -format json. The profiles stay in
// -o/profiles, COMMIT.cpu.pprof per commit, and the command that shows
// the whole difference is printed: go tool pprof -top -diff_base=OLD.cpu.pprof
// NEW.cpu.pprof.
//
// Exit status: 0 pass; 1 a regression; 3 could not decide (a benchmark is
// inconclusive, a benchmark of OLD is missing from NEW and -allow-missing is
// not set, no benchmark in common, no results in a gated unit, unreadable
// input, an input without results); 2 a usage error. The last line on
// stderr is the reason. OLD and NEW that name one file are compared, and
// pass, with a warning: a CI step with that typo checks nothing.
//
// With -calibrate, A and B are an A/A recording (make calibrate: the same
// code measured as two sides, interleaved). Compare resamples -trials
// comparisons by whole rounds: -n of the recording's rounds (0: 10, or all
// but one when it has fewer), and in each round A as OLD and B as NEW or
// the other way round, at random, the same for every benchmark. It prints
// the gate's false-alarm rate at -threshold under -pair, the smallest
// threshold that keeps it at -alpha, and per benchmark its A/A noise (95%
// of changes between identical sides fall within it), the smallest slowdown
// it could detect and its false alarms, so that -threshold is set from
// data. Then, in the same trials, each -pair test's false alarms (the share
// of trials in which the gate failed at all) and power (the share in which
// one benchmark made 5%, 7% or 10% slower was named, and nothing else), and
// the test the rule chooses: the paired test with the most power at ×1.07
// among those whose false alarms stay at or below -alpha, if it beats the
// unpaired test's power there by 5 points; otherwise unpaired. In files
// written by concbench bench -aa, a round of A pairs with the round of B of
// the same pass; in files without round markers, a benchmark's i-th value
// on a side is its round i. -seed fixes the resampling.
//
// # bench
//
//	concbench bench [-pkg ./...] [-bench REGEXP[@BENCHTIME]]... [-benchtime D] [-count 10]
//	                [-o out/bench] [-args 'ARGS'] [-timeout 10m] [-fresh] [-aa]
//	                [-probe=false] [-probe-time 30ms] [-probe-bound 20%] [-probe-budget 100%]
//	                [-stall-bound 5%] [-q] [REF...]
//
// Bench is the one benchmark runner, for any Go module's git checkout: run
// it from a directory of the checkout (patterns are relative to it). For
// each REF (a commit, branch or tag) it checks the commit out in a
// temporary git worktree and builds, with go test -c, the test binary of
// every package of -pkg (space-separated patterns) whose tests declare a
// Benchmark function. The REF . is the working tree as it is, built in
// place; no REF means the working tree alone. Then it runs -count rounds:
// each round runs every ref's binaries once, each in its package's
// directory, interleaved group by group: each -bench group runs for every
// ref before the next group starts (the refs' order reversed from one group
// to the next and rotated from round to round), so that two refs' runs of
// a benchmark lie seconds apart and a slow spell of the machine hits both or
// neither.
//
// -bench selects the benchmarks (-test.bench); repeat it to run groups with
// different run times, each as REGEXP@BENCHTIME (a duration, 0.2s, or an
// iteration count, 10x; an @ before a digit starts one, and [@] matches an
// @ in a name); -benchtime is the run time of groups without one.
// -args passes arguments to the test binaries after the test flags (split
// at spaces), -timeout limits each run of a binary.
//
// The results of each ref go to -o as COMMIT.txt (the first 12 hex digits
// of the commit), in the benchmark format with the configuration lines
// commit:, commit-time:, commit-parent: (the first parent), commit-position:
// (the first-parent depth: 1 for a root commit) and ref:,
// and their paths are printed on stdout, one a line, in the order of the
// refs. The working tree with uncommitted changes is named
// COMMIT-dirty-TREE, after a hash of its content (untracked files
// included), and its commit-time: is when it was first measured. The -o
// directory is left out of both when it lies inside the checkout, and so
// are concbench's other untracked output files there, unchanged since
// they were written: another -o's results files, and the files report,
// trend, compare and bisect list in the .concbench-* file of their
// directory. So concbench's own output never makes the tree dirty: with
// nothing else changed, . is HEAD and shares HEAD's file, after a trend
// into out/ too. (Nothing is written into the repository for that: git is
// asked with a pathspec that excludes them.) Results are kept: each complete round is added to its file at
// once, so a rerun with one more REF measures only that one, a larger
// -count only the missing rounds, and an interrupted run loses at most the
// round under way; results measured with another -pkg, -bench or -args are
// measured again, and -fresh measures everything again: the file replaced
// is kept whole in .replaced/COMMIT.TIME.txt of -o (hidden from a glob of
// -o's files) when the first new round is written. -aa measures the
// one REF (or the working tree) as two sides, COMMIT.A.txt and
// COMMIT.B.txt, the same binaries run alternately: an A/A pair, on which a
// comparison should find no change. Since the files differ in their
// commit: lines, compare them with go tool benchstat -ignore
// commit,commit-time,ref,commit-parent,commit-position.
//
// Bench measures the machine too, and writes what it found into the
// results file as comment lines, which benchstat ignores. Before each
// round, it measures the round trip between two CPUs for 0.1 s ("# concbench
// bench: round 3 cpu-round-trip 412ns"). On a VM whose host moves the vCPUs
// while the suite runs (one core's two hyper-threads, then two cores) it
// jumps between two values, and report says so: jobs that hand work
// between CPUs many times per operation change speed with it.
//
// A round runs each -bench group one top-level benchmark at a time (the
// binary's -test.list: a group ^BenchmarkIO$/^api=mock$ is one run, a group
// . a run per benchmark function), each for every REF before the next
// starts. Before and after every such group run, it runs the machine probe:
// every CPU does the same fixed work at once for about -probe-time (integer
// arithmetic, math/big squaring and a random walk over 16 MiB in turn),
// each on a thread pinned to it on linux ("# concbench bench: round 3 probe
// slow=+1.2% bound=20% cpu0=48.2ms cpu1=48.7ms"). A probe's slowness is its
// slowest CPU's time against that CPU's median over the run's probes so
// far. Where the system reports it (Linux's pressure stall information,
// /proc/pressure/cpu), the probe after a group run also gives the run's
// CPU stall: the share of its time in which some task of the system waited
// for a CPU ("stall=0.7%"), which another job sharing the CPUs raises
// throughout the run, not only at its edges. A group run next to a probe
// more than -probe-bound slow, or (for a run at least ten probes long)
// whose stall exceeds the median stall of its group's other runs (of the
// same ref, not found disturbed, in this bench and, as its results file's
// stall-run lines name them, in earlier ones) by more than -stall-bound (5 points;
// 100% turns this off), is
// disturbed: at the end of the round bench runs it again, at most twice per
// round, each time after waiting (up to 3 s, probing every 0.25 s) for a
// probe within the bound, and for at most -probe-budget of the first runs'
// time in all (100%: a run at most doubles). The round keeps, of each
// group run, the one no probe found disturbed, and none when every one was
// (that round then has no result of the group, and benchstat's n one
// less); the others stay in the file as comment lines ("# concbench
// bench: disturbed BenchmarkX-2 ...") after a header with their probes'
// figures, so benchstat reads the runs kept, and report says how many runs
// were measured again, how many rounds lost a result, and why. Only the probes and the stalls decide which run is kept,
// never the benchmarks' values. The probes cost -probe-time per group run:
// about 4 s over make report's 2¾ minutes.
// -probe-time 0 leaves the machine probe out, -probe=false both probes.
//
// A REF that does not build, or whose benchmarks fail, is one line on
// stderr naming it; the other refs go on, and bench exits 1 at the end.
// Progress (round, ref, package, time left) shows on stderr as a bar when
// it is a terminal; otherwise bench prints one line per round to stderr
// (the round, its refs in the order they run, the time left); -q prints
// neither. The worktrees are removed on exit, also after SIGINT or
// SIGTERM.
//
// # trend
//
//	concbench trend [-o out] [-threshold 5%] [-alpha 5%] [-units sec/op] [-filter '*'] [-ignore keys]
//	                [-allow-missing] [-min-segment 2] [-seed 1] FILE...
//
// Trend follows every benchmark of the -units across three or more runs,
// one file each, such as bench writes (one per commit), in commit order.
// Run inside the repository, it places the files' commit: lines on one
// first-parent line: HEAD's first-parent history, or, when some of the
// commits come after HEAD, that of the newest of them (the one the others
// after HEAD lead to; HEAD's when they lead to none). A commit on the line is placed by its first-parent
// depth; a commit merged in from a side branch right before the merge
// that brought it in (the line's oldest commit it is an ancestor of),
// after its own ancestors, with a warning naming it; a commit that is not
// in the line's history at all (amended or rebased away, reachable only
// from the reflog, or another branch's) is left out of the runs, with a
// warning naming its file (a trend of fewer than three runs left is an
// error). The order the files are given in never changes the result.
// Elsewhere the runs are ordered by the files' commit-position: lines
// (each commit's first-parent depth, which commits of different branches
// can share: two runs at one depth, ordered by commit time, get a warning
// that their order is a guess and a merged branch's runs may interleave
// with its mainline's; run trend inside the repository for those); in
// files without them by their commit-time: lines; and in the order given
// when a file has none. When the last two runs tie by all of these and the
// files are named by their commits, in hash order, there is no newest run
// to gate: trend exits 3, could not decide. The working tree with uncommitted
// changes comes after its commit. Configuration lines that another
// harness writes to stamp its runs (a key with one value in each file and
// three or more over the files, such as runstamp: or a build's hash) set
// each run's benchmarks apart, as in benchstat's tables; trend names them
// and the -ignore that follows each benchmark across their values, as
// across commits. With fewer runs of a benchmark than the test needs
// (2 × -min-segment), it says that no change point can be seen. Committer
// time is to the second, and a rebase gives every commit the same: runs
// that nothing orders keep the order given, with a warning naming them
// (never by hash). These warnings (commits placed by the rule, left out,
// or kept in the order given) are also listed in TREND.md and the Changes
// section below the sentence that says how the runs were ordered. Files
// given in an order the history contradicts get a warning, unless that
// order says nothing: every file is named as bench names it (COMMIT.txt,
// as a glob of its directory lists them, in hash order) and none has a
// label (label=path).
// It prints the runs, the change points, each benchmark's median run by
// run (the benchmarks that changed first), and the verdicts on the newest
// run. It also writes, into the directory -o, trend.png (a panel per
// benchmark, those that changed first: each run's median and interval,
// the runs labelled by their short commit, else by file, each change point
// a dashed line) and TREND.md (the runs, the chart, each change point with
// its first run at the new level, step, interval and p-value, the verdict
// on the newest run, and a table of every run's median and interval).
// concbench report, given three or more files, adds the same change
// points, chart and verdict to REPORT.md as its Changes section, its runs
// in the same order.
//
// A change point is where a benchmark moved to a new level, found by
// binary segmentation: each boundary between runs is scored with the
// Mann-Whitney statistic of the samples before against those after
// (Pettitt's change-point statistic), and the best is tested by permuting
// the samples 999 times (α = 0.01), as E-divisive (Matteson and James
// 2014, on which Apache Otava builds) tests its splits. A change needs
// -min-segment runs on each side that agree with it, so one odd run is
// never a change. Each is printed with the first run at the new level, the
// step (the change of the median) with its 95% bootstrap interval, and
// its p-value. On series whose noise is drawn from A/A runs of this
// suite, a 20% step is found at the right run in 94% of trials, and a
// flat series gets a false change point in under 1%.
//
// The newest run is judged against its level (the runs since the last
// change point before it that the run before the newest cannot be told
// from by the U test and whose medians are within -threshold of its,
// pooled) with compare's gate and flags: -alpha, -threshold, -units,
// -filter, -allow-missing. A run the U test cannot tell apart at its
// sample size (3 samples a run: no p below 0.1) is never pooled: with so
// few samples the newest run is judged against the run before it alone,
// and the output says so. Only a benchmark that the run before the newest
// has can be missing from the newest run; one last seen earlier (renamed
// or removed) is listed as such, not a failure. The same file or the same
// label given twice is a usage error: each run counts once; so is
// standard input, "-". A run without results (its commit did not build)
// is left out with a warning. The exit
// status is compare's: 0 when the newest run starts no regression, 1 when
// it does, 3 when it could not decide (too few samples, a benchmark
// missing from the newest run).
//
// # bisect
//
//	concbench bisect -bench REGEXP[@BENCHTIME] [-pkg ./...] [-benchtime D] [-o out/bench] [-count 6]
//	                 [-max-count 30] [-threshold 5%] [-alpha 5%] [-args 'ARGS'] [-timeout 10m]
//	                 [-probe-time 30ms] [-probe-bound 20%] [-probe-budget 100%] [-stall-bound 5%]
//	                 [-profile] [-q] GOOD BAD
//
// Bisect finds the first commit on the first-parent path from GOOD to BAD
// (git rev-list --first-parent GOOD..BAD; GOOD must be an ancestor of BAD)
// at which the -bench benchmarks got slower (sec/op) than at GOOD by more
// than -threshold, in any Go module's git checkout. It measures BAD first:
// the benchmarks compare's gate finds slower there are the ones hunted
// (of those both GOOD and BAD have: one renamed or removed between them is
// not hunted, and the result notes it). Then it measures the commit in the middle of those still in question
// against GOOD, keeps the half the answer points to, and so on: about
// log2(n) commits of n. Each commit is measured with GOOD in -count
// interleaved rounds (bench's runner: both sides every round, the order
// alternating), and the gate decides on those rounds only: slower when a
// hunted benchmark is significantly slower by more than -threshold; not
// slower when none is, no median grew by more than -threshold, and the
// comparison could have detected the least change BAD's interval allows
// (at least -threshold); otherwise -count more rounds, up to -max-count,
// and then bisect gives up rather than guess. BAD is not slower than GOOD
// when the gate finds no change, no median grew by more than -threshold,
// and it could have detected twice -threshold. Each
// step is held to -alpha divided by the most steps the search can take,
// split over the looks it can take (one after each batch of -count
// rounds, up to -max-count): half at the first look, the other half in
// equal parts at the later ones, since each look is another chance of a
// false alarm. So -alpha bounds the chance that any step of the search
// is a false alarm. The machine probe is bench's (-probe-time, -probe-bound, -probe-budget,
// -stall-bound): a group run next to a disturbed probe, or stalled for a
// CPU beyond its group's typical stall, is measured again, decided by the
// probe and the stall alone. The batches of rounds share the probe's
// history: a run's stall is judged against every earlier run of its group
// at that commit in the search, not only against its own batch's.
//
// A commit that does not build, whose benchmarks fail or lack a hunted
// one, is skipped, as git bisect skip does: the commit next nearest the
// middle is measured instead; when only skipped commits are left, bisect
// lists them and exits 3. The rounds are kept as bench's results files in
// -o (COMMIT.txt, with the settings line of a bench with the same -pkg,
// -bench and -args), so bench, trend and compare use them, and a later
// bench with a larger -count adds to them; a second bisect measures
// again.
//
// Bisect prints the first slower commit and its subject (a merge, with
// the bisect that searches the branch it merged: the search follows the
// first parent and stops at the merge), the step (the
// median change of the worst hunted benchmark against GOOD, with its
// p-value and, in brackets, the changes its test does not reject at its
// level), the commit
// before it, every commit it measured with its verdict and rounds, and
// the method; it writes the same as markdown into -o/bisect.md. Each
// commit decided is also a line on stderr as it is (unless -q), and on a
// terminal a spinner shows the commit measured, its round and how many
// steps are left at most. -profile then takes CPU profiles at the commit
// before the change and the first slower one, as compare -profile does,
// and adds where the time grew to both outputs.
//
// Exit status: 0 found; 3 could not decide (BAD is not slower than GOOD,
// a commit stayed unclear after -max-count rounds, only skipped commits
// left, BAD or GOOD cannot be measured), with the reason as the last line
// on stderr; 2 a usage error; 1 another failure.
//
// # Examples
//
//	concbench run
//	concbench run -strategy all -iterations 3 -requests 20
//	concbench run -api local -strategy pipeline -workers 64 -out /tmp/results
//	concbench run -strategy errgroup/workers=8 -cpu-strategy pool/order=desc
//	concbench serve -addr 127.0.0.1:8080 -rate 50 -burst 10
//	concbench run -api http://127.0.0.1:8080 -strategy ratelimit -rate 50 -burst 10
//	concbench report -o out out/bench.txt
//	go test -bench . -count 10 ./... | concbench report -o out -
//	concbench report -col /size -filter '.unit:sec/op' old.txt new.txt
//	concbench report -format csv -ignore pkg old=base.txt new=head.txt
//	concbench compare -threshold 5% out/old.txt out/new.txt
//	concbench compare -format md -units sec/op,B/op out/old.txt out/new.txt
//	concbench compare -calibrate out/aa/A.txt out/aa/B.txt
//	concbench bench -pkg ./bench -bench 'BenchmarkCPU$@1x' -count 6 -args -scale=short HEAD~1 HEAD
//	concbench bench -bench . -benchtime 100x -count 3 v1.0.0 v1.1.0 main
//	concbench trend out/bench/*.txt
//	concbench compare -profile out/bench/5ce14cbd0e2f.txt out/bench/91aa07c3e5d1.txt
//	concbench bisect -bench 'BenchmarkDecode$' -pkg ./codec -profile v1.4.0 main
//
// # Exit status
//
// 0 on success (bisect: found); 1 on a failure, or when compare or trend
// finds a regression; 2 on a usage error (unknown command, bad flag,
// unknown strategy); 3 when compare, trend or bisect could not decide;
// 128 + the signal's number when interrupted: 130 after SIGINT, 143 after
// SIGTERM (but serve, which runs until a signal stops it, exits 0 after a
// clean shutdown). The first signal stops the work cleanly (worktrees and
// temporary files removed, no partial file); a second ends the process at
// once. Errors are one line on stderr.
package main

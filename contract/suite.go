package contract

// Configuration-line keys, printed once before the results. Each line is
// "key: value".
const (
	// Scale is the workload scale: full, report or short.
	Scale = "scale"
	// NumCPU is runtime.NumCPU().
	NumCPU = "numcpu"
	// GOMAXPROCS is runtime.GOMAXPROCS(0).
	GOMAXPROCS = "gomaxprocs"

	// IOLatency is the fixed latency of one API request, a Go duration.
	IOLatency = "io-latency"
	// IOJitter is the latency's jitter, a Go duration.
	IOJitter = "io-jitter"
	// IOIterations is the number of iterations of one IO run.
	IOIterations = "io-iterations"
	// IORequests is the number of requests per iteration.
	IORequests = "io-requests"
	// IOThrottleRate is the throttled API's token-bucket rate, req/s.
	IOThrottleRate = "io-throttle-rate"
	// IOThrottleBurst is the throttled API's token-bucket burst, requests.
	IOThrottleBurst = "io-throttle-burst"
	// IOTailSeed is the seed of BenchmarkIOTail's API, whose tail draws
	// pick which answers are slow.
	IOTailSeed = "io-tail-seed"

	// CPUTrial61Min and CPUTrial61Max are the first and last exponent of
	// the trial61 workload.
	CPUTrial61Min = "cpu-trial61-min"
	CPUTrial61Max = "cpu-trial61-max"
	// CPULLBound is the largest exponent of the ll workload.
	CPULLBound = "cpu-ll-bound"
	// CPULLExponents is the number of exponents of the ll workload.
	CPULLExponents = "cpu-ll-exponents"
)

// Benchmark-name keys: each level of a benchmark name below the function is
// key=value.
const (
	// Strategy names the concurrency strategy: strategy=pool.
	Strategy = "strategy"
	// Workers is a strategy's worker count: workers=32.
	Workers = "workers"
	// Order is the pool's order of the exponents: order=desc.
	Order = "order"
	// Workload names the CPU task's workload: workload=trial61.
	Workload = "workload"
	// API names the IO task's front end: api=mock, api=local, api=live.
	API = "api"
	// Transport is the HTTP transport of api=local: transport=tuned.
	Transport = "transport"
	// Check names a checker of BenchmarkChecker: check=lucaslehmer.
	Check = "check"
	// N is the exponent a checker checks: n=61.
	N = "n"
	// Reduce is lucaslehmer's reduction: reduce=shift.
	Reduce = "reduce"
	// Tail is the simulated API's latency tail (apisim.Tail): tail=1%x10,
	// 1% of the answers ten times slower.
	Tail = "tail"
)

// The reference values the report compares along a name key with.
const (
	// BaseStrategy is the strategy every other is compared with.
	BaseStrategy = "sequential"
	// BaseCheck is the checker the other checkers are compared with.
	BaseCheck = "trial"
	// BaseReduce is the reduction the other is compared with.
	BaseReduce = "mod"
)

// Strategy names the report explains by name: the cost of the first two
// varies from run to run by itself; the third takes a throttle's 429 as a
// signal to slow down, never as a wait. The strategies of impl/ are named
// with them.
const (
	// StrategyGoroutines starts a goroutine per piece, all at once.
	StrategyGoroutines = "goroutines"
	// StrategyProcesses runs its work in child processes.
	StrategyProcesses = "processes"
	// StrategyAdaptive finds the rate a service allows by AIMD.
	StrategyAdaptive = "adaptive"
)

// The values of the scale line.
const (
	ScaleFull   = "full"   // the sizes the README quotes (make bench)
	ScaleReport = "report" // what make report runs
	ScaleShort  = "short"  // quick mode (-short): wiring only
)

// The custom units the benchmarks report with b.ReportMetric.
const (
	UnitReqPerSec = "req/s"        // IO: requests per second
	UnitRetries   = "retries/op"   // IO: retried attempts per run
	UnitThrottled = "throttled/op" // IO: 429 answers per run
	UnitExponents = "exponents/s"  // CPU: exponents checked per second
	UnitHedges    = "hedges/op"    // IO: second copies the hedged strategy sent per run
)

// KV returns the name level "key=value".
func KV(key, value string) string { return key + "=" + value }

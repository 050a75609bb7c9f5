package bench

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/fanout"
	"github.com/concbench/concbench/impl/iobound"
)

// The IO task's front ends, the values of the api= name key.
const (
	frontMock  = "mock"
	frontLocal = "local"
	frontLive  = "live"
)

// apiName is the name level of a front end: api=mock.
func apiName(front string) string { return contract.KV(contract.API, front) }

// ioScale is the IO workload: the seed's 5 × 30 requests against an API with
// 20 ms ± 10% latency; -short shrinks it to check the wiring.
type ioScale struct {
	api        apisim.Config
	iterations int
	requests   int
	rate       float64 // the throttled API's token bucket, req/s
	burst      int
	workers    []int // BenchmarkIOScaling's worker counts
}

// The API of BenchmarkIOTail: 1% of the answers ten times slower. Its seed
// draws two slow first attempts among the 150 slots of the full scale and
// the 90 of the report scale, near the 1.5 a 1% tail gives on average
// (seed 1, the other benchmarks', draws none).
var (
	ioTail     = apisim.Tail{Percent: 1, Factor: 10}
	ioTailSeed = uint64(3)
)

func ioWorkload() ioScale {
	full := ioScale{
		api:        apisim.DefaultConfig,
		iterations: iobound.DefaultConfig.Iterations, requests: iobound.DefaultConfig.Requests,
		rate: 50, burst: 10,
		workers: []int{1, 2, 4, 8, 16, 32, 64, 128, 256},
	}
	switch scale() {
	case ScaleShort:
		return ioScale{
			api: apisim.Config{Seed: 1, Latency: 2 * time.Millisecond, Jitter: 200 * time.Microsecond},
			// Burst covers every request: a 429 costs a whole second
			// (Retry-After has a resolution of one second), too long here.
			iterations: 2, requests: 10, rate: 200, burst: 20,
			workers: []int{1, 4, 16},
		}
	case ScaleReport:
		// The same lessons in a fifth of the time: 3 iterations of 30
		// requests (90) at a quarter of the latency and six times the
		// rate. The throttle's floor, (90 − 10) / 300 = 0.27 s, stays
		// under sequential's 0.45 s, and sequential (200 req/s) under the
		// rate, while a strategy turned away waits at least a whole second.
		r := full
		r.iterations = 3
		r.api.Latency, r.api.Jitter = 5*time.Millisecond, 500*time.Microsecond
		r.rate = 300
		return r
	}
	return full
}

func init() {
	configs = append(configs, func() [][2]string {
		w := ioWorkload()
		return [][2]string{
			{contract.IOLatency, w.api.Latency.String()},
			{contract.IOJitter, w.api.Jitter.String()},
			{contract.IOIterations, strconv.Itoa(w.iterations)},
			{contract.IORequests, strconv.Itoa(w.requests)},
			{contract.IOThrottleRate, strconv.FormatFloat(w.rate, 'g', -1, 64)},
			{contract.IOThrottleBurst, strconv.Itoa(w.burst)},
			{contract.IOTailSeed, strconv.FormatUint(ioTailSeed, 10)},
		}
	})
}

func (w ioScale) config(dir string) iobound.Config {
	cfg := iobound.DefaultConfig
	cfg.Iterations, cfg.Requests = w.iterations, w.requests
	cfg.OutDir = dir
	return cfg
}

// BenchmarkIO runs every IO strategy against the mock, a real local server
// (with Go's default transport and a tuned one) and, when CONCBENCH_API_URL
// is set, a live API.
func BenchmarkIO(b *testing.B) {
	w := ioWorkload()
	b.Run(apiName(frontMock), func(b *testing.B) {
		for _, s := range iobound.Strategies {
			b.Run(fanout.Label(s), func(b *testing.B) { benchIO(b, w, w.api, frontMock, "", s) })
		}
	})
	b.Run(apiName(frontLocal), func(b *testing.B) {
		for _, tr := range []iobound.TransportKind{iobound.TransportDefault, iobound.TransportTuned} {
			b.Run(contract.KV(contract.Transport, string(tr)), func(b *testing.B) {
				for _, s := range iobound.Strategies {
					b.Run(fanout.Label(s), func(b *testing.B) { benchIO(b, w, w.api, frontLocal, tr, s) })
				}
			})
		}
	})
	b.Run(apiName(frontLive), func(b *testing.B) {
		url := os.Getenv("CONCBENCH_API_URL")
		if url == "" {
			b.Skip("CONCBENCH_API_URL is unset: no live API to call")
		}
		for _, s := range iobound.Strategies {
			b.Run(fanout.Label(s), func(b *testing.B) { benchLive(b, w, url, s) })
		}
	})
}

// BenchmarkIOScaling runs the pool strategy with 1 to 256 workers on the mock.
func BenchmarkIOScaling(b *testing.B) {
	w := ioWorkload()
	b.Run(apiName(frontMock), func(b *testing.B) {
		for _, n := range w.workers {
			s := iobound.Each{Fanout: fanout.Pool{Workers: n}}
			b.Run(fanout.Label(s), func(b *testing.B) { benchIO(b, w, w.api, frontMock, "", s) })
		}
	})
}

// BenchmarkIOThrottled runs every strategy against the mock throttled to
// io-throttle-rate req/s with a burst of io-throttle-burst; ratelimit paces
// itself to exactly that limit.
func BenchmarkIOThrottled(b *testing.B) {
	w := ioWorkload()
	api := w.api
	api.Rate, api.Burst = w.rate, w.burst
	b.Run(apiName(frontMock), func(b *testing.B) {
		for _, s := range iobound.Strategies {
			b.Run(fanout.Label(s), func(b *testing.B) { benchIO(b, w, api, frontMock, "", s) })
		}
	})
}

// BenchmarkIOTail runs sequential (the reference of every speedup) and the
// strategies that send every request at once, goroutines and hedged,
// against the mock with a latency tail (tail=1%x10: 1% of the answers ten
// times slower): without hedging, a run waits for its slowest answer;
// hedged sends a second copy of the requests still unanswered after the
// p95. Their time and p99-latency-ns show the difference; hedges/op counts
// the second copies.
func BenchmarkIOTail(b *testing.B) {
	w := ioWorkload()
	api := w.api
	api.Seed, api.Tail = ioTailSeed, ioTail
	b.Run(apiName(frontMock), func(b *testing.B) {
		b.Run(contract.KV(contract.Tail, ioTail.String()), func(b *testing.B) {
			for _, s := range iobound.Strategies {
				switch s.Name() {
				case contract.BaseStrategy, "goroutines", "hedged":
					b.Run(fanout.Label(s), func(b *testing.B) { benchIO(b, w, api, frontMock, "", s) })
				}
			}
		})
	})
}

// BenchmarkRequest is the cost of one request through the client with zero
// API latency: the overhead every strategy pays per request.
func BenchmarkRequest(b *testing.B) {
	for _, front := range []string{frontMock, frontLocal} {
		b.Run(apiName(front), func(b *testing.B) {
			api, err := apisim.New(apisim.Config{Seed: 1, DisableLog: true})
			if err != nil {
				b.Fatal(err)
			}
			t := target(b, front, api, iobound.TransportTuned, 1)
			c := iobound.NewClient(t.HTTP, t.BaseURL, apisim.DefaultParams, iobound.DefaultRetryPolicy)
			ctx := context.Background()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := c.Fetch(ctx, iobound.Slot{Request: i % 1000}); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), contract.UnitReqPerSec)
		})
	}
}

// target serves api on the named front end for the benchmark's duration.
func target(b *testing.B, front string, api *apisim.API, tr iobound.TransportKind, concurrency int) *iobound.Target {
	if front == frontMock {
		return iobound.MockTarget(api)
	}
	srv := httptest.NewServer(api.Handler())
	t, err := iobound.HTTPTarget(front, srv.URL, tr, concurrency)
	if err != nil {
		b.Fatal(err)
	}
	cfg := api.Config()
	t.Rate, t.Burst = cfg.Rate, cfg.Burst
	b.Cleanup(func() { t.Close(); srv.CloseClientConnections(); srv.Close() })
	return t
}

// benchIO times iobound.Run of strategy s against a fresh API of config ac
// served on front. After the timed loop it checks that the last run's files
// are byte-identical to the reference, so a wrong strategy fails the
// benchmark. Beside the time it reports req/s, retries/op and throttled/op
// (hedges/op for hedged), and, with a request as the piece, what
// fanout.Benchmark reports of a job's pieces: the p50, p99 and longest
// latency of a request, from the run's start until its answer was
// accepted, and the goroutines a run added at its peak (a fanout.Recorder,
// fed by the task's OnRequest).
func benchIO(b *testing.B, w ioScale, ac apisim.Config, front string, tr iobound.TransportKind, s iobound.Strategy) {
	api, err := apisim.New(ac)
	if err != nil {
		b.Fatal(err)
	}
	cfg := w.config(b.TempDir())
	t := target(b, front, api, tr, cfg.Total())
	want := ioReference(b, ac.Seed, cfg)
	ctx := context.Background()
	rec := fanout.NewRecorder(cfg.Total())
	cfg.OnRequest = func(s iobound.Slot) { rec.Done(s.Iteration*cfg.Requests + s.Request) }
	var retries, throttled, hedges int64
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		api.Reset() // a fresh token bucket and log for every run
		b.StartTimer()
		rec.Start()
		sum, err := iobound.Run(ctx, s, t, cfg)
		if err != nil {
			b.Fatal(err)
		}
		rec.End()
		retries += sum.Retries
		throttled += sum.Throttled
		hedges += sum.Hedges
	}
	b.StopTimer()
	checkFiles(b, cfg.OutDir, want)
	b.ReportMetric(float64(cfg.Total()*b.N)/b.Elapsed().Seconds(), contract.UnitReqPerSec)
	b.ReportMetric(float64(retries)/float64(b.N), contract.UnitRetries)
	b.ReportMetric(float64(throttled)/float64(b.N), contract.UnitThrottled)
	if _, ok := s.(iobound.Hedged); ok {
		b.ReportMetric(float64(hedges)/float64(b.N), contract.UnitHedges)
	}
	rec.Report(b)
}

// benchLive times a strategy against a live API; its content is not
// deterministic, so only success is checked.
func benchLive(b *testing.B, w ioScale, url string, s iobound.Strategy) {
	cfg := w.config(b.TempDir())
	t, err := iobound.HTTPTarget(frontLive, url, iobound.TransportTuned, cfg.Total())
	if err != nil {
		b.Fatal(err)
	}
	defer t.Close()
	var retries, throttled int64
	b.ReportAllocs()
	for b.Loop() {
		sum, err := iobound.Run(context.Background(), s, t, cfg)
		if err != nil {
			b.Fatal(err)
		}
		retries += sum.Retries
		throttled += sum.Throttled
	}
	b.ReportMetric(float64(cfg.Total()*b.N)/b.Elapsed().Seconds(), contract.UnitReqPerSec)
	b.ReportMetric(float64(retries)/float64(b.N), contract.UnitRetries)
	b.ReportMetric(float64(throttled)/float64(b.N), contract.UnitThrottled)
}

var refCache sync.Map // "seed/iterations/requests" → map[string][]byte

// ioReference returns the files sequential writes against a zero-latency,
// fault-free mock with the given seed.
func ioReference(b *testing.B, seed uint64, cfg iobound.Config) map[string][]byte {
	key := fmt.Sprint(seed, "/", cfg.Iterations, "/", cfg.Requests)
	if v, ok := refCache.Load(key); ok {
		return v.(map[string][]byte)
	}
	api, err := apisim.New(apisim.Config{Seed: seed})
	if err != nil {
		b.Fatal(err)
	}
	cfg.OutDir = b.TempDir()
	if _, err := iobound.Run(context.Background(), iobound.Each{Fanout: fanout.Sequential{}}, iobound.MockTarget(api), cfg); err != nil {
		b.Fatal(err)
	}
	files := map[string][]byte{}
	for i := range cfg.Iterations {
		files[iobound.FileName(i)] = readFile(b, filepath.Join(cfg.OutDir, iobound.FileName(i)))
	}
	refCache.Store(key, files)
	return files
}

func checkFiles(b *testing.B, dir string, want map[string][]byte) {
	for name, w := range want {
		if got := readFile(b, filepath.Join(dir, name)); !bytes.Equal(got, w) {
			b.Fatalf("%s differs from sequential's reference", name)
		}
	}
}

func readFile(b *testing.B, path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

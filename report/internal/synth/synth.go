// Package synth writes benchmark output shaped like the concbench suite's
// (the same names, units and configuration lines) with seeded noise, for
// tests and benchmarks that need large or tailored inputs.
package synth

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/concbench/concbench/contract"
)

// Options configures Write. The zero value writes one sample of each
// benchmark with seed 0.
type Options struct {
	Count int    // samples per benchmark; 0 means 1
	Seed  uint64 // seeds the noise

	// Noise is the relative spread of the samples; 0 means 0.02 (±2%).
	Noise float64

	// Slower scales the time of every benchmark whose name contains a key
	// by its value (1.3 is 30% slower).
	Slower map[string]float64

	// Only, when set, keeps the benchmarks whose name contains it.
	Only string

	// NoConfig leaves out the configuration lines.
	NoConfig bool
}

// Config is the configuration the suite prints, in order.
var Config = [][2]string{
	{"goos", "linux"},
	{"goarch", "amd64"},
	{"pkg", "github.com/concbench/concbench/bench"},
	{"cpu", "AMD EPYC 7B13"},
	{contract.NumCPU, "2"},
	{contract.GOMAXPROCS, "2"},
	{contract.IOLatency, "20ms"},
	{contract.IOJitter, "2ms"},
	{contract.IOIterations, "5"},
	{contract.IORequests, "30"},
	{contract.IOThrottleRate, "50"},
	{contract.IOThrottleBurst, "10"},
	{contract.CPULLBound, "4423"},
	{contract.Scale, contract.ScaleReport},
}

// A bench is one benchmark of the suite and its typical numbers.
type bench struct {
	name    string
	sec     float64 // median seconds per op
	metrics func(sec float64) string
}

const (
	lat      = 0.021 // seconds per request with jitter and overhead
	requests = 30
	iters    = 5
)

func ioMetrics(retries, throttled float64) func(float64) string {
	return func(sec float64) string {
		return fmt.Sprintf("%.1f req/s\t%g retries/op\t%g throttled/op\t%d B/op\t%d allocs/op",
			iters*requests/sec, retries, throttled, 1_200_000+int(sec*1000), 15_000)
	}
}

func cpuMetrics(exps int) func(float64) string {
	return func(sec float64) string {
		return fmt.Sprintf("%.2f exponents/s\t%d B/op\t%d allocs/op", float64(exps)/sec, 40_000, 300)
	}
}

func memMetrics(b, a int) func(float64) string {
	return func(float64) string { return fmt.Sprintf("%d B/op\t%d allocs/op", b, a) }
}

// Benchmarks returns the suite's benchmarks with their typical times on a
// 2-CPU machine.
func benchmarks() []bench {
	var bs []bench
	rounds := func(workers int) float64 { return iters * math.Ceil(requests/float64(workers)) }
	for _, api := range []struct {
		name  string
		extra float64
	}{{"api=mock", 0}, {"api=local/transport=default", 0.004}, {"api=local/transport=tuned", 0.001}} {
		l := lat + api.extra
		m := ioMetrics(0, 0)
		bs = append(bs,
			bench{"IO/" + api.name + "/strategy=sequential", iters * requests * l, m},
			bench{"IO/" + api.name + "/strategy=goroutines", iters * (l + 0.002), m},
			bench{"IO/" + api.name + "/strategy=pool/workers=32", rounds(32) * (l + 0.002), m},
			bench{"IO/" + api.name + "/strategy=errgroup/workers=32", rounds(32) * (l + 0.0018), m},
			bench{"IO/" + api.name + "/strategy=ratelimit", (iters*requests - 10) / 50.0, m},
			bench{"IO/" + api.name + "/strategy=pipeline", l*2.2 + 0.004, m},
			bench{"IO/" + api.name + "/strategy=singlethread", iters * (l + 0.003), m},
		)
		if api.name == "api=mock" {
			bs = append(bs, bench{"IO/" + api.name + "/strategy=processes", iters * (l + 0.045), m})
		}
	}
	for _, s := range []string{"pool", "errgroup"} {
		for _, w := range []int{1, 2, 4, 8, 16, 32, 64, 128} {
			bs = append(bs, bench{fmt.Sprintf("IOScaling/api=mock/strategy=%s/workers=%d", s, w), rounds(w) * (lat + 0.0005*math.Log2(float64(w))), ioMetrics(0, 0)})
		}
	}
	bs = append(bs,
		bench{"IOThrottled/api=mock/strategy=sequential", iters * requests * lat, ioMetrics(0, 0)},
		bench{"IOThrottled/api=mock/strategy=ratelimit", 2.8 + lat, ioMetrics(0, 0)},
		bench{"IOThrottled/api=mock/strategy=pool/workers=32", 3.05, ioMetrics(96, 96)},
	)
	for _, wl := range []struct {
		name string
		seq  float64
		exps int
		big  float64 // share of the largest exponent
	}{{"trial61", 1.9, 60, 0.93}, {"ll", 2.0, 594, 0.02}, {"seed", 0.004, 26, 0.3}} {
		par := wl.seq * math.Max(0.5, wl.big)
		m := cpuMetrics(wl.exps)
		bs = append(bs,
			bench{"CPU/workload=" + wl.name + "/strategy=sequential", wl.seq, m},
			bench{"CPU/workload=" + wl.name + "/strategy=goroutines", par * 1.03, m},
			bench{"CPU/workload=" + wl.name + "/strategy=pool/workers=2", par * 1.01, m},
			bench{"CPU/workload=" + wl.name + "/strategy=static/workers=2", wl.seq * math.Max(0.65, wl.big), m},
			bench{"CPU/workload=" + wl.name + "/strategy=processes", par*1.05 + 0.003, m},
		)
		switch wl.name {
		case "trial61":
			bs = append(bs, bench{"CPU/workload=trial61/strategy=splitrange/workers=2", wl.seq * 0.52, m})
		case "ll":
			bs = append(bs, bench{"CPU/workload=ll/strategy=pool/workers=2/order=desc", wl.seq * 0.505, m})
		}
	}
	for _, w := range []int{1, 2, 4, 8} {
		bs = append(bs, bench{fmt.Sprintf("CPUScaling/workload=ll/strategy=pool/workers=%d", w), 2.0 / math.Min(float64(w), 2) * (1 + 0.01*float64(w)), cpuMetrics(594)})
	}
	for _, n := range []int{31, 61} {
		t := 1e-9 * math.Pow(2, float64(n)/2) * 1.3
		bs = append(bs,
			bench{fmt.Sprintf("Checker/check=trial/n=%d", n), t, memMetrics(0, 0)},
			bench{fmt.Sprintf("Checker/check=lucaslehmer/n=%d/reduce=mod", n), 2.4e-6 * float64(n) / 31, memMetrics(3000, 90)},
			bench{fmt.Sprintf("Checker/check=lucaslehmer/n=%d/reduce=shift", n), 1.6e-6 * float64(n) / 31, memMetrics(2000, 60)},
		)
	}
	bs = append(bs,
		bench{"Checker/check=lucaslehmer/n=4423/reduce=mod", 0.0112, memMetrics(1_800_000, 13_000)},
		bench{"Checker/check=lucaslehmer/n=4423/reduce=shift", 0.0071, memMetrics(1_200_000, 8_800)},
	)
	return bs
}

// Names returns the full names (without "Benchmark" and the GOMAXPROCS
// suffix) of the benchmarks Write writes.
func Names() []string {
	var ns []string
	for _, b := range benchmarks() {
		ns = append(ns, b.name)
	}
	return ns
}

// Write writes suite output with opts to w, as "go test -bench -count N"
// prints it: every benchmark once, then again, N times.
func Write(w io.Writer, opts Options) error {
	count := max(opts.Count, 1)
	noise := opts.Noise
	if noise == 0 {
		noise = 0.02
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x636f6e6362656e63))
	var sb strings.Builder
	if !opts.NoConfig {
		for _, kv := range Config {
			fmt.Fprintf(&sb, "%s: %s\n", kv[0], kv[1])
		}
	}
	bs := benchmarks()
	for i := 0; i < count; i++ {
		for _, b := range bs {
			if opts.Only != "" && !strings.Contains(b.name, opts.Only) {
				continue
			}
			sec := b.sec
			for k, f := range opts.Slower {
				if strings.Contains(b.name, k) {
					sec *= f
				}
			}
			// Benchmark noise is skewed: mostly small, sometimes slow.
			sec *= 1 + noise*(rng.NormFloat64()*0.5+math.Abs(rng.NormFloat64())*0.5)
			iters := max(1, int(1/sec))
			fmt.Fprintf(&sb, "Benchmark%s-2\t%8d\t%12.0f ns/op\t%s\n", b.name, iters, sec*1e9, b.metrics(sec))
		}
	}
	fmt.Fprintf(&sb, "PASS\nok  \tgithub.com/concbench/concbench/bench\t%.3fs\n", 1.0)
	_, err := io.WriteString(w, sb.String())
	return err
}

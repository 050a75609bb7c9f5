package bench

import (
	"context"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/impl/cpubound"
	"github.com/concbench/concbench/impl/fanout"
)

// cpuScale is the CPU task's share of a scale: the workloads and the
// parameters of the checker and scaling benchmarks.
type cpuScale struct {
	trial61 cpubound.Workload
	ll      cpubound.Workload
	llBound int
	checkN  int   // the exponent trial, trialkp and lucaslehmer are compared on
	llN     []int // the exponents of the reduce=shift vs reduce=mod comparison
	workers []int // BenchmarkCPUScaling's worker counts
}

// cpuReportBound is the ll bound of the report scale: the same lessons as
// LLBound at half the time.
const cpuReportBound = 3000

func cpuWorkload() cpuScale {
	c := cpuScale{
		trial61: cpubound.Trial61(false),
		ll:      cpubound.LL(false),
		llBound: cpubound.LLBound,
		checkN:  61,
		llN:     []int{1279, 4423},
		workers: workerCounts(runtime.NumCPU()),
	}
	switch scale() {
	case ScaleShort:
		c.trial61, c.ll, c.llBound = cpubound.Trial61(true), cpubound.LL(true), cpubound.LLShortBound
		c.checkN, c.llN = 31, []int{127, 607}
	case ScaleReport:
		// Trial division at n = 61 takes 2.5 s a check, as long as trial61
		// itself (2^61 − 1 is nearly all its work): at n = 31 the checkers
		// keep their lesson at a thousandth of the time.
		c.ll, c.llBound = cpubound.LLUpTo(cpuReportBound), cpuReportBound
		c.checkN = 31
	}
	return c
}

// workerCounts returns 1, 2, 4, … up to 2×ncpu, with ncpu and 2×ncpu.
func workerCounts(ncpu int) []int {
	var ns []int
	for n := 1; n < 2*ncpu; n *= 2 {
		ns = append(ns, n)
	}
	ns = append(ns, ncpu, 2*ncpu)
	slices.Sort(ns)
	return slices.Compact(ns)
}

func init() {
	configs = append(configs, func() [][2]string {
		c := cpuWorkload()
		e := c.trial61.Exponents
		return [][2]string{
			{contract.NumCPU, strconv.Itoa(runtime.NumCPU())},
			{contract.GOMAXPROCS, strconv.Itoa(runtime.GOMAXPROCS(0))},
			{contract.CPUTrial61Min, strconv.Itoa(e[0])},
			{contract.CPUTrial61Max, strconv.Itoa(e[len(e)-1])},
			{contract.CPULLBound, strconv.Itoa(c.llBound)},
			{contract.CPULLExponents, strconv.Itoa(len(c.ll.Exponents))},
		}
	})
}

// cpuWorkloads returns the workloads of BenchmarkCPU.
func cpuWorkloads(b *testing.B) []cpubound.Workload {
	c := cpuWorkload()
	seed, err := cpubound.Seed(seedLetterCounts(b))
	if err != nil {
		b.Fatal(err)
	}
	return []cpubound.Workload{c.trial61, c.ll, seed}
}

// BenchmarkCPU runs every strategy on every workload it supports:
// BenchmarkCPU/workload=ll/strategy=pool/workers=2/order=desc.
func BenchmarkCPU(b *testing.B) {
	for _, w := range cpuWorkloads(b) {
		b.Run(contract.KV(contract.Workload, w.Name), func(b *testing.B) {
			for _, s := range cpubound.Strategies {
				if cpubound.Supports(s, w.Checker) == nil {
					b.Run(fanout.Label(s), func(b *testing.B) { benchCPU(b, s, w) })
				}
			}
		})
	}
}

// BenchmarkCPUScaling runs the strategies that scale with the number of
// workers (pool on ll, splitrange on trial61) at 1 … 2×NumCPU workers.
func BenchmarkCPUScaling(b *testing.B) {
	c := cpuWorkload()
	for _, sc := range []struct {
		w cpubound.Workload
		s cpubound.Strategy
	}{
		{c.ll, cpubound.Pool{}},
		{c.trial61, cpubound.SplitRange{}},
	} {
		b.Run(contract.KV(contract.Workload, sc.w.Name), func(b *testing.B) {
			for _, n := range c.workers {
				s, _ := fanout.WithWorkers(sc.s, n)
				b.Run(fanout.Label(s), func(b *testing.B) { benchCPU(b, s, sc.w) })
			}
		})
	}
}

// benchCPU is the driver of the CPU benchmarks: it times s.Run on w, then
// checks the last results.
func benchCPU(b *testing.B, s cpubound.Strategy, w cpubound.Workload) {
	b.ReportAllocs()
	ctx := b.Context()
	var res []cpubound.Result
	for b.Loop() {
		var err error
		if res, err = s.Run(ctx, w); err != nil {
			b.Fatal(err)
		}
	}
	if err := cpubound.Verify(w, res); err != nil {
		b.Fatalf("%s: %v", fanout.Label(s), err)
	}
	b.ReportMetric(float64(len(w.Exponents)*b.N)/b.Elapsed().Seconds(), contract.UnitExponents)
}

// BenchmarkChecker times one check: trial, trialkp and lucaslehmer on the
// same exponent (BenchmarkChecker/check=trialkp/n=61), and lucaslehmer's two
// reductions on larger ones (BenchmarkChecker/check=lucaslehmer/n=4423/reduce=mod).
func BenchmarkChecker(b *testing.B) {
	c := cpuWorkload()
	type checkCase struct {
		name string
		c    cpubound.Checker
		n    int
	}
	var cases []checkCase
	for _, ch := range cpubound.Checkers {
		cases = append(cases, checkCase{checkName(ch.Name(), c.checkN, ""), ch, c.checkN})
	}
	for _, n := range c.llN {
		for _, r := range []cpubound.Reduction{cpubound.ReduceShift, cpubound.ReduceMod} {
			ll := cpubound.LucasLehmer{Reduce: r}
			cases = append(cases, checkCase{checkName(ll.Name(), n, string(r)), ll, n})
		}
	}
	for _, cc := range cases {
		b.Run(cc.name, func(b *testing.B) {
			b.ReportAllocs()
			ctx := context.Background()
			var prime bool
			for b.Loop() {
				var err error
				if prime, err = cc.c.IsMersennePrime(ctx, cc.n); err != nil {
					b.Fatal(err)
				}
			}
			if _, want := slices.BinarySearch(cpubound.MersenneExponents, cc.n); prime != want {
				b.Fatalf("%s: 2^%d-1 prime=%t, want %t", cc.c.Name(), cc.n, prime, want)
			}
		})
	}
}

// checkName is BenchmarkChecker's name below the function:
// check=NAME/n=N, then /reduce=R when reduce is set.
func checkName(check string, n int, reduce string) string {
	s := contract.KV(contract.Check, check) + "/" + contract.KV(contract.N, strconv.Itoa(n))
	if reduce != "" {
		s += "/" + contract.KV(contract.Reduce, reduce)
	}
	return s
}

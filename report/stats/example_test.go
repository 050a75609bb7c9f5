package stats_test

import (
	"fmt"
	"strings"

	"github.com/concbench/concbench/report/stats"
)

func ExampleSpeedups() {
	var b strings.Builder
	for i, ns := range []int{3100, 3120, 3090, 3150, 3110, 3105} {
		fmt.Fprintf(&b, "BenchmarkIO/api=mock/strategy=sequential-2 1 %d000000 ns/op\n", ns)
		fmt.Fprintf(&b, "BenchmarkIO/api=mock/strategy=pool/workers=32-2 1 %d000000 ns/op\n", 105+i)
	}
	ts, err := stats.FromText("bench.txt", b.String())
	if err != nil {
		fmt.Println(err)
		return
	}
	t := ts.Unit("sec/op")
	groups, err := stats.Speedups(t, 0, &stats.Strategy)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range groups {
		for _, s := range g.Members {
			fmt.Printf("%s, %s: %s (%s), p=%.3f\n", g.Title(), s.Label(), stats.Times(s.Ratio.Center), stats.TimesInterval(s.Ratio), s.Comparison.P)
		}
	}
	// Output:
	// BenchmarkIO api=mock, pool workers=32: 28.9× (28.1–30.0×), p=0.002
}

func ExampleHuman() {
	fmt.Println(stats.Human(3.1234, "sec/op"))
	fmt.Println(stats.Human(0.0382, "sec/op"))
	fmt.Println(stats.Human(1_200_000, "B/op"))
	fmt.Println(stats.Human(51_800_000_000, "B/s"))
	fmt.Println(stats.Human(47.6, "req/s"))
	fmt.Println(stats.Times(28.74), stats.Times(1.043), stats.Times(150), stats.Times(91500.4))
	// Output:
	// 3.123 s
	// 38.20 ms
	// 1.144 MiB
	// 48.24 GiB/s
	// 47.60 req/s
	// 28.7× 1.04× 150× 91,500×
}

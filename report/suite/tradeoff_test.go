package suite

import (
	"fmt"
	"github.com/concbench/concbench/report/model"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/chart"
)

// A pieceRow is a strategy of a fanout.Benchmark job: the medians of its
// time and p99 latency (ns) and of its peak goroutines.
type pieceRow struct {
	strategy      string
	ns, p99, peak float64
}

// jobOutput writes fanout.Benchmark-shaped output of a job of 10,000
// pieces: 12 samples of each row spread evenly over ±1% of its medians,
// with the per-piece units' metadata lines when unitLines is set.
func jobOutput(t *testing.T, rows []pieceRow, unitLines bool) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\npkg: example.com/job\nnumcpu: 2\npieces: 10000\n")
	if unitLines {
		for _, u := range contract.PieceUnits {
			b.WriteString(contract.LowerIsBetterLine(u) + "\n")
		}
	}
	for i := range 12 {
		f := 1 + 0.01*(2*float64(i)/11-1)
		for _, r := range rows {
			fmt.Fprintf(&b, "BenchmarkJob/strategy=%s-2\t10\t%.0f ns/op\t%.0f p50-latency-ns\t%.0f p99-latency-ns\t%.0f max-latency-ns\t%.2f peak-goroutines\n",
				r.strategy, r.ns*f, r.p99*f/2, r.p99*f, r.p99*f*1.01, r.peak*f)
		}
	}
	path := filepath.Join(t.TempDir(), "bench.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The issue's example: a pool of 8 is 10% slower than goroutines, but its
// p99 is 5× lower and it holds 8 goroutines, not 10,003.
var issueJob = []pieceRow{
	{"sequential", 500e6, 495e6, 0},
	{"goroutines", 20e6, 19e6, 10003},
	{"pool/workers=2", 250e6, 5e6, 2},
	{"pool/workers=8", 22e6, 3.8e6, 8},
	{"singlethread", 24e6, 19e6, 10001},
}

// TestTradeoffVerdict: the paragraph under a group's table states, from
// the numbers, the trade-off of the strategy with the lowest p99 and of
// the one with the fewest goroutines against the winner, and claims only
// what the test finds significant.
func TestTradeoffVerdict(t *testing.T) {
	same := []pieceRow{ // pool's time and peak are goroutines': only its p99 differs
		{"sequential", 500e6, 495e6, 0},
		{"goroutines", 20e6, 19e6, 10003},
		{"pool/workers=8", 20e6, 3.8e6, 10003},
	}
	for _, c := range []struct {
		name     string
		rows     []pieceRow
		has, not []string
	}{
		{"the issue's example", issueJob, []string{
			"Beside time, against **goroutines** (the winner), by the Mann-Whitney U test at α = 0.05",
			"**pool workers=8** has the lowest p99 piece latency: it is 10.0% slower (",
			"its p99 piece latency is 5.00× lower (",
			"it holds 8 goroutines at its peak, not 10,003 (p=0.000)",
			"**pool workers=2** holds the fewest goroutines of the concurrent strategies: it is 12.5× slower (",
			"| strategy | time/op | speedup vs sequential | p | n | p50 latency | p99 latency | max latency | peak goroutines |",
			"| pool workers=8 | 22.00 ms ± 1% | 22.7× (22.4–23.0×) | 0.000 | 12 | 1.900 ms | 3.800 ms | 3.838 ms | 8.000 |",
			"![Your benchmarks by strategy: p99 piece latency against time per run](jobs-latency.png)",
			"    - beside time: **pool workers=8** has the lowest p99, 5.00× lower than goroutines', and is 10% slower; **pool workers=2** holds the fewest goroutines, 2, not 10,003, and is 12.5× slower.",
		}, nil},
		{"no difference in time or goroutines", same, []string{
			"against **goroutines** (the fastest median)",
			"**pool workers=8** has the lowest p99 piece latency: its time does not differ significantly (p=1.000), its p99 piece latency is 5.00× lower (",
			"its peak goroutines do not differ significantly (10,003 against 10,003, p=1.000)",
			// Of equal peaks, the faster holds the fewest: the fastest itself.
			// and the tie is named.
			"**goroutines** itself holds the fewest goroutines of the concurrent strategies, as does pool workers=8 (p99 19.00 ms, 10,003 goroutines).",
			"    - beside time: **pool workers=8** has the lowest p99, 5.00× lower than goroutines', in no significantly different time; **goroutines** also holds the fewest goroutines, as does pool workers=8.",
		}, []string{"slower (", "faster ("}},
	} {
		t.Run(c.name, func(t *testing.T) {
			hasNot(t, reportOf(t, jobOutput(t, c.rows, true)), c.has, c.not)
		})
	}
}

// TestNoPieceUnits: output without the per-piece units (an older
// fanout.Benchmark, the CPU task) has no trade-off and no latency chart.
func TestNoPieceUnits(t *testing.T) {
	path := suiteOutput(t, []spreadRow{
		{"CPU/workload=seed/strategy=sequential", 136e3, 0.01, ""},
		{"CPU/workload=seed/strategy=pool/workers=2", 92e3, 0.01, ""},
	})
	hasNot(t, reportOf(t, path), []string{"### BenchmarkCPU workload=seed"}, []string{"Beside time", "latency.png", "p99 latency"})
}

// TestPieceUnitsWithoutUnitLines: the per-piece units are lower is better
// without their "Unit … better=lower" lines (model.Better): every table of
// them says so, as with the lines, and the report is the same.
func TestPieceUnitsWithoutUnitLines(t *testing.T) {
	for _, lines := range []bool{true, false} {
		in, err := report.Load(report.Options{Files: []string{jobOutput(t, issueJob, lines)}, Preset: Preset})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, tb := range in.Tables.Tables {
			if slices.Contains(pieceUnits, tb.Unit) {
				n++
				if tb.Better != -1 {
					t.Errorf("unit lines %v: table of %s has Better %d, want -1", lines, tb.Unit, tb.Better)
				}
			}
		}
		if n != len(pieceUnits) {
			t.Errorf("unit lines %v: %d tables of the per-piece units, want %d", lines, n, len(pieceUnits))
		}
	}
	gen := func(lines bool) string {
		dir := t.TempDir()
		if _, err := report.Generate(report.Options{Files: []string{"job.txt=" + jobOutput(t, issueJob, lines)}, OutDir: dir, Preset: Preset}); err != nil {
			t.Fatal(err)
		}
		md, err := os.ReadFile(filepath.Join(dir, report.ReportFile))
		if err != nil {
			t.Fatal(err)
		}
		return string(md)
	}
	with, without := gen(true), gen(false)
	if with != without {
		t.Errorf("the report changes without the unit lines:\n%s\nwith them:\n%s", without, with)
	}
	if !strings.Contains(without, "it holds 8 goroutines at its peak, not 10,003") {
		t.Errorf("without the unit lines, no trade-off:\n%s", without)
	}
}

// TestIOCharts: of the recorded -short run of the IO benchmarks
// (../testdata/io-short.txt), io-speedup.png draws every group, the tail
// group too, and io-latency.png has a panel per group, the tail's with
// sequential, goroutines and hedged: total time and p99 with and without
// hedging.
func TestIOCharts(t *testing.T) {
	in, err := report.Load(report.Options{Files: []string{filepath.Join("..", "testdata", "io-short.txt")}, Preset: Preset})
	if err != nil {
		t.Fatal(err)
	}
	a := analyze(in)
	if len(a.tasks) != 1 || a.tasks[0].prefix != "io" {
		t.Fatalf("tasks %v, want the IO task", a.tasks)
	}
	io := a.tasks[0]
	sp := speedupChart(io)
	if got := len(sp.Drawn()); got != len(sp.Rows) || got != 5 {
		t.Errorf("io-speedup.png draws %d of %d rows, want all 5", got, len(sp.Rows))
	}
	lc := latencyChart(io)
	if lc == nil || len(lc.Panels) != 5 {
		t.Fatalf("io-latency.png: %v, want 5 panels", lc)
	}
	if lc.XBetter != chart.LowerBetter || lc.YBetter != chart.LowerBetter {
		t.Errorf("io-latency.png: directions %v and %v, want lower is better for both (the better corner bottom left)", lc.XBetter, lc.YBetter)
	}
	// The panels follow the suite's order (TestSuiteOrder).
	var titles []string
	for _, p := range lc.Panels {
		titles = append(titles, p.Title)
	}
	want := []string{"BenchmarkIO api=mock", "BenchmarkIO api=local/transport=default", "BenchmarkIO api=local/transport=tuned", "BenchmarkIOThrottled api=mock", "BenchmarkIOTail api=mock/tail=1%x10"}
	if !slices.Equal(titles, want) {
		t.Errorf("io-latency.png's panels %q, want %q", titles, want)
	}
	tail := lc.Panels[4]
	var labels []string
	for _, p := range tail.Points {
		labels = append(labels, p.Label)
		if !strings.Contains(p.Text, "p99 ") || !strings.Contains(p.Text, "goroutine") || !(p.X.Lo <= p.X.Center && p.X.Center <= p.X.Hi) || !(p.Y.Lo <= p.Y.Center && p.Y.Center <= p.Y.Hi) {
			t.Errorf("tail panel: point %+v lacks its numbers or intervals", p)
		}
	}
	if tail.Title != "BenchmarkIOTail api=mock/tail=1%x10" || !slices.Equal(labels, []string{"sequential", "goroutines", "hedged"}) {
		t.Errorf("tail panel %q: %v, want sequential, goroutines and hedged", tail.Title, labels)
	}
}

// TestUntestable: the U test's smallest two-sided p-value, 2/C(n1+n2, n1),
// is above α = 0.05 at 3 samples a side (0.1) and 3 against 4 (0.057), and
// below it at 4 a side (0.029).
func TestUntestable(t *testing.T) {
	for _, c := range []struct {
		n1, n2 int
		want   bool
	}{{3, 3, true}, {2, 2, true}, {1, 30, true}, {4, 4, false}, {3, 4, true}, {3, 5, false}, {2, 10, false}, {6, 6, false}, {0, 6, false}} {
		if got := untestable(model.Ratio{N1: c.n1, N2: c.n2}); got != c.want {
			t.Errorf("untestable(%d, %d) = %v, want %v", c.n1, c.n2, got, c.want)
		}
	}
}

// TestPeakClauseTellsCountsApart: two peak counts that round alike get
// the decimals that tell them apart, so a sentence never says "268, more
// than 268"; one goroutine is singular.
func TestPeakClauseTellsCountsApart(t *testing.T) {
	sig := model.Ratio{Significant: true, P: 0.04}
	for _, c := range []struct {
		a, b float64
		want string
	}{
		{268.4, 268.1, "it holds 268.4 goroutines at its peak, more than 268.1 (p=0.040)"},
		{8, 269, "it holds 8 goroutines at its peak, not 269 (p=0.040)"},
		{1, 4, "it holds 1 goroutine at its peak, not 4 (p=0.040)"},
		{120.04, 120.01, "it holds 120.04 goroutines at its peak, more than 120.01 (p=0.040)"},
	} {
		if got := peakClause(sig, c.a, c.b); got != c.want {
			t.Errorf("peakClause(%g, %g) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}

package suite

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
)

// lines writes n samples of a benchmark around ns nanoseconds per op.
func lines(name string, ns float64, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Benchmark%s-2 1 %.0f ns/op\n", name, ns*(1+0.01*float64(i%3)))
	}
	return b.String()
}

// timeTable returns the sec/op table of one run of benchmark text, as
// the suite groups it, and the run's column.
func timeTable(t *testing.T, text string) (*model.Table, model.Key) {
	t.Helper()
	b, err := model.NewBuilder(spec)
	if err != nil {
		t.Fatal(err)
	}
	info, err := parse.Scan([]parse.Source{{Path: "-", Label: "bench.txt"}}, strings.NewReader(text), func(r *benchfmt.Result) { b.Add(r) })
	if err != nil {
		t.Fatal(err)
	}
	for _, tab := range b.Tables(info.Units).Tables {
		if tab.Unit == "sec/op" {
			return tab, tab.Cols[0]
		}
	}
	t.Fatal("no sec/op table")
	return nil, model.Key{}
}

func TestSpeedups(t *testing.T) {
	text := lines("IO/api=mock/strategy=sequential", 3e9, 6) +
		lines("IO/api=mock/strategy=pool/workers=32", 1e8, 6) +
		lines("IO/api=local/transport=tuned/strategy=sequential", 3.3e9, 6) +
		lines("IO/api=local/transport=tuned/strategy=errgroup/workers=32", 1.1e8, 6) +
		lines("IOScaling/api=mock/strategy=pool/workers=16", 2e8, 6) +
		lines("IOScaling/api=mock/strategy=pool/workers=2", 1.5e9, 6) +
		lines("CPU/workload=ll/strategy=sequential", 2e9, 6) +
		lines("CPU/workload=ll/strategy=pool/workers=2/order=desc", 1e9, 6) +
		lines("CPU/workload=ll/strategy=pool/workers=2", 1.01e9, 6) +
		lines("CPUScaling/workload=ll/strategy=pool/workers=4", 1.02e9, 6) +
		lines("Request/api=mock", 1e4, 6)
	tab, col := timeTable(t, text)
	groups := speedups(tab, col, &strategyAxis)
	var got []string
	for _, g := range groups {
		s := g.Title() + ":"
		if g.Borrowed {
			s += " (borrowed " + g.Base.Name + ")"
		}
		for _, m := range g.Members {
			s += fmt.Sprintf(" %s=%.1f", m.Label(), m.Ratio.Center)
		}
		got = append(got, s)
	}
	want := []string{
		"BenchmarkIO api=mock: pool workers=32=30.0",
		"BenchmarkIO api=local/transport=tuned: errgroup workers=32=30.0",
		"BenchmarkIOScaling api=mock: (borrowed IO/api=mock/strategy=sequential-2) pool workers=16=15.0 pool workers=2=2.0",
		"BenchmarkCPU workload=ll: pool workers=2 order=desc=2.0 pool workers=2=2.0",
		"BenchmarkCPUScaling workload=ll: (borrowed CPU/workload=ll/strategy=sequential-2) pool workers=4=2.0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	s := groups[0].Members[0]
	if !s.Significant() || s.Comparison.P > 0.01 {
		t.Errorf("pool vs sequential: p=%v, want significant", s.Comparison.P)
	}
	if !(s.Ratio.Lo < s.Ratio.Center && s.Ratio.Center < s.Ratio.Hi) || !s.Ratio.Finite() {
		t.Errorf("interval %+v does not surround its center", s.Ratio)
	}
	if w := groups[0].Winner(); w != s {
		t.Errorf("winner %v, want pool", w)
	}
}

func TestMissingBaseline(t *testing.T) {
	text := lines("CPU/workload=ll/strategy=pool/workers=2", 1e9, 6) +
		lines("CPU/workload=trial61/strategy=sequential", 2e9, 6)
	tab, col := timeTable(t, text)
	groups := speedups(tab, col, &strategyAxis)
	if len(groups) != 2 || groups[0].Title() != "BenchmarkCPU workload=ll" || groups[0].Base != nil || len(groups[0].Members) != 1 {
		t.Fatalf("groups %v, want workload=ll without a reference first", groups)
	}
	if s := groups[0].Members[0]; !math.IsNaN(s.Ratio.Center) || s.Significant() || groups[0].Winner() != nil {
		t.Errorf("a member without a reference: ratio %v, significant %v", s.Ratio.Center, s.Significant())
	}
}

// TestCheckerAxes compares checkers with trial at the same n and the shift
// reduction with mod, without errors where no reference exists.
func TestCheckerAxes(t *testing.T) {
	text := lines("Checker/check=trial/n=31", 9e4, 6) +
		lines("Checker/check=trialkp/n=31", 2.4e3, 6) +
		lines("Checker/check=lucaslehmer/n=31", 3.7e3, 6) +
		lines("Checker/check=lucaslehmer/n=127/reduce=shift", 1.9e4, 6) +
		lines("Checker/check=lucaslehmer/n=127/reduce=mod", 3.5e4, 6)
	tab, col := timeTable(t, text)
	var got []string
	for i := range axes {
		for _, g := range speedups(tab, col, &axes[i]) {
			s := fmt.Sprintf("%s by %s (base %v):", g.Title(), g.Axis.Key, g.Base != nil)
			for _, m := range g.Members {
				s += fmt.Sprintf(" %s=%.2f", m.Label(), m.Ratio.Center)
			}
			got = append(got, s)
		}
	}
	want := []string{
		"BenchmarkChecker n=31 by check (base true): trialkp=37.50 lucaslehmer=24.32",
		"BenchmarkChecker n=127 by check (base false): lucaslehmer reduce=shift=NaN lucaslehmer reduce=mod=NaN",
		"BenchmarkChecker check=lucaslehmer/n=127 by reduce (base true): shift=1.84",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestGOMAXPROCS keeps runs with -cpu 1,2 apart: a group per GOMAXPROCS,
// told apart in their titles.
func TestGOMAXPROCS(t *testing.T) {
	text := strings.ReplaceAll(lines("CPU/workload=ll/strategy=sequential", 2e9, 6)+lines("CPU/workload=ll/strategy=pool/workers=2", 1e9, 6), "-2 ", " ") +
		lines("CPU/workload=ll/strategy=sequential", 2e9, 6) + lines("CPU/workload=ll/strategy=pool/workers=2", 1.1e9, 6)
	tab, col := timeTable(t, text)
	groups := speedups(tab, col, &strategyAxis)
	var titles []string
	for _, g := range groups {
		titles = append(titles, fmt.Sprintf("%s: %.2f", g.Title(), g.Members[0].Ratio.Center))
	}
	want := "BenchmarkCPU workload=ll gomaxprocs=1: 2.00, BenchmarkCPU workload=ll gomaxprocs=2: 1.82"
	if got := strings.Join(titles, ", "); got != want {
		t.Errorf("groups %s, want %s", got, want)
	}
}

// TestNaturalCompare: runs of digits compare as numbers, the rest byte by
// byte, so that groups of one benchmark read n=31, n=127, n=1279.
func TestNaturalCompare(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"n=31", "n=127", -1},
		{"n=1279", "n=4423", -1},
		{"n=061", "n=61", 0},
		{"workload=ll", "workload=seed", -1},
		{"workload=trial61", "workload=seed", 1},
		{"n=31", "n=31/x", -1},
		{"", "", 0},
	} {
		if got := naturalCompare(c.a, c.b); got != c.want {
			t.Errorf("naturalCompare(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := naturalCompare(c.b, c.a); got != -c.want {
			t.Errorf("naturalCompare(%q, %q) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

// TestSuiteOrder: the suite's groups come in the order of package bench,
// whatever order the results file has them in (a group run measured again
// at the end of a round comes after the others); a user's benchmarks keep
// the order of their results, after the suite's.
func TestSuiteOrder(t *testing.T) {
	in := []string{
		"Checker check=lucaslehmer/n=4423", "Mine x=2", "IOTail api=mock/tail=1%x10", "CPU workload=seed",
		"Checker n=31", "IO api=local/transport=tuned", "Checker check=lucaslehmer/n=1279", "CPU workload=ll",
		"IO api=live", "Mine x=1", "IOThrottled api=mock", "CPU workload=trial61", "IO api=local/transport=default", "IO api=mock",
	}
	want := []string{
		"IO api=mock", "IO api=local/transport=default", "IO api=local/transport=tuned", "IO api=live",
		"IOThrottled api=mock", "IOTail api=mock/tail=1%x10",
		"CPU workload=trial61", "CPU workload=ll", "CPU workload=seed",
		"Checker n=31", "Checker check=lucaslehmer/n=1279", "Checker check=lucaslehmer/n=4423",
		"Mine x=2", "Mine x=1",
	}
	var ts []*table
	for _, s := range in {
		name, label, _ := strings.Cut(s, " ")
		ts = append(ts, &table{group: &group{Name: name, Label: label}})
	}
	slices.SortStableFunc(ts, compareTables)
	var got []string
	for _, tb := range ts {
		got = append(got, tb.Name+" "+tb.Label)
	}
	if !slices.Equal(got, want) {
		t.Errorf("order\n%q\nwant\n%q", got, want)
	}
}

package suite

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/model"
)

// A roundRow is a benchmark of roundsOutput: its median time in ns and
// how many times a round measures it.
type roundRow struct {
	name     string
	ns       float64
	perRound int
}

// roundsOutput writes the suite's output as concbench bench writes it
// (marked: its settings line, and a marker naming the pass after each
// round) or as plain go test -count output (the same values, without the
// runner's lines): 6 rounds, in which slow[r] slows every benchmark of
// round r alike (a slow spell across the round); each value has a little
// noise of its own.
func roundsOutput(t *testing.T, rows []roundRow, slow map[int]float64, marked bool) string {
	t.Helper()
	var b strings.Builder
	if marked {
		b.WriteString(contract.BenchPrefix + "pkg=\"./bench\" bench=\".\"\n")
	}
	b.WriteString("goos: linux\ngoarch: amd64\npkg: github.com/concbench/concbench/bench\nnumcpu: 2\ngomaxprocs: 2\nscale: report\ncpu-ll-bound: 3000\n")
	i := 0
	for r := 1; r <= 6; r++ {
		f := slow[r]
		if f == 0 {
			f = 1
		}
		for k := range 3 {
			for _, row := range rows {
				if k >= row.perRound {
					continue
				}
				i++
				noise := 1 + 0.002*float64((i*7)%5-2)
				fmt.Fprintf(&b, "Benchmark%s-2\t1\t%.0f ns/op\n", row.name, row.ns*f*noise)
			}
		}
		if marked {
			b.WriteString("PASS\n" + contract.RoundDoneIn(r, contract.Pass{Run: "20261204T210443Z-0000beef", Index: r}))
		}
	}
	path := filepath.Join(t.TempDir(), "bench.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// analysisOf reads path as report does and returns the suite's analysis.
func analysisOf(t *testing.T, path string) *analysis {
	t.Helper()
	in, err := report.Load(report.Options{Files: []string{path}, Preset: Preset})
	if err != nil {
		t.Fatal(err)
	}
	return analyze(in)
}

// groupOf returns the analysis' table titled title.
func groupOf(t *testing.T, a *analysis, title string) *table {
	t.Helper()
	for _, tk := range a.tasks {
		for _, g := range tk.all() {
			if g.Title() == title {
				return g
			}
		}
	}
	t.Fatalf("no group %s", title)
	return nil
}

// member returns the group's member labelled label.
func member(t *testing.T, g *table, label string) *speedup {
	t.Helper()
	for _, s := range g.Members {
		if s.Label() == label {
			return s
		}
	}
	t.Fatalf("%s has no member %s", g.Title(), label)
	return nil
}

// spellRounds slows rounds 2 and 5 by 30% (both sides of every pair).
var spellRounds = map[int]float64{2: 1.3, 5: 1.3}

// TestPairedSpeedup: of the runner's output, a slow spell that hits both
// sides of a round leaves the paired speedup as it is, and its interval
// narrow, where the conservative interval from the two medians' intervals
// (the fallback of plain output, with the same values) spans the spell.
func TestPairedSpeedup(t *testing.T) {
	rows := []roundRow{
		{"CPU/workload=ll/strategy=sequential", 2e9, 2},
		{"CPU/workload=ll/strategy=pool/workers=2", 1e9, 2},
	}
	paired := member(t, groupOf(t, analysisOf(t, roundsOutput(t, rows, spellRounds, true)), "BenchmarkCPU workload=ll"), "pool workers=2")
	plainG := groupOf(t, analysisOf(t, roundsOutput(t, rows, spellRounds, false)), "BenchmarkCPU workload=ll")
	plain := member(t, plainG, "pool workers=2")
	if paired.Pairs != 12 || plain.Pairs != 0 {
		t.Fatalf("pairs: %d of the runner's output (want 12: 2 a round), %d of plain output (want 0)", paired.Pairs, plain.Pairs)
	}
	if want := model.SummaryRatio(plainG.BaseCell.Summary, plain.Cell.Summary); plain.Ratio != want {
		t.Errorf("plain output: speedup %+v, want the conservative %+v", plain.Ratio, want)
	}
	r := paired.Ratio
	if math.Abs(r.Center-2) > 0.01 || !(r.Lo > 1.98 && r.Hi < 2.02 && r.Lo <= r.Center && r.Center <= r.Hi) {
		t.Errorf("paired: %+v, want 2.00× within ±1%%", r)
	}
	if !(plain.Ratio.Lo < 1.6 && plain.Ratio.Hi > 2.5) {
		t.Errorf("conservative: %+v, want the spell in its interval (below 1.6×, above 2.5×): the case this test is for", plain.Ratio)
	}
}

// TestPairedCounts: a round in which the reference ran once and the
// strategy twice gives one pair, of their geometric means; rounds missing
// on one side give none.
func TestPairedCounts(t *testing.T) {
	a := analysisOf(t, roundsOutput(t, []roundRow{
		{"CPU/workload=ll/strategy=sequential", 2e9, 1},
		{"CPU/workload=ll/strategy=pool/workers=2", 1e9, 2},
	}, spellRounds, true))
	g := groupOf(t, a, "BenchmarkCPU workload=ll")
	s := member(t, g, "pool workers=2")
	if s.Pairs != 6 {
		t.Fatalf("%d pairs, want 6: one a round", s.Pairs)
	}
	var ratios []float64
	for r := 1; r <= 6; r++ {
		ref, cand := g.BaseCell.InRound(r), s.Cell.InRound(r)
		ratios = append(ratios, ref[0]/math.Sqrt(cand[0]*cand[1]))
	}
	got := roundRatios(g.BaseCell, s.Cell)
	for i := range ratios {
		if len(got) != len(ratios) || math.Abs(got[i]-ratios[i]) > 1e-12 {
			t.Fatalf("ratios %v, want %v", got, ratios)
		}
	}
	if got := roundRatios(s.Cell, &model.Cell{Measured: []model.Measurement{{Value: 1, Round: 9}}}); len(got) != 0 {
		t.Errorf("cells without a common round: ratios %v", got)
	}
}

// TestPairedWinner: the winner's prose and the ties read the paired
// intervals. pool (2.0×) and goroutines (1.8×) through two slow rounds:
// paired, pool wins, its interval clear of goroutines' speedup; from the
// same values without rounds, the conservative interval holds 1.8× and
// the report calls a tie. Each REPORT.md names its method.
func TestPairedWinner(t *testing.T) {
	rows := []roundRow{
		{"CPU/workload=ll/strategy=sequential", 2e9, 2},
		{"CPU/workload=ll/strategy=pool/workers=2", 1e9, 2},
		{"CPU/workload=ll/strategy=goroutines", 1.111e9, 2},
	}
	for _, marked := range []bool{true, false} {
		path := roundsOutput(t, rows, spellRounds, marked)
		g := groupOf(t, analysisOf(t, path), "BenchmarkCPU workload=ll")
		h, v := headline(g), verdict(g)
		md := reportOf(t, path)
		if marked {
			w := g.Winner()
			if w == nil || w.Label() != "pool workers=2" || len(tied(g.group, g.Ranked(), w)) > 0 {
				t.Fatalf("paired: winner %v, headline %q", w, h)
			}
			iv := timesInterval(w.Ratio)
			if !strings.HasPrefix(h, "**pool workers=2** wins, **"+times(w.Ratio.Center)+" faster than sequential** ("+iv+")") || !strings.Contains(v, "interval "+iv) || !strings.Contains(v, "It beats the runner-up, goroutines") {
				t.Errorf("paired: headline %q\nverdict %q\nwant pool winning with its paired interval %s", h, v, iv)
			}
			hasNot(t, md, []string{"**speedup** is paired by round", "Speedups are paired by round", "- **Speedup, paired by round**"}, []string{"Speedups are the ratio of the medians", "tie"})
		} else {
			if !strings.Contains(h, "tie") || !strings.Contains(v, "no winner") {
				t.Errorf("plain: headline %q, verdict %q; want a tie", h, v)
			}
			hasNot(t, md, []string{"Speedups are the ratio of the medians, with a conservative interval", "- **Speedup** = median time"}, []string{"paired by round"})
		}
	}
}

// TestPairedCharts: the speedup chart and the scaling chart draw the
// paired speedups and their intervals.
func TestPairedCharts(t *testing.T) {
	a := analysisOf(t, roundsOutput(t, []roundRow{
		{"CPU/workload=ll/strategy=sequential", 2e9, 2},
		{"CPU/workload=ll/strategy=pool/workers=2", 1e9, 2},
		{"CPUScaling/workload=ll/strategy=pool/workers=1", 2.02e9, 2},
		{"CPUScaling/workload=ll/strategy=pool/workers=2", 1.01e9, 2},
		{"CPUScaling/workload=ll/strategy=pool/workers=4", 1.03e9, 2},
	}, spellRounds, true))
	var cpu *task
	for _, tk := range a.tasks {
		if tk.prefix == "cpu" {
			cpu = tk
		}
	}
	if cpu == nil {
		t.Fatal("no CPU task")
	}
	s := member(t, groupOf(t, a, "BenchmarkCPU workload=ll"), "pool workers=2")
	sp := speedupChart(cpu)
	if sp == nil || len(sp.Rows) != 1 || len(sp.Rows[0].Points) != 1 {
		t.Fatalf("speedup chart %+v", sp)
	}
	if p := sp.Rows[0].Points[0]; s.Pairs == 0 || p.Ratio != 1/s.Ratio.Center || p.Lo != 1/s.Ratio.Hi || p.Hi != 1/s.Ratio.Lo {
		t.Errorf("speedup chart draws %+v, want the paired %+v (%d pairs) as a time ratio", p, s.Ratio, s.Pairs)
	}
	sc := scalingChart(cpu)
	if sc == nil || len(sc.Panels) != 1 || len(sc.Panels[0].Series) != 1 {
		t.Fatalf("scaling chart %+v", sc)
	}
	scaling := groupOf(t, a, "BenchmarkCPUScaling workload=ll")
	for i, pt := range sc.Panels[0].Series[0].Points {
		m := scaling.Members[i]
		if m.Pairs != 12 || pt.Y.Center != m.Ratio.Center || pt.Y.Lo != m.Ratio.Lo || pt.Y.Hi != m.Ratio.Hi {
			t.Errorf("scaling chart at %g workers: %+v, want the paired %+v (%d pairs)", pt.X, pt.Y, m.Ratio, m.Pairs)
		}
	}
	if !strings.Contains(sp.Subtitle, "paired by round") || !strings.Contains(sc.Subtitle, "paired by round") {
		t.Errorf("subtitles %q, %q do not name the method", sp.Subtitle, sc.Subtitle)
	}
}

// TestHeadlineNoInterval: with 5 samples, or 5 pairs, the U test can tell
// a 2× speedup (p = 0.008) but benchmath gives its median no interval.
// The headline names the difference and says that the samples cannot
// size it; it never calls a significant difference noise.
func TestHeadlineNoInterval(t *testing.T) {
	rows := []roundRow{
		{"CPU/workload=ll/strategy=sequential", 2e9, 1},
		{"CPU/workload=ll/strategy=pool/workers=2", 1e9, 1},
	}
	for _, marked := range []bool{true, false} {
		path := roundsOutput(t, rows, nil, marked)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// drop round 6: 5 values each
		cut := strings.Index(string(data), contract.RoundDoneIn(5, contract.Pass{Run: "20261204T210443Z-0000beef", Index: 5}))
		if !marked {
			lines := strings.SplitAfter(string(data), "\n")
			cut = len(strings.Join(lines[:len(lines)-3], ""))
		}
		if cut < 0 {
			t.Fatal("no marker of round 5")
		}
		if err := os.WriteFile(path, data[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		g := groupOf(t, analysisOf(t, path), "BenchmarkCPU workload=ll")
		s := member(t, g, "pool workers=2")
		if s.Comparison.N2 != 5 || !s.Significant() {
			t.Fatalf("marked %v: n=%d p=%v; want 5 samples, significant", marked, s.Comparison.N2, s.Comparison.P)
		}
		h := headline(g)
		want := map[bool]string{true: "5 pairs", false: "5 samples each"}[marked]
		if !strings.HasPrefix(h, "**pool workers=2** is faster than sequential by the U test (") || !strings.Contains(h, "×, p=0.008), but "+want+" give no interval") || strings.Contains(h, "beyond noise") {
			t.Errorf("marked %v: headline %q", marked, h)
		}
	}
}

// TestMethodSentence: a task whose speedups come both paired and from the
// medians says how many of each, in words.
func TestMethodSentence(t *testing.T) {
	got := speedupMethod{paired: 3, medians: 2}.sentence()
	if want := "3 speedups are paired by round, 2 (of results without rounds) the ratio of the medians; each table says which"; !strings.Contains(got, want) {
		t.Errorf("sentence %q, want it to contain %q", got, want)
	}
	if got := (speedupMethod{paired: 3}).sentence(); !strings.HasPrefix(got, "Speedups are paired by round") {
		t.Errorf("paired only: %q", got)
	}
	if got := (speedupMethod{medians: 2}).sentence(); !strings.HasPrefix(got, "Speedups are the ratio of the medians") {
		t.Errorf("medians only: %q", got)
	}
}

// TestSignificantButWide: in a real unsteady run (testdata/suite/
// seed-unsteady.txt), the highest median is not significant while one
// ranked lower passes the U test, its table row without ~, with a paired
// interval that holds 1×: the headline names both, so that it and the
// table do not seem to disagree.
func TestSignificantButWide(t *testing.T) {
	g := groupOf(t, analysisOf(t, "../../testdata/suite/seed-unsteady.txt"), "BenchmarkCPU workload=seed")
	h := headline(g)
	o := member(t, g, "pool workers=2 order=desc")
	if !o.Significant() || !(o.Ratio.Lo < 1 && 1 < o.Ratio.Hi) {
		t.Fatalf("order=desc: p=%.3f, interval %s; the recording should give a significant U test and an interval holding 1×", o.Comparison.P, timesInterval(o.Ratio))
	}
	want := fmt.Sprintf("pool workers=2 order=desc is by the U test (%s, p=%.3f), but its interval, %s, includes 1×", times(o.Ratio.Center), o.Comparison.P, timesInterval(o.Ratio))
	if !strings.HasPrefix(h, "nothing is significantly faster than sequential") || !strings.Contains(h, want) {
		t.Errorf("headline %q\nwant it to start with nothing significantly faster and contain %q", h, want)
	}
}

// TestAboveTheWinner: in a recording where the winner (pool workers=2
// order=desc, the one whose interval leaves out 1×) has two members with
// higher medians whose intervals hold 1×, the verdict names each the way
// its own evidence goes: one not significant by the U test, one that is
// (p ≤ α) yet has an interval holding 1×; a median printed as the
// winner's is written with more digits; and the member after the winner
// is "the next below it", not the runner-up.
func TestAboveTheWinner(t *testing.T) {
	g := groupOf(t, analysisOf(t, "../../testdata/suite/seed-above.txt"), "BenchmarkCPU workload=seed")
	v := timeVerdict(g)
	w := g.Winner()
	if w == nil || w.Label() != "pool workers=2 order=desc" {
		t.Fatalf("winner %v; the recording should make pool workers=2 order=desc the winner\n%s", w, v)
	}
	above := above(g.Ranked(), w)
	var sig, notSig int
	for _, s := range above {
		if s.Significant() {
			sig++
			if !strings.Contains(v, escape(s.Label())+" has a higher median") || !strings.Contains(v, fmt.Sprintf("by the U test, p=%.3f, but its interval, %s, includes 1×", s.Comparison.P, timesInterval(s.Ratio))) {
				t.Errorf("%s (p=%.3f) not named as significant by the U test with an interval holding 1×:\n%s", s.Label(), s.Comparison.P, v)
			}
		} else {
			notSig++
			if !strings.Contains(v, fmt.Sprintf("but differs from sequential by no more than noise: p=%.3f", s.Comparison.P)) {
				t.Errorf("%s (p=%.3f) not named as within noise:\n%s", s.Label(), s.Comparison.P, v)
			}
		}
		if times(s.Ratio.Center) == times(w.Ratio.Center) && !strings.Contains(v, fmt.Sprintf("%.3f× against %.3f×", s.Ratio.Center, w.Ratio.Center)) {
			t.Errorf("%s's median, printed as the winner's, not written with more digits:\n%s", s.Label(), v)
		}
	}
	if sig == 0 || notSig == 0 {
		t.Fatalf("%d members above the winner significant by the U test, %d not; the recording should have both", sig, notSig)
	}
	if strings.Contains(v, "runner-up") || !strings.Contains(v, "It beats the next below it, ") {
		t.Errorf("the member after the winner called the runner-up, with members above it:\n%s", v)
	}
}

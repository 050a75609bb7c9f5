package trend

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/report/gate"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// runs returns a sample of six values around each level.
func runs(levels ...float64) [][]float64 {
	var rs [][]float64
	for i, l := range levels {
		rs = append(rs, []float64{l * 0.99, l, l * 1.01, l * 1.005, l * 0.995, l * (1 + float64(i%3)*0.001)})
	}
	return rs
}

// TestAnalyze: the series that changed comes first, with its change
// point; the newest run of each is judged against its level by the gate,
// in the unit's direction, and the decision is the gate's.
func TestAnalyze(t *testing.T) {
	lower, higher := gate.LowerIsBetter, gate.HigherIsBetter
	series := []Series{
		{Name: "Flat", Unit: "sec/op", Better: lower, Samples: runs(1, 1, 1, 1, 1)},
		{Name: "Stepped", Unit: "sec/op", Better: lower, Samples: runs(1, 1, 2, 2, 2)},
		{Name: "NewestSlower", Unit: "sec/op", Better: lower, Samples: runs(1, 1, 1, 1, 1.5)},
		{Name: "NewestFewerOps", Unit: "ops/s", Better: higher, Samples: runs(10, 10, 10, 10, 5)},
		{Name: "NewestFaster", Unit: "sec/op", Better: lower, Samples: runs(1, 1, 1, 1, 0.5)},
	}
	res, err := Analyze(series, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tr := res.Trends[0]; tr.Name != "Stepped" || len(tr.Changes) != 1 || tr.Changes[0].Index != 2 || tr.Level != 2 {
		t.Fatalf("first trend %s with changes %+v, level %d; want Stepped, a change at run 2, judged from run 2", tr.Name, tr.Changes, tr.Level)
	}
	want := map[string]gate.Kind{"Flat": gate.NoChange, "Stepped": gate.NoChange, "NewestSlower": gate.Slower, "NewestFewerOps": gate.Slower, "NewestFaster": gate.Faster}
	for _, tr := range res.Trends {
		if tr.Verdict == nil || tr.Verdict.Kind != want[tr.Name] {
			t.Errorf("%s: newest run %+v, want %v", tr.Name, tr.Verdict, want[tr.Name])
		}
		if len(tr.Points) != 5 || tr.Points[0].N != 6 {
			t.Errorf("%s: points %+v", tr.Name, tr.Points)
		}
	}
	if res.Gate.Decision != gate.Regression || res.Gate.Decision.ExitCode() != 1 {
		t.Errorf("decision %v (%s), want a regression", res.Gate.Decision, res.Gate.Reason)
	}

	undecided := []Series{
		{Name: "Flat", Unit: "sec/op", Better: lower, Samples: runs(1, 1, 1, 1, 1)},
		{Name: "Tiny", Unit: "sec/op", Better: lower, Samples: [][]float64{{1}, {1}, {2}}},
	}
	if _, err := Analyze(undecided, Options{}); err == nil {
		t.Error("series of 5 and 3 runs accepted")
	}
	undecided[0].Samples = runs(1, 1, 1)
	if res, err := Analyze(undecided, Options{}); err != nil || res.Gate.Decision != gate.Undecided || res.Gate.Decision.ExitCode() != 3 {
		t.Errorf("too few samples: %v, %+v; want could not decide", err, res.Gate)
	}
	missing := []Series{{Name: "Gone", Unit: "sec/op", Better: lower, Samples: [][]float64{{1, 1, 1, 1}, {1, 1, 1, 1}, nil}}}
	if res, err := Analyze(missing, Options{}); err != nil || res.Gate.Decision != gate.Undecided || len(res.Gate.Missing) != 1 {
		t.Errorf("missing from the newest run: %v, %+v; want could not decide", err, res.Gate)
	}
	if _, err := Analyze(series[:1], Options{Method: gate.Method{Alpha: 2}}); err == nil {
		t.Error("alpha 2 accepted")
	}
	if _, err := Analyze([]Series{{Name: "Two", Samples: runs(1, 1)}}, Options{}); err != ErrTooFewRuns {
		t.Errorf("two runs: %v", err)
	}
}

// TestFiles: files are put in commit-time order whatever the order given,
// the step is named at the right file, and the text names it.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	levels := []float64{1, 1, 2, 2} // the third commit doubles BenchmarkSlow
	var paths []string
	for i := len(levels) - 1; i >= 0; i-- { // newest first
		var b strings.Builder
		fmt.Fprintf(&b, "commit: c%d\ncommit-time: 2026-01-02T03:0%d:00Z\nref: r%d\ngoos: linux\npkg: example.com/tiny\n", i, i, i)
		for j, f := range []float64{0.99, 1, 1.01, 1.005, 0.995, 1.002} {
			fmt.Fprintf(&b, "BenchmarkSlow-2  10  %.0f ns/op\nBenchmarkFast-2  1000  %d ns/op\n", 1e6*levels[i]*f, 100+j)
		}
		p := filepath.Join(dir, fmt.Sprintf("c%d.txt", i))
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	res, err := Files(paths, FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res.Runs {
		if want := fmt.Sprintf("c%d.txt", i); filepath.Base(r.Label) != want || r.Commit != fmt.Sprintf("c%d", i) {
			t.Errorf("run %d: %+v, want %s", i, r, want)
		}
	}
	tr := res.Trends[0]
	if tr.Name != "Slow-2" || len(tr.Changes) != 1 || tr.Changes[0].Index != 2 {
		t.Fatalf("first trend %s, changes %+v; want Slow-2 changed at run 2", tr.Name, tr.Changes)
	}
	var out bytes.Buffer
	if err := res.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Slow-2 (sec/op): from run 3 (c2.txt): +100.0%", "| 2.002m", "PASS: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the text has no %q:\n%s", want, out.String())
		}
	}
	if _, err := Files(paths[:2], FileOptions{}); err != ErrTooFewRuns {
		t.Errorf("two files: %v", err)
	}

	// A commit whose package did not build has a run without results: it
	// is left out with a warning, and the trend is the same.
	broken := filepath.Join(dir, "broken.txt")
	if err := os.WriteFile(broken, []byte("# example.com/tiny\n./tiny.go:3:1: syntax error\nFAIL\texample.com/tiny [build failed]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	res, err = Files(append(paths, broken), FileOptions{Warnings: &warn})
	if err != nil {
		t.Fatalf("with a run without results: %v", err)
	}
	if len(res.Runs) != len(levels) || !strings.Contains(warn.String(), "broken.txt: no benchmark results") {
		t.Errorf("%d runs, warnings %q: want %d runs and broken.txt left out", len(res.Runs), warn.String(), len(levels))
	}
	if tr := res.Trends[0]; tr.Name != "Slow-2" || len(tr.Changes) != 1 || tr.Changes[0].Index != 2 {
		t.Errorf("with a run without results: first trend %s, changes %+v; want Slow-2 changed at run 2", tr.Name, tr.Changes)
	}
}

// TestOrderUnknowable: helper 30's case. Outside the repository, runs at
// one first-parent depth (two branches) are ordered by commit time with a
// caveat that says it is a guess; and runs named by their commits' hashes
// (a glob's hash order) that nothing orders, the last two among them,
// give no newest run to gate: an error, not a verdict on a guess.
func TestOrderUnknowable(t *testing.T) {
	dir := t.TempDir()
	write := func(name, commit, time string, position int) string {
		t.Helper()
		var b strings.Builder
		fmt.Fprintf(&b, "commit: %s\ncommit-time: %s\n", commit, time)
		if position > 0 {
			fmt.Fprintf(&b, "commit-position: %d\n", position)
		}
		b.WriteString("goos: linux\npkg: example.com/tiny\n")
		for j := range 6 {
			fmt.Fprintf(&b, "BenchmarkFast-2  1000  %d ns/op\n", 100+j)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	hash := func(i int) string { return fmt.Sprintf("%012x%028d", 0xa0+i, 0) }
	// Two branches from the second commit: depths 1, 2, 3, 3.
	var branched []string
	for i, pos := range []int{1, 2, 3, 3} {
		branched = append(branched, write(fmt.Sprintf("b%d.txt", i), hash(i), fmt.Sprintf("2026-01-02T03:0%d:00Z", i), pos))
	}
	var warn bytes.Buffer
	if _, err := Files(branched, FileOptions{Warnings: &warn}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(warn.String(), "b2.txt and "+branched[3]+" are at the same first-parent depth, 3, so on different branches") {
		t.Errorf("no caveat for two branches at one depth: %q", warn.String())
	}
	// Same second, no positions, files named as bench names them.
	var same []string
	for i := range 4 {
		same = append(same, write(hash(i)[:12]+".txt", hash(i), "2026-01-02T03:00:00Z", 0))
	}
	if _, err := Files(same, FileOptions{}); err == nil || !strings.Contains(err.Error(), "the newest run cannot be told") {
		t.Errorf("runs nothing orders, hash-named: %v; want no newest run", err)
	}
	// Labelled, the order given means something: it is kept.
	var labelled []string
	for i, p := range same {
		labelled = append(labelled, fmt.Sprintf("r%d=%s", i, p))
	}
	if _, err := Files(labelled, FileOptions{}); err != nil {
		t.Errorf("labelled runs: %v", err)
	}
}

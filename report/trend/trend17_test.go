package trend

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report/gate"
)

// Rule: with fewer runs than a change point needs on each side, the trend
// says it cannot see one, and gates the newest run against the one before
// it alone: javor's Freq-2, 1.98 s, 1.17 s, 0.39 s, is judged against
// 1.17 s, never against runs 1–2 pooled as one "level".
func TestTooFewRuns(t *testing.T) {
	res, err := Analyze([]Series{
		{Name: "Freq-2", Unit: "sec/op", Better: gate.LowerIsBetter, Samples: runs(1.98, 1.17, 0.39)},
		{Name: "Flat", Unit: "sec/op", Better: gate.LowerIsBetter, Samples: runs(1, 1, 1)},
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.TooFew {
		t.Fatal("3 runs: TooFew false")
	}
	for _, tr := range res.Trends {
		if tr.Level != 1 || len(tr.Changes) != 0 {
			t.Errorf("%s: level from run %d, %d changes; want the run before the newest, none", tr.Name, tr.Level+1, len(tr.Changes))
		}
		if tr.Name == "Freq-2" && (tr.Verdict == nil || tr.Verdict.Kind != gate.Faster || tr.Verdict.OldMedian > 1.2) {
			t.Errorf("Freq-2: verdict %+v, want faster than run 2 (1.17)", tr.Verdict)
		}
	}
	fr := &FileResult{Result: res, Runs: []Run{{Label: "a.txt"}, {Label: "b.txt"}, {Label: "c.txt"}}}
	md := fr.Markdown("")
	for _, want := range []string{"No change point can be seen in 3 runs", "against the run before it"} {
		if !strings.Contains(md, want) {
			t.Errorf("Changes section lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "every benchmark stayed at its level") {
		t.Errorf("Changes section claims a level it could not test:\n%s", md)
	}
	if sub := fr.Chart().Subtitle; !strings.Contains(sub, "no change point can be seen") {
		t.Errorf("chart subtitle %q", sub)
	}
}

// Rule: a level never pools runs whose samples differ significantly, even
// where no change point was found: the level of the newest run starts
// after the last run that differs from the runs after it.
func TestLevelNeverPoolsDifferentRuns(t *testing.T) {
	for _, c := range []struct {
		levels []float64
		from   int
		want   int
	}{
		{[]float64{1, 1, 1, 1, 1}, 0, 0},       // one level: every run before the newest
		{[]float64{1, 1, 1.3, 1.3, 2}, 0, 2},   // runs 3–4 differ from 1–2
		{[]float64{1, 1, 1, 1.3, 1.3}, 0, 3},   // only run 4
		{[]float64{1, 1.3, 1, 1, 1}, 2, 2},     // from a change point at run 3
		{[]float64{1, 1, 1, 1, 1.3}, 0, 0},     // the newest is not in its own level
		{[]float64{1, 1.3, 1.3, 1.3, 1}, 0, 1}, // a step up and back
	} {
		if got, _ := steadyFrom(runs(c.levels...), c.from, len(c.levels)-1, gate.Default.Threshold); got != c.want {
			t.Errorf("levels %v from run %d: level from run %d, want %d", c.levels, c.from+1, got+1, c.want+1)
		}
	}
	// Missing runs are passed over.
	s := runs(1, 1, 1, 1)
	s[2] = nil
	if got, _ := steadyFrom(s, 0, 3, gate.Default.Threshold); got != 0 {
		t.Errorf("a missing run: level from run %d, want 1", got+1)
	}
}

// TestSettingsDiffer: runs measured with different concbench bench
// settings (another -benchtime) are named, in TREND.md and as a warning:
// a change between them may be the settings'.
func TestSettingsDiffer(t *testing.T) {
	settings := func(bt string) string { return contract.BenchPrefix + `pkg="." bench=".@` + bt + "\"\ngoos: linux\n" }
	paths := runFiles(t, settings("20x"), settings("20x"), settings("1x"))
	var warnings strings.Builder
	r, err := Files(paths, FileOptions{Warnings: &warnings})
	if err != nil {
		t.Fatal(err)
	}
	want := `runs 1, 2 with pkg="." bench=".@20x"; run 3 with pkg="." bench=".@1x"`
	if !strings.Contains(r.Settings, want) || !strings.Contains(warnings.String(), want) {
		t.Errorf("settings %q, warnings %q; want %q", r.Settings, warnings.String(), want)
	}
	var md strings.Builder
	if err := r.WriteMarkdown(&md, ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "**The runs were measured with different concbench bench settings") {
		t.Errorf("TREND.md lacks the settings note:\n%s", md.String())
	}
}

// TestNothingInTwoRuns: runs of three machines share no benchmark; the
// warning says so before anything else of the trend.
func TestNothingInTwoRuns(t *testing.T) {
	paths := runFiles(t, "goos: linux\n", "goos: darwin\n", "goos: windows\n")
	var warnings strings.Builder
	Files(paths, FileOptions{Warnings: &warnings})
	if !strings.Contains(warnings.String(), "no benchmark is in two of the runs") {
		t.Errorf("warnings %q", warnings.String())
	}
}

// runFiles writes a run file per header, each the header and six samples
// of BenchmarkA, and returns their paths in order.
func runFiles(t *testing.T, headers ...string) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, h := range headers {
		p := filepath.Join(dir, fmt.Sprintf("r%d.txt", i))
		text := h
		for k := range 6 {
			text += fmt.Sprintf("BenchmarkA-2 1 %d ns/op\n", 100+k)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

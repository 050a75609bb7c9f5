package trend

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/concbench/concbench/report/chart"
	"github.com/concbench/concbench/report/internal/pngcheck"
)

// writeRuns writes four runs as concbench bench writes them, oldest
// first: BenchmarkSlow twice as slow from the third (a change point),
// BenchmarkLate 30% slower in the fourth only (the gate's regression on
// the newest run), BenchmarkFast flat. It returns the label=path
// arguments, labelled as bench names its files.
func writeRuns(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	var args []string
	for i, slow := range []float64{1, 1, 2, 2} {
		late := 1.0
		if i == 3 {
			late = 1.3
		}
		commit := fmt.Sprintf("%d%039x", i, i)
		var b strings.Builder
		fmt.Fprintf(&b, "commit: %s\ncommit-time: 2026-01-02T03:0%d:00Z\nref: v0.%d\ngoos: linux\npkg: example.com/tiny\n", commit, i, i)
		for j, f := range []float64{0.99, 1, 1.01, 1.005, 0.995, 1.002, 0.998, 1.003, 0.997, 1.001} {
			fmt.Fprintf(&b, "BenchmarkSlow-2  10  %.0f ns/op\nBenchmarkFast-2  1000  %d ns/op\nBenchmarkLate-2  100  %.0f ns/op\n", 1e6*slow*f, 100+j, 1e5*late*f)
		}
		p := filepath.Join(dir, fmt.Sprintf("run%d.txt", i))
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, commit[:12]+".txt="+p)
	}
	return args
}

// TestWriteDir: TREND.md names the change point's run by its commit and
// file, with the step's interval and p-value, and the newest run's
// regression; the runs are labelled by their short commits; trend.png is
// a chart of the series, and nothing else is left in the directory.
func TestWriteDir(t *testing.T) {
	res, err := Files(writeRuns(t), FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Runs[2].Label != "200000000000.txt" || res.Short(2) != "2000000" {
		t.Fatalf("run 3: %+v, short %q", res.Runs[2], res.Short(2))
	}
	var names []string
	for _, tr := range res.Trends {
		names = append(names, tr.Name)
	}
	if got := strings.Join(names, " "); got != "Slow-2 Late-2 Fast-2" {
		t.Errorf("order %s, want the change point, the newest run's regression, then the flat one", got)
	}
	dir := filepath.Join(t.TempDir(), "out")
	paths, err := res.WriteDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| 3 | `2000000` | 2026-01-02T03:02:00Z | v0.2 | `200000000000.txt` |",
		"![each benchmark's median and interval run by run, change points marked](trend.png)",
		"| Slow-2 | sec/op | run 3 (`2000000` v0.2, `200000000000.txt`) | +100.0% (slower) | [+",
		"**REGRESSION**: ",
		"| Late-2 | sec/op | runs 1–3 | 100.1µ | 130.1µ | +30.0% |",
		"| sec/op | 1 `0000000` | 2 `1000000` | 3 `2000000` | 4 `3000000` |",
		"| Slow-2 | 1.001m ± 1% | 1.001m ± 1% | **2.001m ± 1%** | 2.001m ± 1% |",
		"The other 2: no change (each could detect a worsening of 5%).",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("TREND.md has no %q:\n%s", want, md)
		}
	}
	png, err := os.ReadFile(paths[1])
	if err != nil {
		t.Fatal(err)
	}
	pngcheck.Check(t, png, chart.Width, 0)
	c := res.Chart()
	if len(c.Benchmarks) != 3 || c.Benchmarks[0].ChangePoints[0] != 2 || c.Benchmarks[0].Runs[3].Label != "3000000" {
		t.Errorf("chart %+v", c.Benchmarks)
	}
	if !strings.Contains(c.Subtitle, "newest run 3000000: regression (1 slower)") {
		t.Errorf("subtitle %q", c.Subtitle)
	}
	entries, _ := os.ReadDir(dir)
	var files []string
	for _, e := range entries {
		files = append(files, e.Name())
	}
	// The manifest records them as concbench's (atomicfile.Owned).
	if want := []string{".concbench-trend", "TREND.md", "trend.png"}; !slices.Equal(files, want) {
		t.Errorf("output directory holds %q, want %q", files, want)
	}

	md2, charts, err := Section(writeRuns(t), FileOptions{})
	if err != nil || !strings.HasPrefix(md2, "## Changes\n") || len(charts) != 1 || charts[0].File != ChartFile {
		t.Errorf("Section: %v, %d charts, markdown:\n%s", err, len(charts), md2)
	}
	if strings.Contains(md2, "## Medians") || !strings.Contains(md2, "### Newest run") {
		t.Errorf("Section's markdown is not a report's section:\n%s", md2)
	}
	if _, _, err := Section([]string{"a", "-", "b"}, FileOptions{}); err == nil {
		t.Error("standard input accepted as a run")
	}
}

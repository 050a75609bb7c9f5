package report_test

import (
	"bytes"
	"crypto/sha1"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/model"
)

// trendRuns writes four runs of a commit each, as concbench bench writes
// them, from the A/A recording of the suite (../testdata/aa: the same
// binary measured 12 rounds as A and 12 as B, interleaved): rounds 1–6 of
// A, 7–12 of A, 1–6 of B and 7–12 of B, the workload=ll benchmarks of
// BenchmarkCPU only. Then the runs differ only by noise, but for two
// benchmarks made slower: scale gives the factor of a benchmark (by its
// name's substring) in a run. It returns the arguments of a report,
// label=path with the label bench gives each file, oldest first.
func trendRuns(t *testing.T, scale func(run int, name string) float64) []string {
	t.Helper()
	var rounds []string // one per round, A's then B's
	for _, side := range []string{"A", "B"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "aa", side+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		blocks := strings.Split(string(data), "numcpu: ")[1:] // two per round: the slow benchmarks, then the fast
		for i := 0; i+1 < len(blocks); i += 2 {
			rounds = append(rounds, "numcpu: "+blocks[i]+"numcpu: "+blocks[i+1])
		}
	}
	if len(rounds) != 24 {
		t.Fatalf("%d rounds in testdata/aa, want 24", len(rounds))
	}
	dir := t.TempDir()
	var args []string
	for run := range 4 {
		commit := fmt.Sprintf("%x", sha1.Sum([]byte(fmt.Sprint("commit ", run))))
		var b bytes.Buffer
		fmt.Fprintf(&b, "# concbench bench: -count 6\ncommit: %s\ncommit-time: 2026-11-%02dT10:00:00Z\nref: v1.%d.0\n", commit, 20+run, run)
		for _, round := range rounds[6*run : 6*run+6] {
			for _, line := range strings.SplitAfter(round, "\n") {
				if strings.HasPrefix(line, "Benchmark") && !strings.HasPrefix(line, "BenchmarkCPU/workload=ll/") {
					continue
				}
				if f := strings.Fields(line); strings.HasPrefix(line, "Benchmark") && len(f) >= 4 && f[3] == "ns/op" {
					var ns float64
					fmt.Sscan(f[2], &ns)
					line = fmt.Sprintf("%s\t1\t%.0f ns/op\n", f[0], ns*scale(run, f[0]))
				}
				b.WriteString(line)
			}
		}
		path := filepath.Join(dir, commit[:12]+".txt")
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, commit[:12]+".txt="+path)
	}
	return args
}

// TestGoldenTrend: a report of four runs has a Changes section and
// trend.png: pool/workers=2 is 30% slower from the third run on (a change
// point there), goroutines 30% slower in the fourth only (too late for a
// change point, which needs two runs a side: the gate's regression on
// the newest run). testdata/trend-4runs.md is the golden REPORT.md.
func TestGoldenTrend(t *testing.T) {
	files := trendRuns(t, func(run int, name string) float64 {
		switch {
		case strings.Contains(name, "strategy=pool/workers=2-") && run >= 2,
			strings.Contains(name, "strategy=goroutines-") && run == 3:
			return 1.3
		}
		return 1
	})
	dir := t.TempDir()
	checkReport(t, report.Options{Files: files, OutDir: dir}, filepath.Join("testdata", "trend-4runs"))
	got, err := os.ReadFile(filepath.Join(dir, report.ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## Changes\n",
		"![each benchmark's median and interval run by run, change points marked](trend.png)",
		"| CPU/workload=ll/strategy=pool/workers=2-2 | sec/op | run 3 (`78b3ba1` v1.2.0, `78b3ba12002f.txt`) | +28.1% (slower) |", // the third commit
		"**REGRESSION**: 1 of 6 benchmarks got worse; worst CPU/workload=ll/strategy=goroutines-2: +26.2%",
		"The newest run, run 4 (`512572f` v1.3.0, `512572f7a6f1.txt`)",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("REPORT.md has no %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "trend.png")); err != nil {
		t.Error(err)
	}
}

// TestTrendOtherColumns: under a Spec whose columns are not the runs
// (-col /strategy), the report follows the runs from a grouping of the
// same pass, and its Changes section is the default's.
func TestTrendOtherColumns(t *testing.T) {
	files := trendRuns(t, func(run int, name string) float64 {
		if strings.Contains(name, "strategy=pool/workers=2-") && run >= 2 {
			return 1.3
		}
		return 1
	})
	changes := func(spec model.Spec) string {
		s := sectionOf(t, report.Options{Files: files, Spec: spec}, "## Changes")
		if !strings.Contains(s, "CPU/workload=ll/strategy=pool/workers=2-2") {
			t.Fatalf("-col %s: the Changes section does not name the slower benchmark:\n%s", spec.Col, s)
		}
		return s
	}
	byStrategy := report.DefaultSpec
	byStrategy.Col = "/strategy"
	if a, b := changes(report.DefaultSpec), changes(byStrategy); a != b {
		t.Errorf("the Changes section under -col /strategy:\n%s\nwant the default's:\n%s", b, a)
	}
}

// TestTrendFailureIsAWarning: three runs whose trend cannot be followed
// (no time per op) still make a report, without a Changes section and
// with the reason among its warnings.
func TestTrendFailureIsAWarning(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i := range 3 {
		p := filepath.Join(dir, fmt.Sprintf("r%d.txt", i))
		if err := os.WriteFile(p, []byte(fmt.Sprintf("BenchmarkA-2  10  %d B/op\nBenchmarkA-2  10  %d B/op\n", 100+i, 101+i)), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	res, err := report.Generate(report.Options{Files: files, OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), "## Changes") || !strings.Contains(string(got), "- no Changes section: the trend of the 3 runs failed: no sec/op results to follow") {
		t.Errorf("REPORT.md:\n%s", got)
	}
	for _, c := range res.Charts {
		if filepath.Base(c) == "trend.png" {
			t.Error("trend.png written")
		}
	}
}

package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/internal/synth"
	"github.com/concbench/concbench/report/suite"
)

// BenchmarkReport measures the whole report — parse, statistics, every
// chart (the suite's four, and one or two per table of the model) and
// REPORT.md — on two runs of the suite's shape, 10,080 results in all (70
// benchmarks × 72 samples × 2 files). Issue 9 asks for ≤ 0.5 s.
func BenchmarkReport(b *testing.B) {
	dir := b.TempDir()
	var files []string
	results := 0
	for i, name := range []string{"old.txt", "new.txt"} {
		var buf bytes.Buffer
		o := synth.Options{Count: 72, Seed: uint64(i), Noise: 0.05}
		if i == 1 {
			o.Slower = map[string]float64{"pool": 1.1}
		}
		if err := synth.Write(&buf, o); err != nil {
			b.Fatal(err)
		}
		results += bytes.Count(buf.Bytes(), []byte("\nBenchmark"))
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
		files = append(files, p)
	}
	if results < 10_000 {
		b.Fatalf("%d results, want 10,000", results)
	}
	out := filepath.Join(dir, "out")
	for b.Loop() {
		res, err := report.Generate(report.Options{Files: files, OutDir: out, Preset: suite.Preset})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Charts) < 5 {
			b.Fatalf("%d charts, want the suite's four and the tables'", len(res.Charts))
		}
	}
	b.ReportMetric(float64(results), "results")
}

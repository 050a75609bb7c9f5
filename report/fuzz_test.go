package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/internal/synth"
	"github.com/concbench/concbench/report/suite"
)

// FuzzReport feeds arbitrary text through the whole report path: parse,
// statistics, speedups, charts and REPORT.md, alone and as the new run
// against a fixed old one, and through report.Compare. It must never panic, and
// every error must be one line. The seed corpus is in
// testdata/fuzz/FuzzReport.
func FuzzReport(f *testing.F) {
	small := func(o synth.Options) []byte {
		var b bytes.Buffer
		synth.Write(&b, o)
		return b.Bytes()
	}
	f.Add(small(synth.Options{Count: 2, Only: "IO/api=mock/"}))
	f.Add(small(synth.Options{Count: 1, Only: "Scaling"}))
	f.Add(small(synth.Options{Count: 2, Only: "Checker", NoConfig: true}))
	f.Add([]byte("BenchmarkX/strategy=sequential-2 1 5 ns/op\nBenchmarkX/strategy=pool/workers=2-2 1 NaN ns/op\n"))
	f.Add([]byte("numcpu: 0\nio-requests: -1\nBenchmarkCPU/workload=a/strategy=sequential 1 0 ns/op\nBenchmarkCPU/workload=a/strategy=pool/workers=0 1 -5 ns/op\n"))
	f.Add([]byte("BenchmarkFoo-8 10 5 ns/op 3 B/op\nBenchmarkParse/size=10 1 2 items/s\nBenchmarkLoad 1 2 ns/op\n"))
	f.Add([]byte("Unit ns/op assume=exact\nBenchmarkA/strategy=sequential-8 3 1e308 ns/op\nBenchmarkA/strategy=b-8 3 1e-308 ns/op\n"))
	// Samples of one op among samples of more (the single-op note), and the
	// runner's probe and stall-run lines.
	f.Add([]byte("# concbench bench: round 1 probe slow=+1.0% bound=20% cpu0=30ms stall=2%\n# concbench bench: round 1 stall-run run=1s pkg=\"a\" bench=\"B\"\nBenchmarkA/strategy=sequential-2 1 210 ns/op\nBenchmarkA/strategy=sequential-2 2 180 ns/op\nBenchmarkA/strategy=sequential-2 1 205 ns/op\nBenchmarkA/strategy=pool-2 2 90 ns/op\n# concbench bench: round 1 done\n"))

	dir := f.TempDir()
	old := filepath.Join(dir, "old.txt")
	if err := os.WriteFile(old, small(synth.Options{Count: 3, Only: "IO/api=mock/"}), 0o644); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tmp := t.TempDir()
		p := filepath.Join(tmp, "bench.txt")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		oneLine := func(what string, err error) {
			if err != nil && (strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "internal error")) {
				t.Errorf("%s: %q", what, err)
			}
		}
		_, err := report.Generate(report.Options{Files: []string{p}, OutDir: filepath.Join(tmp, "one"), Preset: suite.Preset})
		oneLine("report.Generate", err)
		_, err = report.Generate(report.Options{Files: []string{old, p}, OutDir: filepath.Join(tmp, "two"), Preset: suite.Preset})
		oneLine("report.Generate with two runs", err)
		_, err = report.Compare(report.CompareOptions{Old: old, New: p, OutDir: filepath.Join(tmp, "cmp")})
		oneLine("report.Compare", err)
	})
}

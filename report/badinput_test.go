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

// suiteText returns suite output with n samples of each benchmark.
func suiteText(t testing.TB, n int, o synth.Options) string {
	t.Helper()
	o.Count = n
	var b bytes.Buffer
	if err := synth.Write(&b, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestBadInput feeds report.Generate and report.Compare the bad inputs of issue 6. Each
// must give a one-line error that names the file, or succeed with
// file:line warnings; none may panic.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ok := suiteText(t, 6, synth.Options{Seed: 1, Only: "IO/api=mock/"})
	noSeq := strings.ReplaceAll(suiteText(t, 6, synth.Options{Seed: 1, Only: "CPU/workload=ll/"}), "strategy=sequential", "strategy=pool/workers=1")
	cases := []struct {
		name    string
		path    string
		err     string // a substring of the error; "" means success
		warning string // a substring of a warning on success
	}{
		{"missing file", filepath.Join(dir, "missing.txt"), "missing.txt: no such file or directory", ""},
		{"empty file", file("empty.txt", ""), "empty.txt: empty file", ""},
		{"directory", dir, "is a directory", ""},
		{"binary garbage", file("garbage.bin", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "garbage.bin: binary data", ""},
		{"no benchmarks", file("prose.txt", "goos: linux\nPASS\nok\tpkg\t1.0s\n"), "prose.txt: no benchmark results", ""},
		{"mixed units", file("mixed.txt", ok+"BenchmarkIO/api=mock/strategy=sequential-2 1 3.1 s/op\n"), "", "mixed.txt:"},
		{"single sample", file("single.txt", suiteText(t, 1, synth.Options{Seed: 2, Only: "IO/api=mock/"})), "", "need >= 6 samples for confidence interval"},
		{"NaN and Inf", file("nan.txt", ok+"BenchmarkIO/api=mock/strategy=pool/workers=32-2 1 +Inf ns/op\nBenchmarkIO/api=mock/strategy=goroutines-2 1 NaN ns/op\n"), "", "is not a finite number"},
		{"no sequential baseline", file("noseq.txt", noSeq), "", "group BenchmarkCPU workload=ll: no strategy=sequential benchmark"},
		{"only custom units", file("custom.txt", "BenchmarkX/strategy=pool-2 1 5 widgets/op\n"), "", ""},
	}
	good := file("good.txt", ok)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var warn bytes.Buffer
			_, err := report.Generate(report.Options{Files: []string{tc.path}, OutDir: t.TempDir(), Warnings: &warn, Preset: suite.Preset})
			check(t, "report.Generate", err, warn.String(), tc.err, tc.warning)
			if err != nil {
				t.Logf("report.Generate: %v", err)
			} else {
				t.Logf("report.Generate warnings:\n%s", warn.String())
			}

			// compare: the case against a good file, and against itself.
			warn.Reset()
			_, err = report.Compare(report.CompareOptions{Old: good, New: tc.path, OutDir: t.TempDir(), Warnings: &warn})
			if tc.err != "" && !strings.Contains(tc.err, "sequential") {
				check(t, "report.Compare", err, warn.String(), tc.err, "")
			} else if err != nil && !strings.Contains(err.Error(), "no benchmark in common") && !strings.Contains(err.Error(), "no sec/op") {
				t.Errorf("report.Compare: %v", err)
			}
		})
	}
}

func check(t *testing.T, what string, err error, warnings, wantErr, wantWarning string) {
	t.Helper()
	switch {
	case wantErr != "" && err == nil:
		t.Errorf("%s: no error, want one containing %q", what, wantErr)
	case wantErr != "" && !strings.Contains(err.Error(), wantErr):
		t.Errorf("%s: error %q, want one containing %q", what, err, wantErr)
	case wantErr == "" && err != nil:
		t.Errorf("%s: %v", what, err)
	case wantWarning != "" && !strings.Contains(warnings, wantWarning):
		t.Errorf("%s: warnings %q, want one containing %q", what, warnings, wantWarning)
	}
	if err != nil && strings.Contains(err.Error(), "\n") {
		t.Errorf("%s: error spans lines: %q", what, err)
	}
}

func TestNoOutDir(t *testing.T) {
	if _, err := report.Generate(report.Options{Files: []string{"x"}}); err == nil {
		t.Error("no error without an output directory")
	}
}

func TestUnwritableOutDir(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "bench.txt")
	os.WriteFile(p, []byte(suiteText(t, 6, synth.Options{Only: "CPU/workload=ll/"})), 0o644)
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	_, err := report.Generate(report.Options{Files: []string{p}, OutDir: filepath.Join(blocker, "out")})
	if err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("error %v, want one line", err)
	}
}

// TestInputWithoutResults: a report of several inputs leaves out one that
// holds no result (go test's output of a -bench pattern that matched
// nothing, recorded in testdata/stdlib/nomatch.txt), with a warning that
// names it, as benchstat does; compare, which needs both sides, refuses it.
func TestInputWithoutResults(t *testing.T) {
	old, none, nw := "../testdata/stdlib/multipkg.old.txt", "../testdata/stdlib/nomatch.txt", "../testdata/stdlib/multipkg.new.txt"
	var warn bytes.Buffer
	out := t.TempDir()
	if _, err := report.Generate(report.Options{Files: []string{old, none, nw}, OutDir: out, Warnings: &warn}); err != nil {
		t.Fatalf("report.Generate: %v", err)
	}
	if !strings.Contains(warn.String(), "nomatch.txt: no benchmark results") || !strings.Contains(warn.String(), "left out") {
		t.Errorf("warnings %q: want one that nomatch.txt was left out", warn.String())
	}
	md, err := os.ReadFile(filepath.Join(out, "REPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "multipkg.new.txt") {
		t.Errorf("REPORT.md does not name multipkg.new.txt")
	}
	if _, err := report.Generate(report.Options{Files: []string{none}, OutDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "nomatch.txt: no benchmark results") {
		t.Errorf("report.Generate of nomatch.txt alone: error %v, want that it has no results", err)
	}
	_, err = report.Compare(report.CompareOptions{Old: none, New: nw, OutDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "nomatch.txt: no benchmark results") {
		t.Errorf("report.Compare: error %v, want that nomatch.txt has no results", err)
	}
}

package report_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/model"
)

// TestCompareBenchFiles: two files as concbench bench writes them, their
// commit:, commit-time: and ref: lines differing, are compared without a
// warning about those lines, with the default grouping and with an
// -ignore that does not list them; a configuration line that differs
// otherwise is still a warning.
func TestCompareBenchFiles(t *testing.T) {
	files := benchFiles(t, "AMD EPYC", "AMD EPYC")
	for _, spec := range []model.Spec{{}, spec(func(s *model.Spec) { s.Ignore = "pkg" })} {
		var warn bytes.Buffer
		res, err := report.Compare(report.CompareOptions{Old: files[0], New: files[1], Spec: spec, Warnings: &warn})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Verdicts) != 1 {
			t.Errorf("-ignore %q: %d verdicts (%s), want BenchmarkA compared", spec.Ignore, len(res.Verdicts), res.Reason)
		}
		if warn.Len() > 0 {
			t.Errorf("-ignore %q: warnings:\n%s", spec.Ignore, warn.String())
		}
	}
	files = benchFiles(t, "AMD EPYC", "Intel Xeon")
	var warn bytes.Buffer
	if _, err := report.Compare(report.CompareOptions{Old: files[0], New: files[1], Warnings: &warn}); err != nil {
		t.Fatal(err)
	}
	if w := warn.String(); !strings.Contains(w, "configuration cpu differs") || strings.Contains(w, "configuration commit") || strings.Contains(w, "configuration ref") {
		t.Errorf("cpu differing: warnings\n%s", w)
	}
}

// benchFiles writes two files as concbench bench writes them, at two
// commits, on the CPUs given.
func benchFiles(t *testing.T, cpus ...string) []string {
	dir := t.TempDir()
	var files []string
	for i, cpu := range cpus {
		var b strings.Builder
		fmt.Fprintf(&b, "# concbench bench: -count 6\n%s: %040x\n%s: 2026-11-2%dT10:00:00Z\n%s: v1.%d.0\ngoos: linux\ncpu: %s\npkg: example.com/m\n",
			contract.KeyCommit, i, contract.KeyCommitTime, i, contract.KeyRef, i, cpu)
		for j := range 6 {
			fmt.Fprintf(&b, "BenchmarkA-2  100  %d ns/op\n", 1000+j)
		}
		p := filepath.Join(dir, fmt.Sprintf("%d.txt", i))
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	return files
}

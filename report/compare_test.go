package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/report/chart"
	"github.com/concbench/concbench/report/internal/pngcheck"
	"github.com/concbench/concbench/report/internal/synth"
)

// TestCompare checks the decision behind concbench compare's exit code on
// generated runs: a real regression, noise, and a significant change below
// the threshold.
func TestCompare(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, o synth.Options) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(suite(t, 6, o)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	old := write("old.txt", synth.Options{Seed: 1})
	cases := []struct {
		name      string
		new       string
		threshold float64
		regressed []string // substrings of the regressions' names
	}{
		{"30% slower", write("slower.txt", synth.Options{Seed: 2, Slower: map[string]float64{"strategy=pipeline": 1.3}}), 0.05,
			[]string{"IO/api=mock/strategy=pipeline", "IO/api=local/transport=default/strategy=pipeline", "IO/api=local/transport=tuned/strategy=pipeline"}},
		{"noise", write("noise.txt", synth.Options{Seed: 3}), 0.05, nil},
		{"3% slower, 5% threshold", write("bit.txt", synth.Options{Seed: 4, Noise: 0.005, Slower: map[string]float64{"CPU/workload=ll/": 1.03}}), 0.05, nil},
		{"3% slower, 1% threshold", filepath.Join(dir, "bit.txt"), 0.01, []string{"CPU/workload=ll/strategy=sequential"}},
		{"faster", write("faster.txt", synth.Options{Seed: 5, Slower: map[string]float64{"IO": 0.5}}), 0.05, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			var stdout, warn bytes.Buffer
			regs, err := CompareRegressions(CompareOptions{Old: old, New: tc.new, Threshold: tc.threshold, OutDir: out, Warnings: &warn}, &stdout)
			if err != nil {
				t.Fatal(err)
			}
			regressed, err := Compare(CompareOptions{Old: old, New: tc.new, Threshold: tc.threshold}, &bytes.Buffer{})
			if err != nil || regressed != (len(regs) > 0) {
				t.Errorf("Compare = %v, %v; CompareRegressions found %d", regressed, err, len(regs))
			}
			if (len(tc.regressed) == 0) != (len(regs) == 0) {
				t.Fatalf("regressions %+v, want %v\n%s", regs, tc.regressed, stdout.String())
			}
			for _, want := range tc.regressed {
				found := false
				for _, r := range regs {
					found = found || strings.Contains(r.Name, want)
				}
				if !found {
					t.Errorf("no regression of %s in %+v", want, regs)
				}
			}
			for _, r := range regs {
				if !(r.Change > tc.threshold) || !(r.P <= 0.05) {
					t.Errorf("regression %+v: change or p out of bounds", r)
				}
			}
			text := stdout.String()
			verdict := "no regression"
			if len(regs) > 0 {
				verdict = "REGRESSION"
			}
			if !strings.Contains(text, verdict) || !strings.Contains(text, "vs base") || !strings.Contains(text, "geomean") {
				t.Errorf("output lacks the verdict %q or the delta table:\n%s", verdict, text)
			}
			data, err := os.ReadFile(filepath.Join(out, "compare.png"))
			if err != nil {
				t.Fatal(err)
			}
			pngcheck.Check(t, data, chart.Width, 0)
		})
	}
}

// TestCompareRecorded checks the decision on recorded runs of the suite
// (see testdata/compare/README.md): two interleaved runs of the same code
// are noise; in the same runs with three benchmarks made 30% slower, the
// two quiet ones regress and the noisy one (±20%) is not significant with
// 6 samples.
func TestCompareRecorded(t *testing.T) {
	cases := []struct {
		old, new  string
		regressed []string
	}{
		{"testdata/compare/base.txt", "testdata/compare/noise.txt", nil},
		{"testdata/compare/base.txt", "testdata/compare/regression.txt", []string{"CPU/workload=ll/strategy=sequential-2", "IO/api=mock/strategy=sequential-2"}},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.new), func(t *testing.T) {
			var stdout bytes.Buffer
			regs, err := CompareRegressions(CompareOptions{Old: tc.old, New: tc.new, Threshold: DefaultThreshold}, &stdout)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range regs {
				names = append(names, r.Name)
			}
			if strings.Join(names, " ") != strings.Join(tc.regressed, " ") {
				t.Errorf("regressions %v, want %v\n%s", names, tc.regressed, stdout.String())
			}
		})
	}
}

func TestCompareErrors(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	os.WriteFile(a, []byte(suite(t, 6, synth.Options{Only: "IO/api=mock/"})), 0o644)
	b := filepath.Join(dir, "b.txt")
	os.WriteFile(b, []byte(suite(t, 6, synth.Options{Only: "CPU/workload=ll/"})), 0o644)
	cases := []struct {
		opts CompareOptions
		want string
	}{
		{CompareOptions{Old: a, New: b}, "have no benchmark in common"},
		{CompareOptions{Old: a, New: a, Threshold: -1}, "threshold -1"},
		{CompareOptions{Old: a}, "needs two benchmark files"},
		{CompareOptions{Old: a, New: filepath.Join(dir, "none.txt")}, "none.txt: no such file"},
	}
	for _, tc := range cases {
		_, err := Compare(tc.opts, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Compare(%+v) = %v, want an error containing %q", tc.opts, err, tc.want)
		}
	}
}

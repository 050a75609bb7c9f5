package report_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/chart"
	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/report/internal/pngcheck"
	"github.com/concbench/concbench/report/internal/synth"
)

// TestCompare checks the gate's decision on generated runs of the suite,
// 12 samples a side: a real regression, noise, a change below the
// threshold, an improvement.
func TestCompare(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, o synth.Options) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(suiteText(t, 12, o)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	old := write("old.txt", synth.Options{Seed: 1})
	cases := []struct {
		name      string
		new       string
		threshold float64
		decision  gate.Decision
		slower    []string // substrings of the slower benchmarks' names
	}{
		{"30% slower", write("slower.txt", synth.Options{Seed: 2, Slower: map[string]float64{"strategy=pipeline": 1.3}}), 0.05, gate.Regression,
			[]string{"IO/api=mock/strategy=pipeline", "IO/api=local/transport=default/strategy=pipeline", "IO/api=local/transport=tuned/strategy=pipeline"}},
		{"noise", write("noise.txt", synth.Options{Seed: 3}), 0.05, gate.Pass, nil},
		{"3% slower, 5% threshold", write("bit.txt", synth.Options{Seed: 4, Noise: 0.005, Slower: map[string]float64{"CPU/workload=ll/": 1.03}}), 0.05, gate.Pass, nil},
		{"3% slower, 1% threshold", filepath.Join(dir, "bit.txt"), 0.01, gate.Regression, []string{"CPU/workload=ll/strategy=sequential"}},
		{"faster", write("faster.txt", synth.Options{Seed: 5, Slower: map[string]float64{"IO": 0.5}}), 0.05, gate.Pass, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			var warn bytes.Buffer
			r, err := report.Compare(report.CompareOptions{Old: old, New: tc.new, Method: gate.Method{Alpha: 0.05, Threshold: tc.threshold}, OutDir: out, Warnings: &warn})
			if err != nil {
				t.Fatal(err)
			}
			var text bytes.Buffer
			r.WriteText(&text)
			if r.Decision != tc.decision {
				t.Fatalf("decision %v (%s), want %v\n%s", r.Decision, r.Reason, tc.decision, text.String())
			}
			for _, want := range tc.slower {
				found := false
				for _, v := range r.Verdicts {
					found = found || v.Kind == gate.Slower && strings.Contains(v.Name, want)
				}
				if !found {
					t.Errorf("%s is not named slower\n%s", want, text.String())
				}
			}
			for _, v := range r.Verdicts {
				if v.Kind == gate.Slower && !(v.Change > tc.threshold && v.Significant) {
					t.Errorf("slower %+v: change or significance out of bounds", v)
				}
			}
			data, err := os.ReadFile(filepath.Join(out, "compare.png"))
			if err != nil {
				t.Fatal(err)
			}
			pngcheck.Check(t, data, chart.Width, 0)
		})
	}
}

// TestCompareRecorded: the recorded compare inputs (see
// testdata/compare/README.md) hold 6 samples a side of 14 benchmarks, just
// enough for the smallest p-value (1/924) to pass Holm's first level
// (0.05/14). Interleaved runs of the same code pass; of the three
// benchmarks made 30% slower, the gate names the one whose samples no
// longer overlap at all.
func TestCompareRecorded(t *testing.T) {
	for _, tc := range []struct {
		new      string
		decision gate.Decision
		slower   []string
	}{
		{"testdata/compare/noise.txt", gate.Pass, nil},
		{"testdata/compare/regression.txt", gate.Regression, []string{"IO/api=mock/strategy=sequential-2"}},
	} {
		r, err := report.Compare(report.CompareOptions{Old: "testdata/compare/base.txt", New: tc.new})
		if err != nil {
			t.Fatal(err)
		}
		var slower []string
		for _, v := range r.Verdicts {
			if v.Kind == gate.Slower {
				slower = append(slower, v.Name)
			}
		}
		if r.Decision != tc.decision || strings.Join(slower, " ") != strings.Join(tc.slower, " ") {
			t.Errorf("%s: %v (%s), slower %v; want %v, %v", tc.new, r.Decision, r.Reason, slower, tc.decision, tc.slower)
		}
	}
}

// TestCompareChartUnwritable: a compare.png that cannot be written (-o in
// a read-only checkout, or a file) is a warning; the decision stands.
func TestCompareChartUnwritable(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var warn strings.Builder
	r, err := report.Compare(report.CompareOptions{Old: "testdata/compare/base.txt", New: "testdata/compare/regression.txt", OutDir: blocker, Warnings: &warn})
	if err != nil {
		t.Fatal(err)
	}
	if r.Decision != gate.Regression {
		t.Errorf("decision %v (%s), want a regression", r.Decision, r.Reason)
	}
	if !strings.Contains(warn.String(), "no chart: ") {
		t.Errorf("warnings %q, want one of the chart", warn.String())
	}
}

// TestCompareUndecided: what keeps report.Compare from deciding is a result, not
// an error; unreadable input and bad options are errors.
func TestCompareUndecided(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	os.WriteFile(a, []byte(suiteText(t, 6, synth.Options{Only: "IO/api=mock/"})), 0o644)
	b := filepath.Join(dir, "b.txt")
	os.WriteFile(b, []byte(suiteText(t, 6, synth.Options{Only: "CPU/workload=ll/"})), 0o644)
	for _, tc := range []struct {
		opts report.CompareOptions
		want string
	}{
		{report.CompareOptions{Old: a, New: b}, "no benchmark in common: OLD has "},
		{report.CompareOptions{Old: a, New: b}, "that NEW lacks (first IO/api=mock/"},
		{report.CompareOptions{Old: a, New: b}, "that OLD lacks (first CPU/workload=ll/"},
		{report.CompareOptions{Old: a, New: a, Units: []string{"widgets/op"}}, "no widgets/op results"},
	} {
		r, err := report.Compare(tc.opts)
		if err != nil || r.Decision != gate.Undecided || !strings.Contains(r.Reason, tc.want) {
			t.Errorf("report.Compare(%+v) = %v, %v; want could not decide: %q", tc.opts, r, err, tc.want)
		}
	}
	for _, tc := range []struct {
		opts report.CompareOptions
		want string
	}{
		{report.CompareOptions{Old: a, New: a, Method: gate.Method{Alpha: 0.05, Threshold: -1}}, "threshold -1"},
		{report.CompareOptions{Old: a}, "needs two benchmark files"},
		{report.CompareOptions{Old: a, New: filepath.Join(dir, "none.txt")}, "none.txt: no such file"},
	} {
		_, err := report.Compare(tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("report.Compare(%+v) = %v, want an error containing %q", tc.opts, err, tc.want)
		}
	}
}

// TestCompareSingleOp: the gate warns of samples split by their op count
// (a warning of model.Tables), once per benchmark, naming each side; a
// recording without the split gets no such warning.
func TestCompareSingleOp(t *testing.T) {
	for _, tc := range []struct {
		old, new string
		want     string
	}{
		{"../testdata/stdlib/rsakey.txt", "../testdata/stdlib/rsakey.txt", "1 benchmark ran some samples of a single op"},
		{"testdata/compare/base.txt", "testdata/compare/noise.txt", ""},
	} {
		var warn strings.Builder
		if _, err := report.Compare(report.CompareOptions{Old: tc.old, New: tc.new, Warnings: &warn}); err != nil {
			t.Fatal(err)
		}
		got := warn.String()
		switch {
		case tc.want == "" && strings.Contains(got, "single op"):
			t.Errorf("%s → %s: warned of single ops:\n%s", tc.old, tc.new, got)
		case tc.want != "" && (!strings.Contains(got, tc.want) || strings.Count(got, "GenerateKey/2048-2 (") != 2):
			t.Errorf("%s → %s: want %q naming both sides, got:\n%s", tc.old, tc.new, tc.want, got)
		}
	}
}

// TestCompareSameFile: OLD and NEW that name one file (a typo in a CI
// step) pass, as a file compared with itself must, with a warning that
// says so.
func TestCompareSameFile(t *testing.T) {
	p := "../testdata/stdlib/multipkg.old.txt"
	var warn bytes.Buffer
	res, err := report.Compare(report.CompareOptions{Old: p, New: "new=" + p, Warnings: &warn})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(warn.String(), "OLD and NEW are the same file") || res.Decision != gate.Pass {
		t.Errorf("decision %v, warnings %q: want a pass and the warning", res.Decision, warn.String())
	}
	warn.Reset()
	if _, err := report.Compare(report.CompareOptions{Old: p, New: "../testdata/stdlib/multipkg.new.txt", Warnings: &warn}); err != nil || strings.Contains(warn.String(), "same file") {
		t.Errorf("two files: %v, warnings %q", err, warn.String())
	}
}

// TestCompareSwapped: files of the runner, given NEW first (OLD's
// commit-position is the greater), get a warning that they may be
// swapped; in the right order, or without positions, none.
func TestCompareSwapped(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, position int, ns float64) string {
		var b strings.Builder
		fmt.Fprintf(&b, "commit: c%d\ncommit-position: %d\ngoos: linux\npkg: example.com/m\n", position, position)
		for i := range 8 {
			fmt.Fprintf(&b, "BenchmarkX-2 \t 1000\t %.0f ns/op\n", ns*(1+float64(i%3)/100))
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	older, newer := write("older.txt", 3, 1300), write("newer.txt", 9, 1000)
	for _, tc := range []struct {
		old, new string
		warned   bool
	}{{newer, older, true}, {older, newer, false}} {
		var warn bytes.Buffer
		if _, err := report.Compare(report.CompareOptions{Old: tc.old, New: tc.new, Warnings: &warn}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(warn.String(), "are OLD and NEW swapped?"); got != tc.warned {
			t.Errorf("OLD %s, NEW %s: warned %v, want %v: %q", filepath.Base(tc.old), filepath.Base(tc.new), got, tc.warned, warn.String())
		}
	}
}

package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/internal/golden"
)

// benchFile writes n rounds of benchmark output: each benchmark of times
// (seconds per op around the given center, 1% noise) and, when rate > 0,
// a B/s metric; it returns the file's path.
func benchFile(t *testing.T, name string, seed uint64, n int, times map[string]float64, rate float64) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\npkg: example.com/p\ncpu: test\n")
	for range n {
		for _, bench := range []string{"BenchmarkA-2", "BenchmarkB-2", "BenchmarkC-2", "BenchmarkD-2", "BenchmarkE-2"} {
			center, ok := times[bench]
			if !ok {
				continue
			}
			noise := 1 + 0.01*(2*rng.Float64()-1)
			fmt.Fprintf(&b, "%s\t1\t%.0f ns/op", bench, center*1e9*noise)
			if rate > 0 {
				fmt.Fprintf(&b, "\t%.0f B/s", rate/noise)
			}
			b.WriteString("\n")
		}
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var four = map[string]float64{"BenchmarkA-2": 1e-3, "BenchmarkB-2": 2e-3, "BenchmarkC-2": 5e-3, "BenchmarkD-2": 1e-2}

// with returns four with one benchmark's time multiplied by f.
func with(bench string, f float64) map[string]float64 {
	m := map[string]float64{}
	for k, v := range four {
		m[k] = v
	}
	m[bench] *= f
	return m
}

// TestCompareExitCodes: 0 pass, 1 regression, 3 could not decide, 2
// usage; each with one line on stderr.
func TestCompareExitCodes(t *testing.T) {
	old := benchFile(t, "old.txt", 1, 12, four, 0)
	noise := benchFile(t, "noise.txt", 2, 12, four, 0)
	slower := benchFile(t, "slower.txt", 3, 12, with("BenchmarkC-2", 1.3), 0)
	few := benchFile(t, "few.txt", 4, 4, four, 0)
	few2 := benchFile(t, "few2.txt", 5, 4, with("BenchmarkC-2", 1.95), 0)
	missing := benchFile(t, "missing.txt", 6, 12, map[string]float64{"BenchmarkA-2": 1e-3, "BenchmarkB-2": 2e-3, "BenchmarkC-2": 5e-3}, 0)
	other := benchFile(t, "other.txt", 7, 12, map[string]float64{"BenchmarkE-2": 1e-3}, 0)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"noise", []string{old, noise}, 0, "compare: pass: no regression"},
		{"slower", []string{old, slower}, 1, "compare: regression: 1 of 4 benchmarks got worse; worst C-2: +29.5%"},
		{"4 samples, +95%", []string{few, few2}, 3, "4 of 4 benchmarks are inconclusive: 4 vs 4 samples allow no p below 0.014"},
		{"missing", []string{old, missing}, 3, "missing from NEW"},
		{"missing allowed", []string{"-allow-missing", old, missing}, 0, "pass"},
		{"nothing in common", []string{old, other}, 3, "no benchmark in common"},
		{"no such unit", []string{"-units", "B/op", old, noise}, 3, "no B/op results"},
		{"no such file", []string{old, filepath.Join(t.TempDir(), "none.txt")}, 3, "none.txt"},
		{"no units", []string{"-units", "", old, noise}, 2, "-units"},
		{"an empty unit", []string{"-units", "sec/op,", old, noise}, 2, "-units"},
		{"bad format", []string{"-format", "xml", old, noise}, 2, "-format"},
		{"bad alpha", []string{"-alpha", "0.9", old, noise}, 2, "alpha"},
		{"bad filter", []string{"-filter", "(", old, noise}, 2, "filter"},
		{"one file", []string{old}, 2, "two benchmark files"},
		{"stdin twice", []string{"-", "-"}, 2, "not both"},
		{"-trials without -calibrate", []string{"-trials", "5", old, noise}, 2, "-trials is a flag of -calibrate"},
		{"calibrate on stdin", []string{"-calibrate", "-", old}, 2, "not standard input"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runMain(t, append([]string{"compare", "-o", ""}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.want) || !strings.HasSuffix(stderr, "\n") {
				t.Fatalf("exit %d, stderr %q; want %d and %q\n%s", code, stderr, tc.code, tc.want, stdout)
			}
			last := stderr[strings.LastIndex(strings.TrimSuffix(stderr, "\n"), "\n")+1:]
			if !strings.HasPrefix(last, "concbench: ") {
				t.Errorf("the last line of stderr is not the reason: %q", last)
			}
		})
	}
}

// TestCompareUnits: -units with a higher-is-better unit (B/s): a lower
// rate is a regression, a higher one an improvement.
func TestCompareUnits(t *testing.T) {
	old := benchFile(t, "old.txt", 1, 10, four, 100e6)
	lower := benchFile(t, "lower.txt", 2, 10, four, 70e6)
	higher := benchFile(t, "higher.txt", 3, 10, four, 130e6)
	code, stdout, stderr := runMain(t, "compare", "-o", "", "-units", "B/s", old, lower)
	if code != 1 || !strings.Contains(stdout, "slower: -3") || !strings.Contains(stderr, "4 of 4 benchmarks got worse") {
		t.Errorf("B/s down 30%%: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = runMain(t, "compare", "-o", "", "-units", "sec/op,MB/s", old, higher)
	if code != 0 || strings.Count(stdout, "faster: +") != 4 || !strings.Contains(stdout, "sec/op") {
		t.Errorf("B/s up 30%%: exit %d\n%s", code, stdout)
	}
}

// TestCompareFormats: -format md and json goldens of a regression, in
// testdata/compare-regression.{md,json}; -update rewrites them.
func TestCompareFormats(t *testing.T) {
	old := benchFile(t, "old.txt", 1, 12, four, 0)
	slower := benchFile(t, "slower.txt", 3, 12, with("BenchmarkC-2", 1.3), 0)
	for _, format := range []string{"md", "json"} {
		code, stdout, _ := runMain(t, "compare", "-o", "", "-format", format, old, slower)
		if code != 1 {
			t.Errorf("-format %s: exit %d", format, code)
		}
		stdout = strings.ReplaceAll(strings.ReplaceAll(stdout, filepath.Dir(old), "<dir>"), filepath.Dir(slower), "<dir>")
		golden.Check(t, filepath.Join("testdata", "compare-regression."+format), []byte(stdout), *update)
		if format == "json" {
			var v struct {
				Decision string
				Exit     int
				Verdicts []struct{ Name, Verdict string }
			}
			if err := json.Unmarshal([]byte(stdout), &v); err != nil || v.Exit != 1 || len(v.Verdicts) != 4 {
				t.Errorf("json: %v %+v", err, v)
			}
		}
	}
}

// TestCompareAA: the suite's committed A/A recording, 12 rounds a side,
// passes the gate.
func TestCompareAA(t *testing.T) {
	aa := filepath.Join("..", "..", "testdata", "aa")
	code, stdout, stderr := runMain(t, "compare", "-o", "", filepath.Join(aa, "A.txt"), filepath.Join(aa, "B.txt"))
	if code != 0 || strings.Count(stdout, "no change (could detect") != 56 {
		t.Errorf("A/A: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestCalibrate: compare -calibrate on the A/A recording prints the
// false-alarm rate, the smallest threshold, a row per benchmark, and each
// -pair test's false alarms and power with the rule's choice.
func TestCalibrate(t *testing.T) {
	aa := filepath.Join("..", "..", "testdata", "aa")
	code, stdout, stderr := runMain(t, "compare", "-calibrate", "-trials", "40", filepath.Join(aa, "A.txt"), filepath.Join(aa, "B.txt"))
	if code != 0 || !strings.Contains(stdout, "smallest threshold that keeps false alarms ≤ 5%") || strings.Count(stdout, "sec/op") < 56 {
		t.Errorf("calibrate: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"40 A/A trials of 10 vs 10 rounds", "Mann–Whitney U tests", "paired t-tests of the log ratios of the pairs in a round", "Wilcoxon signed-rank", "sign-flip", "×1.07 named", "the rule (", "chooses: "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("calibrate: no %q in\n%s", want, stdout)
		}
	}
	// One round a side: no trial can decide, which is no calibration.
	if code, stdout, stderr := runMain(t, "compare", "-calibrate", "-trials", "20", "-n", "1", filepath.Join(aa, "A.txt"), filepath.Join(aa, "B.txt")); code != 3 || stdout != "" || !strings.Contains(stderr, "no trial could decide") {
		t.Errorf("calibrate -n 1: exit %d, stdout %q, stderr %q; want 3, nothing, why", code, stdout, stderr)
	}
	// More rounds a side than the recording has: a flag to change, a usage
	// error that says how many there are.
	if code, _, stderr := runMain(t, "compare", "-calibrate", "-n", "13", filepath.Join(aa, "A.txt"), filepath.Join(aa, "B.txt")); code != 2 || !strings.Contains(stderr, "-n 13, but the recording has 12 rounds") {
		t.Errorf("calibrate -n 13 of 12 rounds: exit %d, stderr %q; want 2 and how many rounds there are", code, stderr)
	}
}

// TestComparePair: -pair takes the paired tests by name, and refuses
// others as a usage error; files without round markers (the committed
// A/A pair) are compared unpaired whatever -pair says, and the method
// line says so.
func TestComparePair(t *testing.T) {
	aa := filepath.Join("..", "..", "testdata", "aa")
	a, b := filepath.Join(aa, "A.txt"), filepath.Join(aa, "B.txt")
	if code, _, stderr := runMain(t, "compare", "-o", "", "-pair", "median", a, b); code != 2 || !strings.Contains(stderr, "-pair") {
		t.Errorf("-pair median: exit %d, %s", code, stderr)
	}
	for _, p := range []string{"t", "wilcoxon", "signflip", "unpaired"} {
		code, stdout, stderr := runMain(t, "compare", "-o", "", "-pair", p, a, b)
		if code != 0 || !strings.Contains(stdout, "method: Holm–Bonferroni over one-sided Mann–Whitney U tests") {
			t.Errorf("-pair %s on files without rounds: exit %d\n%s%s", p, code, stdout, stderr)
		}
	}
}

// TestCompareSides: -format md and json name both sides by commit, ref
// and file when the files carry commit: and ref: lines.
func TestCompareSides(t *testing.T) {
	var paths []string
	for i, head := range []string{"commit: 5ce14cbd0e2f00000000000000000000000000aa\nref: v1.0\n", "commit: 91aa07c3e5d100000000000000000000000000bb\nref: main\n"} {
		data, err := os.ReadFile(benchFile(t, "x.txt", uint64(i+1), 12, four, 0))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), fmt.Sprintf("side%d.txt", i))
		if err := os.WriteFile(p, append([]byte(head), data...), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	_, md, _ := runMain(t, "compare", "-o", "", "-format", "md", paths[0], paths[1])
	want := "OLD: `5ce14cbd0e2f` v1.0 `" + paths[0] + "` → NEW: `91aa07c3e5d1` main `" + paths[1] + "`"
	if !strings.Contains(md, want) {
		t.Errorf("md has no %q:\n%s", want, md)
	}
	_, js, _ := runMain(t, "compare", "-o", "", "-format", "json", paths[0], paths[1])
	var v struct {
		Old, New struct{ Label, Commit, Ref string }
	}
	if err := json.Unmarshal([]byte(js), &v); err != nil || v.Old.Ref != "v1.0" || v.New.Commit != "91aa07c3e5d100000000000000000000000000bb" || v.New.Label != paths[1] {
		t.Errorf("json sides %+v (%v)", v, err)
	}
}

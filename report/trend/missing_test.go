package trend

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/report/changepoint"
	"github.com/concbench/concbench/report/gate"
)

// Rule: only a benchmark that the run before the newest has (its level)
// can be missing from the newest run. One renamed at run 2 (B-2 became
// Bee-2) is listed once as last seen in run 1, and the trend passes; one
// that the run before the newest has and the newest lacks is missing, and
// the trend cannot decide; one only in the newest run has no level and is
// not "missing from NEW" either (the reviewer's 160 of 80).
func TestMissingOnlyFromTheLevel(t *testing.T) {
	lower := gate.LowerIsBetter
	renamed := runs(1, 1, 1, 1, 1)
	bee := runs(1, 1, 1, 1, 1)
	for j := range renamed {
		if j == 0 {
			bee[j] = nil
		} else {
			renamed[j] = nil
		}
	}
	series := []Series{
		{Name: "A-2", Unit: "sec/op", Better: lower, Samples: runs(1, 1, 1, 1, 1)},
		{Name: "B-2", Unit: "sec/op", Better: lower, Samples: renamed},
		{Name: "Bee-2", Unit: "sec/op", Better: lower, Samples: bee},
	}
	res, err := Analyze(series, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Gate.Decision != gate.Pass || len(res.Gate.Missing) != 0 {
		t.Errorf("a benchmark renamed at run 2: %s (%s), missing %q; want a pass", res.Gate.Decision, res.Gate.Reason, res.Gate.Missing)
	}
	if len(res.Gone) != 1 || res.Gone[0].Name != "B-2" || res.Gone[0].LastSeen != 0 {
		t.Errorf("gone %+v, want B-2 last seen in run 1", res.Gone)
	}
	fr := &FileResult{Result: res, Runs: make([]Run, 5)}
	var text strings.Builder
	if err := fr.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"TREND.md": fr.Markdown(""), "stdout": text.String()} {
		if !strings.Contains(out, "Not missing from the newest run, as the run before it (its level) lacks it too: last seen in run 1: B-2 (sec/op)") || strings.Count(out, "last seen in run") != 1 || strings.Contains(out, "missing from NEW") {
			t.Errorf("%s does not name B-2 once as last seen in run 1:\n%s", name, out)
		}
	}

	// Gone from the newest run only: missing.
	late := runs(1, 1, 1, 1, 1)
	late[4] = nil
	res, err = Analyze(append(series, Series{Name: "C-2", Unit: "sec/op", Better: lower, Samples: late}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Gate.Decision != gate.Undecided || len(res.Gate.Missing) != 1 || res.Gate.Missing[0] != "C-2 (sec/op)" {
		t.Errorf("C-2 missing from the newest run: %s, missing %q; want could not decide, C-2 missing", res.Gate.Decision, res.Gate.Missing)
	}
	if !strings.Contains(res.Gate.Reason, "1 benchmark of OLD is missing from NEW") {
		t.Errorf("reason %q", res.Gate.Reason)
	}

	// Three runs, renamed at run 2 and renamed back at run 3 (the
	// reviewer's c8d57fc 2dcbe13 c8d57fc): the newest run's benchmarks
	// have no level, those of the run before it are missing; OLD's count
	// is the run before the newest's.
	old, nw := runs(1, 1, 1), runs(1, 1, 1)
	old[0], old[2], nw[1] = nil, nil, nil
	res, err = Analyze([]Series{
		{Name: "X/a=1", Unit: "sec/op", Better: lower, Samples: nw},
		{Name: "X/a=1b", Unit: "sec/op", Better: lower, Samples: old},
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Gate.Missing) != 1 || res.Gate.Missing[0] != "X/a=1b (sec/op)" || len(res.New) != 1 || res.New[0] != "X/a=1 (sec/op)" {
		t.Errorf("missing %q, new %q; want X/a=1b missing, X/a=1 new", res.Gate.Missing, res.New)
	}
	if want := "nothing to compare: the 1 benchmark of OLD is missing from NEW (first X/a=1b (sec/op))"; res.Gate.Reason != want {
		t.Errorf("reason %q, want %q", res.Gate.Reason, want)
	}
}

// Rule: counts of one are singular ("1 test", "1 run a side"), and the
// level column names its runs ("run 2", "runs 1–2") so that a run's
// number does not read as a count.
func TestSingular(t *testing.T) {
	res, err := Analyze([]Series{{Name: "A-2", Unit: "sec/op", Better: gate.LowerIsBetter, Samples: runs(1, 1, 1.5)}},
		Options{Detect: changepoint.Config{MinSegment: 1}})
	if err != nil {
		t.Fatal(err)
	}
	fr := &FileResult{Result: res, Runs: make([]Run, 3)}
	var text strings.Builder
	if err := fr.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	md := fr.Markdown("")
	if want := "1 of 1 benchmark got worse"; !strings.HasPrefix(res.Gate.Reason, want) {
		t.Errorf("reason %q, want %q", res.Gate.Reason, want)
	}
	for _, want := range []string{"at least 1 run a side", "over 1 test,"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, text.String())
		}
	}
	if !strings.Contains(md, "| A-2 | sec/op | runs 1–2 |") {
		t.Errorf("TREND.md's level column does not name the runs:\n%s", md)
	}
}

// Rule: a trend's runs are given once each: the same path twice, one file
// under two names, or one label for two files is an error naming it; a
// file given once under its label and others under theirs is not.
func TestDistinct(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt"), filepath.Join(dir, "c.txt")
	for _, p := range []string{a, b} {
		if err := os.WriteFile(p, []byte("BenchmarkX 1 1 ns/op\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Link(a, c); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string // in the error; "" for none
	}{
		{[]string{a, b, filepath.Join(dir, "x.txt")}, ""},
		{[]string{"one=" + a, "two=" + b, "three=" + filepath.Join(dir, "x.txt")}, ""},
		{[]string{a, b, a}, a + " is given twice"},
		{[]string{a, b, dir + "/./a.txt"}, " are one file"},
		{[]string{a, b, c}, " are one file"},
		{[]string{"x=" + a, "x=" + b, filepath.Join(dir, "x.txt")}, "the label x names two runs"},
		{[]string{"one=" + a, "two=" + b, "three=" + a}, " are one file"},
	} {
		err := Distinct(tc.args)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%q: %v, want %q", tc.args, err, tc.want)
		}
	}
}

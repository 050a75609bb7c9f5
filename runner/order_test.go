package runner_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/internal/atomicfile"
	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/parse"
	"github.com/concbench/concbench/report/trend"
	"github.com/concbench/concbench/runner"
	"github.com/concbench/concbench/runner/runnertest"
)

// sameTime is the author and committer date of every commit of the
// ordering tests: commits made within one second, as a script or a
// rebase makes them.
var sameTime = []string{"GIT_AUTHOR_DATE=2026-01-02T03:04:05Z", "GIT_COMMITTER_DATE=2026-01-02T03:04:05Z"}

func commit(t *testing.T, dir, name, content, msg string) string {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	runnertest.Git(t, dir, sameTime, "add", "-A")
	runnertest.Git(t, dir, sameTime, "commit", "--quiet", "-m", msg)
	return runnertest.Git(t, dir, nil, "rev-parse", "HEAD")
}

// measure runs one quick round of each commit and returns the results
// files' inputs, in the order of commits given.
func measure(t *testing.T, dir string, commits []string) []parse.InputInfo {
	t.Helper()
	out := filepath.Join(t.TempDir(), "results")
	res, err := runner.Run(context.Background(), runner.Config{Dir: dir, Refs: commits, Count: 1, OutDir: out, Groups: []runner.Group{{Bench: "Fast", Benchtime: "1x"}}})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range res.Files {
		paths = append(paths, f.Path)
	}
	info, err := parse.Scan(parse.Sources(paths), nil, func(*benchfmt.Result) {})
	if err != nil {
		t.Fatal(err)
	}
	return info.Inputs
}

// commitsOf lists the commit: lines of runs, in order.
func commitsOf(runs []parse.InputInfo) []string {
	var cs []string
	for _, r := range runs {
		cs = append(cs, r.Get(contract.KeyCommit))
	}
	return cs
}

// withoutKey drops a configuration key from every run, as in a file
// written before the runner recorded it.
func withoutKey(runs []parse.InputInfo, key string) []parse.InputInfo {
	out := slices.Clone(runs)
	for i := range out {
		out[i].Config = slices.DeleteFunc(slices.Clone(out[i].Config), func(c parse.Config) bool { return c.Key == key })
	}
	return out
}

// history opens the history of dir from inside it, by a relative path,
// as the concbench command does.
func history(t *testing.T, dir string) trend.History {
	t.Chdir(dir)
	h, err := runner.OpenHistory(".")
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// labelled returns runs as given with labels ("label=path"): their
// order given means something.
func labelled(runs []parse.InputInfo) []parse.InputInfo {
	out := slices.Clone(runs)
	for i := range out {
		out[i].Named = true
	}
	return out
}

// TestOrderSameSecond: four commits made within one second, given in
// reverse (hash order would be as arbitrary): git's history and the
// commit-position: lines both put them in commit order. Files named as
// bench names them (a glob of its directory lists them by hash) get no
// warning that they were not given in commit order; labelled, they get
// one. Committer time alone cannot order them, and says which runs it
// left as given.
func TestOrderSameSecond(t *testing.T) {
	dir, commits := runnertest.NewEvery(t, 0,
		map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)},
		map[string]string{"README": "1\n"}, map[string]string{"README": "2\n"}, map[string]string{"README": "3\n"})
	given := slices.Clone(commits)
	slices.Reverse(given)
	runs := measure(t, dir, given)
	for _, h := range []trend.History{history(t, dir), nil} {
		got, warnings := trend.Order(runs, h)
		if !slices.Equal(commitsOf(got), commits) || len(warnings) != 0 {
			t.Errorf("history %v: order %v, warnings %q; want %v and none", h != nil, commitsOf(got), warnings, commits)
		}
		got, warnings = trend.Order(labelled(runs), h)
		if !slices.Equal(commitsOf(got), commits) {
			t.Errorf("history %v, labelled: order %v, want %v", h != nil, commitsOf(got), commits)
		}
		by := map[bool]string{true: "by the repository's first-parent history", false: "by their commit-position: lines"}[h != nil]
		if len(warnings) != 1 || !strings.Contains(warnings[0], "not given in commit order") || !strings.Contains(warnings[0], by) {
			t.Errorf("history %v, labelled: warnings %q, want one that the order given was not commit order, %s", h != nil, warnings, by)
		}
	}
	got, warnings := trend.Order(withoutKey(runs, contract.KeyCommitPosition), nil)
	if !slices.Equal(commitsOf(got), given) || len(warnings) != 3 || !strings.Contains(warnings[0], "nothing else orders them") {
		t.Errorf("by committer time alone: %v, warnings %q; want the order given and three ties named", commitsOf(got), warnings)
	}
}

// TestOrderMalformed: a commit-position: or commit-time: line that is
// there but unreadable (a hand-edited file) is named in a warning, not
// counted silently as missing; the other lines still order the runs.
func TestOrderMalformed(t *testing.T) {
	dir, commits := runnertest.NewEvery(t, 0,
		map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)},
		map[string]string{"README": "1\n"})
	runs := measure(t, dir, commits)
	runs = withoutKey(runs, contract.KeyCommitPosition)
	runs[0].Config = append(runs[0].Config, parse.Config{Key: contract.KeyCommitPosition, Value: "abc"})
	for i := range runs[1].Config {
		if runs[1].Config[i].Key == contract.KeyCommitTime {
			runs[1].Config[i].Value = "yesterday"
		}
	}
	got, warnings := trend.Order(runs, nil)
	if !slices.Equal(commitsOf(got), commits) {
		t.Errorf("order %v, want the order given %v", commitsOf(got), commits)
	}
	want := []string{
		runs[0].Label + `: commit-position: "abc" is not a positive whole number`,
		runs[1].Label + `: commit-time: "yesterday" is not an RFC 3339 time`,
		"1 of 2 files have no readable commit-time: line",
	}
	if len(warnings) != len(want) {
		t.Fatalf("warnings %q, want %d", warnings, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(warnings[i], w) {
			t.Errorf("warning %d: %q, want it to start %q", i, warnings[i], w)
		}
	}
}

// TestOrderRebase: a rebase rewrites three commits with one committer
// time; their files, given in hash order, come out in commit order.
func TestOrderRebase(t *testing.T) {
	dir, _ := runnertest.New(t,
		map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)},
		map[string]string{"README": "1\n"}, map[string]string{"README": "2\n"}, map[string]string{"README": "3\n"})
	runnertest.Git(t, dir, sameTime, "rebase", "--quiet", "--force-rebase", "HEAD~3")
	var commits []string
	for i := 3; i >= 0; i-- {
		commits = append(commits, runnertest.Git(t, dir, nil, "rev-parse", "HEAD~"+string(rune('0'+i))))
	}
	if a, b := runnertest.Git(t, dir, nil, "show", "-s", "--format=%cI", commits[1]), runnertest.Git(t, dir, nil, "show", "-s", "--format=%cI", commits[3]); a != b {
		t.Fatalf("the rebased commits have different committer times, %s and %s", a, b)
	}
	given := slices.Clone(commits)
	slices.Sort(given) // hash order, as a glob of the files gives them
	runs := measure(t, dir, given)
	for _, h := range []trend.History{history(t, dir), nil} {
		if got, _ := trend.Order(runs, h); !slices.Equal(commitsOf(got), commits) {
			t.Errorf("history %v: order %v, want %v", h != nil, commitsOf(got), commits)
		}
	}
}

// TestOrderMerge: main has c1, c2, c3, a merge m of a branch topic (f1,
// f2, made from c2) and c4, all in one second, so that nothing but the
// graph orders them. With git, in every order given, the line is HEAD's
// first-parent history and f1 and f2 come right before m, which brought
// them in, with a warning naming each; checked out at c2, the line is
// that of c4, the newest commit given, and the order the same. With only
// the files' positions (first-parent depths), f1 ties c3 and f2 ties m,
// and the warnings name them.
func TestOrderMerge(t *testing.T) {
	dir, first := runnertest.NewEvery(t, 0, map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)})
	c1 := first[0]
	c2 := commit(t, dir, "README", "2\n", "c2")
	runnertest.Git(t, dir, nil, "checkout", "--quiet", "-b", "topic")
	f1 := commit(t, dir, "TOPIC", "f1\n", "f1")
	f2 := commit(t, dir, "TOPIC", "f2\n", "f2")
	runnertest.Git(t, dir, nil, "checkout", "--quiet", "main")
	c3 := commit(t, dir, "README", "3\n", "c3")
	runnertest.Git(t, dir, sameTime, "merge", "--quiet", "--no-ff", "-m", "m", "topic")
	m := runnertest.Git(t, dir, nil, "rev-parse", "HEAD")
	c4 := commit(t, dir, "README", "4\n", "c4")
	want := []string{c1, c2, c3, f1, f2, m, c4}
	runs := measure(t, dir, want)
	orders := [][]int{{6, 5, 4, 3, 2, 1, 0}, {3, 4, 5, 0, 6, 1, 2}, {4, 3, 0, 1, 2, 5, 6}, {5, 6, 3, 4, 2, 0, 1}}
	h := history(t, dir)
	check := func(what, tip string) {
		t.Helper()
		for _, o := range orders {
			given := make([]parse.InputInfo, len(o))
			for i, j := range o {
				given[i] = runs[j]
			}
			got, warnings := trend.Order(given, h)
			if !slices.Equal(commitsOf(got), want) {
				t.Errorf("%s, given %v: %v; want c1 c2 c3 f1 f2 m c4: %v", what, o, commitsOf(got), want)
			}
			placed := 0
			for _, w := range warnings {
				for _, f := range []string{f1, f2} {
					if strings.HasPrefix(w, f[:12]+" is not on the first-parent history of "+tip+": placed before its merge "+m[:12]) {
						placed++
					}
				}
			}
			if placed != 2 || len(warnings) != 2 {
				t.Errorf("%s, given %v: warnings %q; want two, that f1 and f2 are placed before their merge", what, o, warnings)
			}
		}
	}
	check("at HEAD", "HEAD ("+c4[:12]+")")
	runnertest.Git(t, dir, nil, "checkout", "--quiet", c2)
	check("at c2", c4[:12]+" (the newest commit given, after HEAD)")

	got, warnings := trend.Order(runs, nil)
	if cs := commitsOf(got); cs[0] != c1 || cs[1] != c2 || cs[6] != c4 {
		t.Errorf("by position: %v", cs)
	}
	ties := 0
	for _, w := range warnings {
		for _, pair := range [][2]string{{c3, f1}, {f2, m}} {
			if strings.Contains(w, pair[0][:12]) && strings.Contains(w, pair[1][:12]) && strings.Contains(w, "first-parent depth") && strings.Contains(w, "nothing else orders them") {
				ties++
			}
		}
	}
	if ties != 2 {
		t.Errorf("by position: warnings %q; want that c3 and f1, and f2 and m, tie by their first-parent depth", warnings)
	}
}

// TestOrderAmended: c3 amended to c3a within the same second (same
// parent, same position): c3 is reachable only from the reflog, neither
// an ancestor nor a descendant of HEAD. In the repository it is left out
// of the runs, in whatever order the files come, with a warning naming
// its file, and TREND.md and the Changes section say so below their
// order; when that leaves fewer than three runs, there is no trend.
// Checked out at c2, neither c3 nor c3a is in HEAD's history.
func TestOrderAmended(t *testing.T) {
	dir, commits := runnertest.NewEvery(t, 0,
		map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)},
		map[string]string{"README": "2\n"}, map[string]string{"README": "3\n"})
	c3 := commits[2]
	runnertest.Git(t, dir, sameTime, "commit", "--amend", "--quiet", "-m", "c3, amended")
	c3a := runnertest.Git(t, dir, nil, "rev-parse", "HEAD")
	runs := measure(t, dir, []string{c3a, c3, commits[1], commits[0]})
	h := history(t, dir)
	want := []string{commits[0], commits[1], c3a}
	for _, given := range [][]parse.InputInfo{runs, {runs[1], runs[0], runs[3], runs[2]}} {
		got, warnings := trend.Order(given, h)
		if !slices.Equal(commitsOf(got), want) || len(warnings) != 1 ||
			!strings.HasPrefix(warnings[0], runs[1].Label+": commit "+c3[:12]+" is not in the history of HEAD ("+c3a[:12]+")") ||
			!strings.HasSuffix(warnings[0], "left out of the runs") {
			t.Errorf("order %v, warnings %q; want %v and that %s was left out", commitsOf(got), warnings, want, runs[1].Label)
		}
	}
	// Checked out at c2, c3 and c3a both come after HEAD on two lines,
	// and neither leads to the other: the line is HEAD's, without them.
	runnertest.Git(t, dir, nil, "checkout", "--quiet", commits[1])
	got, warnings := trend.Order(runs, h)
	if !slices.Equal(commitsOf(got), commits[:2]) || len(warnings) != 2 || !strings.Contains(warnings[0], "left out") || !strings.Contains(warnings[1], "left out") {
		t.Errorf("at c2: order %v, warnings %q; want c1 c2, c3 and c3a left out", commitsOf(got), warnings)
	}
	runnertest.Git(t, dir, nil, "checkout", "--quiet", "main")
	var paths []string
	for _, r := range runs {
		paths = append(paths, r.Label)
	}
	var stderr strings.Builder
	res, err := trend.Files(paths, trend.FileOptions{History: h, Warnings: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Runs) != 3 || res.Runs[2].Commit != c3a || !strings.Contains(stderr.String(), "left out of the runs") {
		t.Errorf("runs %+v, stderr %q; want three, HEAD last, and the warning", res.Runs, stderr.String())
	}
	for _, s := range res.Trends {
		for i, sample := range s.Samples {
			if len(sample) == 0 {
				t.Errorf("%s: run %d has no samples", s.Name, i+1)
			}
		}
	}
	var md strings.Builder
	if err := res.WriteMarkdown(&md, ""); err != nil {
		t.Fatal(err)
	}
	caveat := regexp.MustCompile(`3 runs, oldest first \(by the repository's first-parent history\)[^\n]*\n\nCaveats on this order:\n\n- ` +
		regexp.QuoteMeta(text.Escape(runs[1].Label)+": commit "+c3[:12]+" is not in the history of HEAD"))
	if !caveat.MatchString(md.String()) || !caveat.MatchString(res.Markdown("")) {
		t.Errorf("TREND.md or the Changes section does not say below its order that %s was left out:\n%s", runs[1].Label, md.String())
	}
	if _, err := trend.Files(paths[:3], trend.FileOptions{History: h}); !errors.Is(err, trend.ErrTooFewRuns) || !strings.Contains(err.Error(), "1 of the 3 files were left out") {
		t.Errorf("three files, one left out: %v; want too few runs", err)
	}
}

// TestOutputInsideRepo: bench . with its results inside a repository that
// does not ignore them: the tree stays clean (HEAD's file, resumed by a
// rerun), and a real edit is still seen as one, its file kept across
// reruns although the results directory changes.
func TestOutputInsideRepo(t *testing.T) {
	dir, commits := runnertest.New(t, map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)})
	out := filepath.Join(dir, "out", "bench")
	var c counter
	cfg := config(dir, out, []string{"."}, 1, &c)
	cfg.Groups = []runner.Group{{Bench: "Fast", Benchtime: "1x"}}
	head := filepath.Join(out, commits[0][:12]+".txt")
	for i := range 2 {
		c = counter{}
		res, err := runner.Run(context.Background(), cfg)
		if err != nil || len(res.Files) != 1 || res.Files[0].Path != head || c.runs != 1-i {
			t.Fatalf("run %d: %+v, %d runs, %v; want HEAD's file %s, measured once", i+1, res, c.runs, err, head)
		}
	}
	if status := runnertest.Git(t, dir, nil, "status", "--porcelain"); status != "?? out/" {
		t.Errorf("git status %q: the results are the only change, and untouched by git", status)
	}
	if data, err := os.ReadFile(filepath.Join(dir, ".git", "info", "exclude")); err == nil && strings.Contains(string(data), "out") {
		t.Errorf(".git/info/exclude was written: %q", data)
	}
	os.WriteFile(filepath.Join(dir, "new.go"), []byte("package tiny\n"), 0o644)
	var dirty string
	for i := range 2 {
		c = counter{}
		res, err := runner.Run(context.Background(), cfg)
		if err != nil || !strings.Contains(res.Files[0].Path, "-dirty-") || c.runs != 1-i || (i == 1 && res.Files[0].Path != dirty) {
			t.Fatalf("edited, run %d: %+v, %d runs, %v; want one dirty file, measured once", i+1, res, c.runs, err)
		}
		dirty = res.Files[0].Path
	}
}

// TestOutputIgnoredInDirtyTree: with -o inside a directory the repository
// ignores (out/ in .gitignore, as concbench's own) and an edit in the
// working tree, the run hashes the tree without naming the ignored
// directory to git (which refuses a pathspec of an ignored path), and a
// rerun resumes the same dirty file.
func TestOutputIgnoredInDirtyTree(t *testing.T) {
	dir, _ := runnertest.New(t, map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond), ".gitignore": "out/\n"})
	out := filepath.Join(dir, "out", "results")
	os.WriteFile(filepath.Join(dir, "new.go"), []byte("package tiny\n"), 0o644)
	var c counter
	cfg := config(dir, out, []string{"."}, 1, &c)
	cfg.Groups = []runner.Group{{Bench: "Fast", Benchtime: "1x"}}
	var first string
	for i := range 2 {
		c = counter{}
		res, err := runner.Run(context.Background(), cfg)
		if err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
		if p := res.Files[0].Path; !strings.Contains(p, "-dirty-") || c.runs != 1-i || (i == 1 && p != first) {
			t.Fatalf("run %d: %s after %d runs; want one dirty file, measured once", i+1, p, c.runs)
		}
		first = res.Files[0].Path
	}
}

// TestOrderSeriesNotByArguments: BenchmarkFastOld is renamed
// BenchmarkFastNew at c2. Whatever order the files are given in, the
// trend is the same, its series in the order the runs first have them
// (the model's rows come in the order the files were given).
func TestOrderSeriesNotByArguments(t *testing.T) {
	bench := func(name string) string {
		return "package tiny\n\nimport \"testing\"\n\nfunc Benchmark" + name + "(b *testing.B) {\n\tfor i := 0; i < b.N; i++ {\n\t\t_ = i * i\n\t}\n}\n"
	}
	dir, commits := runnertest.NewEvery(t, 0,
		map[string]string{"tiny_test.go": bench("FastOld")},
		map[string]string{"tiny_test.go": bench("FastNew")},
		map[string]string{"README": "3\n"})
	runs := measure(t, dir, commits)
	h := history(t, dir)
	var got []string
	for _, o := range [][]int{{0, 1, 2}, {2, 1, 0}} {
		var paths []string
		for _, i := range o {
			paths = append(paths, runs[i].Label)
		}
		res, err := trend.Files(paths, trend.FileOptions{History: h, Options: trend.Options{AllowMissing: true}})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, tr := range res.Trends {
			names = append(names, tr.Name)
		}
		if got == nil {
			got = names
		} else if !slices.Equal(names, got) {
			t.Errorf("given %v: series %q; given in order: %q", o, names, got)
		}
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "FastOld") {
		t.Errorf("series %q, want FastOld, then FastNew", got)
	}
}

// TestOwnOutputNotDirty: helper 30's flow, bench . then trend (its
// default -o out/ is the parent of bench's out/bench) then bench . again,
// and a bench with another -o beside the first's results. Files that
// concbench wrote and recorded (a trend's TREND.md and trend.png, in
// out/'s manifest) and another -o's results files are no change to the
// code: the tree stays HEAD. A trend file the user edits since, or a
// file of the user's own, is one.
func TestOwnOutputNotDirty(t *testing.T) {
	dir, commits := runnertest.New(t, map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)})
	head := commits[0][:12] + ".txt"
	run := func(out string) string {
		t.Helper()
		var c counter
		cfg := config(dir, filepath.Join(dir, out), []string{"."}, 1, &c)
		cfg.Groups = []runner.Group{{Bench: "Fast", Benchtime: "1x"}}
		res, err := runner.Run(context.Background(), cfg)
		if err != nil || len(res.Files) != 1 {
			t.Fatalf("bench -o %s: %+v, %v", out, res, err)
		}
		return filepath.Base(res.Files[0].Path)
	}
	if got := run("out/bench"); got != head {
		t.Fatalf("first run: %s, want HEAD's %s", got, head)
	}
	// What trend -o out writes (trend.FileResult.WriteDir).
	for _, f := range []string{"TREND.md", "trend.png"} {
		os.WriteFile(filepath.Join(dir, "out", f), []byte(f), 0o644)
	}
	if _, err := atomicfile.OwnAs(filepath.Join(dir, "out"), "trend", []string{"TREND.md", "trend.png"}); err != nil {
		t.Fatal(err)
	}
	if got := run("out/bench"); got != head {
		t.Errorf("after a trend in out/: %s, want HEAD's %s", got, head)
	}
	if got := run("elsewhere"); got != head {
		t.Errorf("with out/bench's results beside -o elsewhere: %s, want HEAD's %s", got, head)
	}
	// The user's own change to a file concbench wrote is a change.
	time.Sleep(10 * time.Millisecond)
	os.WriteFile(filepath.Join(dir, "out", "TREND.md"), []byte("my notes on the trend"), 0o644)
	if got := run("out/bench"); !strings.Contains(got, "-dirty-") {
		t.Errorf("after editing TREND.md: %s, want a dirty file", got)
	}
}

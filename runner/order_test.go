package runner_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/contract"
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

// TestOrderSameSecond: four commits made within one second, given in
// reverse (hash order would be as arbitrary): git's history and the
// commit-position: lines both put them in commit order, with a warning
// that the order given was not; committer time alone cannot, and says
// which runs it left as given.
func TestOrderSameSecond(t *testing.T) {
	dir, commits := runnertest.NewEvery(t, 0,
		map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)},
		map[string]string{"README": "1\n"}, map[string]string{"README": "2\n"}, map[string]string{"README": "3\n"})
	given := slices.Clone(commits)
	slices.Reverse(given)
	runs := measure(t, dir, given)
	for _, h := range []trend.History{history(t, dir), nil} {
		got, warnings := trend.Order(runs, h)
		if !slices.Equal(commitsOf(got), commits) {
			t.Errorf("history %v: order %v, want %v", h != nil, commitsOf(got), commits)
		}
		by := map[bool]string{true: "by the repository's first-parent history", false: "by their commit-position: lines"}[h != nil]
		if len(warnings) != 1 || !strings.Contains(warnings[0], "not given in commit order") || !strings.Contains(warnings[0], by) {
			t.Errorf("history %v: warnings %q, want one that the order given was not commit order, %s", h != nil, warnings, by)
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

// TestOrderMerge: main has c1, c2, c3 and a merge m of a branch f1 made
// from c2, all in one second. With git, every commit comes after its
// ancestors and m last; with only the files' positions, f1 and c3 tie
// (both third on their first-parent lines) and the warning names them.
func TestOrderMerge(t *testing.T) {
	dir, first := runnertest.NewEvery(t, 0, map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)})
	c1 := first[0]
	c2 := commit(t, dir, "README", "2\n", "c2")
	runnertest.Git(t, dir, nil, "checkout", "--quiet", "-b", "topic")
	f1 := commit(t, dir, "TOPIC", "f\n", "f1")
	runnertest.Git(t, dir, nil, "checkout", "--quiet", "main")
	c3 := commit(t, dir, "README", "3\n", "c3")
	runnertest.Git(t, dir, sameTime, "merge", "--quiet", "--no-ff", "-m", "m", "topic")
	m := runnertest.Git(t, dir, nil, "rev-parse", "HEAD")
	given := []string{m, f1, c3, c2, c1}
	runs := measure(t, dir, given)
	got, _ := trend.Order(runs, history(t, dir))
	pos := func(c string) int { return slices.Index(commitsOf(got), c) }
	if !(pos(c1) < pos(c2) && pos(c2) < pos(f1) && pos(c2) < pos(c3) && pos(c3) < pos(m) && pos(f1) < pos(m)) {
		t.Errorf("with git: %v; want c1 %s, c2 %s, then f1 %s and c3 %s, m %s last", commitsOf(got), c1[:7], c2[:7], f1[:7], c3[:7], m[:7])
	}
	got, warnings := trend.Order(runs, nil)
	if cs := commitsOf(got); cs[0] != c1 || cs[1] != c2 || cs[4] != m {
		t.Errorf("by position: %v", cs)
	}
	tie := false
	for _, w := range warnings {
		tie = tie || (strings.Contains(w, f1[:12]) && strings.Contains(w, c3[:12]) && strings.Contains(w, "nothing else orders them"))
	}
	if !tie {
		t.Errorf("by position: no warning that f1 and c3 tie: %q", warnings)
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

package runner_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report/changepoint"
	"github.com/concbench/concbench/runner"
	"github.com/concbench/concbench/runner/runnertest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// fourCommits makes the test module with four commits; the third makes
// BenchmarkSlow twice as slow (a sleep of 2 ms per op becomes 4 ms).
func fourCommits(t *testing.T) (string, []string) {
	return runnertest.New(t,
		map[string]string{"tiny_test.go": runnertest.Bench(2 * time.Millisecond)},
		map[string]string{"README": "a change that changes nothing\n"},
		// 5×, not 2×: under go test ./... on 2 CPUs, a timer's late wake
		// made one 2 ms sleep's sample read 5.06 ms (CI, 2026-12-05).
		map[string]string{"tiny_test.go": runnertest.Bench(10 * time.Millisecond)},
		map[string]string{"README": "another\n"},
	)
}

// counter counts the runs of test binaries a Run started.
type counter struct{ runs, builds int }

func (c *counter) progress(s runner.Status) {
	switch s.Phase {
	case "run":
		c.runs++
	case "build":
		c.builds++
	}
}

func config(dir, out string, refs []string, count int, c *counter) runner.Config {
	return runner.Config{
		Dir: dir, Refs: refs, Count: count, OutDir: out,
		Groups:   []runner.Group{{Bench: ".", Benchtime: "5x"}},
		Progress: c.progress,
	}
}

// TestFourCommits: bench over three commits, then four, writes one file
// per commit, with its configuration lines and the package's pkg: line,
// and measures only the fourth commit the second time; the change points
// of BenchmarkSlow name the third commit; a rerun measures nothing, a
// larger count only the missing rounds; no worktree is left behind.
func TestFourCommits(t *testing.T) {
	dir, commits := fourCommits(t)
	out := filepath.Join(t.TempDir(), "results")
	var c counter
	res, err := runner.Run(context.Background(), config(dir, out, commits[:3], 3, &c))
	// A run per top-level benchmark (Fast, Slow) per commit and round.
	if err != nil || len(res.Files) != 3 || c.runs != 18 {
		t.Fatalf("three commits: %d files after %d runs (%v), want 3 after 18", len(res.Files), c.runs, err)
	}
	c = counter{}
	res, err = runner.Run(context.Background(), config(dir, out, commits, 3, &c))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 4 || c.runs != 6 || c.builds == 0 {
		t.Fatalf("one more commit: %d files after %d runs, want 4 after 6 (the new commit's rounds only)", len(res.Files), c.runs)
	}
	// The round markers name the pass each round was measured in: the
	// first three commits' rounds 1–3 in passes 1–3 of one run, the fourth
	// commit's in another run.
	first := passes(t, res.Files[0].Path)
	for i, f := range res.Files {
		ps := passes(t, f.Path)
		for k, p := range ps {
			if p.Index != k+1 || (i < 3) != (p.Run == first[0].Run) || p.Run != ps[0].Run {
				t.Errorf("%s: round %d measured in pass %+v; the first file's run is %s", f.Path, k+1, p, first[0].Run)
			}
		}
	}
	slow := make([][]float64, 4)
	for i, f := range res.Files {
		if want := filepath.Join(out, commits[i][:12]+".txt"); f.Path != want || f.Rounds != 3 || f.New != 3*btoi(i == 3) {
			t.Errorf("file %d: %+v, want %s with 3 rounds", i, f, want)
		}
		data, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range []string{"commit: " + commits[i], "commit-time: 2026-01-02T03:0", "ref: " + commits[i], "pkg: example.com/tiny"} {
			if !strings.Contains(string(data), "\n"+line) {
				t.Errorf("%s has no line %q", f.Path, line)
			}
		}
		slow[i] = values(t, f.Path, "Slow")
		if len(slow[i]) != 3 {
			t.Errorf("%s: %d samples of BenchmarkSlow, want 3", f.Path, len(slow[i]))
		}
	}
	changes, err := changepoint.Detect(slow, changepoint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	// Late timer wakes add the same time to both sleeps and so shrink
	// the ratio: 1.2 ms an op on every sample reads 3.46×. A floor of 2×
	// needs 6 ms an op; no change found, or one elsewhere, still fails.
	if len(changes) != 1 || changes[0].Index != 2 || changes[0].Ratio < 2 || changes[0].Ratio > 6.5 {
		t.Errorf("changes %+v of %v, want one at the third commit, about 5× (2× to 6.5×)", changes, slow)
	}
	if wts := runnertest.Worktrees(t, dir); len(wts) != 1 {
		t.Errorf("worktrees left behind: %v", wts)
	}

	before := snapshot(t, out)
	c = counter{}
	if res, err = runner.Run(context.Background(), config(dir, out, commits, 3, &c)); err != nil || c.runs+c.builds != 0 || len(res.Files) != 4 {
		t.Errorf("rerun: %d runs, %d builds, %v; want nothing measured, 4 files", c.runs, c.builds, err)
	}
	if after := snapshot(t, out); after != before {
		t.Error("a rerun changed the files")
	}

	c = counter{}
	if res, err = runner.Run(context.Background(), config(dir, out, commits, 4, &c)); err != nil || c.runs != 8 {
		t.Fatalf("count 4: %d runs, %v; want 8 (one round of each: Fast and Slow)", c.runs, err)
	}
	for _, f := range res.Files {
		if f.Rounds != 4 || f.New != 1 || len(values(t, f.Path, "Slow")) != 4 {
			t.Errorf("count 4: %+v", f)
		}
	}

	var fourth contract.Pass
	for i, f := range res.Files {
		ps := passes(t, f.Path)
		if i == 0 {
			fourth = ps[3]
		}
		if len(ps) != 4 || ps[3] != fourth || fourth.Index != 1 || fourth.Run == first[0].Run {
			t.Errorf("count 4: %s's passes %+v, want the fourth round in pass 1 of a new run, as every file's", f.Path, ps)
		}
	}

	c = counter{}
	res, err = runner.Run(context.Background(), config(dir, out, append([]string{"HEAD~3", "main"}, commits...), 4, &c))
	if err != nil || c.runs != 0 || len(res.Files) != 4 {
		t.Errorf("the same commits by other names: %d runs, %d files, %v; want 0 runs, 4 files", c.runs, len(res.Files), err)
	}
}

// TestWorkingTree: without refs the working tree is measured in place: a
// clean one is its HEAD commit (no new measurement after the commit's), a
// dirty one is named after its content and kept until the next edit.
func TestWorkingTree(t *testing.T) {
	dir, commits := runnertest.New(t, map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)})
	out := filepath.Join(t.TempDir(), "results")
	var c counter
	res, err := runner.Run(context.Background(), config(dir, out, nil, 1, &c))
	if err != nil || len(res.Files) != 1 || res.Files[0].Path != filepath.Join(out, commits[0][:12]+".txt") || res.Files[0].Ref != runner.WorkingTree {
		t.Fatalf("clean tree: %+v, %v", res, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "new_test.go"), []byte("package tiny\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = runner.Run(context.Background(), config(dir, out, nil, 1, &c))
	if err != nil || len(res.Files) != 1 {
		t.Fatalf("dirty tree: %+v, %v", res, err)
	}
	dirty := res.Files[0].Path
	if name := filepath.Base(dirty); !strings.HasPrefix(name, commits[0][:12]+"-dirty-") {
		t.Errorf("dirty tree's file %s", name)
	}
	if data, _ := os.ReadFile(dirty); !strings.Contains(string(data), "\nref: working tree (uncommitted changes)\n") {
		t.Errorf("dirty tree's file has no ref line:\n%s", data)
	}
	c = counter{}
	if res, err = runner.Run(context.Background(), config(dir, out, nil, 1, &c)); err != nil || c.runs != 0 || res.Files[0].Path != dirty {
		t.Errorf("the same dirty tree again: %d runs, %+v, %v", c.runs, res, err)
	}
	if status := runnertest.Git(t, dir, nil, "status", "--porcelain"); status != "?? new_test.go" {
		t.Errorf("git status after bench: %q (the index must stay untouched)", status)
	}
	os.WriteFile(filepath.Join(dir, "new_test.go"), []byte("package tiny\n\n// edited\n"), 0o644)
	if res, err = runner.Run(context.Background(), config(dir, out, nil, 1, &c)); err != nil || res.Files[0].Path == dirty {
		t.Errorf("an edited tree reuses %s (%v)", dirty, err)
	}

	c = counter{}
	cfg := config(dir, out, nil, 2, &c)
	cfg.AA = true
	res, err = runner.Run(context.Background(), cfg)
	if err != nil || len(res.Files) != 2 || !strings.HasSuffix(res.Files[0].Path, ".A.txt") || !strings.HasSuffix(res.Files[1].Path, ".B.txt") || c.runs != 8 {
		t.Errorf("A/A: %+v, %d runs, %v", res, c.runs, err)
	}
}

// TestProbeLine: with ProbeCPUs, each round of the results file carries
// the round trip between two CPUs measured before it, which RoundTrip
// reads and benchfmt skips.
func TestProbeLine(t *testing.T) {
	dir, _ := runnertest.New(t, map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)})
	var c counter
	cfg := config(dir, filepath.Join(t.TempDir(), "results"), nil, 2, &c)
	cfg.ProbeCPUs = true
	res, err := runner.Run(context.Background(), cfg)
	if err != nil || len(res.Files) != 1 {
		t.Fatalf("%+v, %v", res, err)
	}
	data, err := os.ReadFile(res.Files[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	var rts int
	for _, line := range strings.Split(string(data), "\n") {
		if _, ok := contract.RoundTrip(line); ok {
			rts++
		}
	}
	want := 2
	if runtime.NumCPU() < 2 || runtime.GOMAXPROCS(0) < 2 {
		want = 0 // no second CPU to hand the token to
	}
	if rts != want {
		t.Errorf("%d round-trip lines in 2 rounds, want %d:\n%s", rts, want, data)
	}
	r := benchfmt.NewReader(bytes.NewReader(data), "results")
	for r.Scan() {
		if e, ok := r.Result().(*benchfmt.SyntaxError); ok {
			t.Errorf("benchfmt: %v", e)
		}
	}
}

// TestFailures: a ref that does not build and one whose benchmark fails are
// one error each, naming them; the other ref's results are complete; a bad
// ref or config is a usage error before anything runs.
func TestFailures(t *testing.T) {
	dir, commits := runnertest.New(t,
		map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)},
		map[string]string{"broken_test.go": "package tiny\n\nfunc broken( {\n"},
		map[string]string{"broken_test.go": "", "fail_test.go": "package tiny\n\nimport \"testing\"\n\nfunc BenchmarkFail(b *testing.B) { b.Fatal(\"boom\") }\n"},
	)
	out := filepath.Join(t.TempDir(), "results")
	var c counter
	var errs bytes.Buffer
	cfg := config(dir, out, commits, 2, &c)
	cfg.Errors = &errs
	res, err := runner.Run(context.Background(), cfg)
	if err == nil || len(res.Failed) != 2 || len(res.Files) != 1 || res.Files[0].Rounds != 2 {
		t.Fatalf("Run: %v; result %+v", err, res)
	}
	lines := strings.Split(strings.TrimSpace(errs.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], commits[1][:12]+": ") || !strings.Contains(lines[0], "does not build") ||
		!strings.HasPrefix(lines[1], commits[2][:12]+": ") || !strings.Contains(lines[1], "BenchmarkFail") || !strings.Contains(lines[1], "boom") {
		t.Errorf("errors:\n%s", errs.String())
	}
	if want := "2 of 3 refs failed (no round of " + commits[1][:12] + ", " + commits[2][:12] + ")"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	// A results directory that cannot be written fails before any build:
	// a file where the directory should be.
	file := filepath.Join(t.TempDir(), "afile")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	c = counter{}
	if _, err := runner.Run(context.Background(), config(dir, filepath.Join(file, "sub"), commits[:1], 1, &c)); err == nil || c.builds != 0 {
		t.Errorf("results under a file: %v after %d builds, want an error before any", err, c.builds)
	}
	for _, bad := range []runner.Config{
		{Dir: dir, Refs: []string{"no-such-ref"}},
		{Dir: dir, Refs: []string{"--help"}},
		{Dir: t.TempDir()},
		{Dir: dir, Count: -1},
		{Dir: dir, Groups: []runner.Group{{Bench: "("}}},
		{Dir: dir, AA: true, Refs: commits[:2]},
	} {
		bad.OutDir = out
		if _, err := runner.Run(context.Background(), bad); !errors.Is(err, runner.ErrUsage) {
			t.Errorf("%+v: %v, want a usage error", bad, err)
		}
	}
}

// TestCancel: a cancelled Run stops the benchmark under way, keeps no
// partial round and leaves no worktree.
func TestCancel(t *testing.T) {
	dir, commits := runnertest.New(t, map[string]string{"tiny_test.go": runnertest.Bench(time.Hour)})
	out := filepath.Join(t.TempDir(), "results")
	ctx, cancel := context.WithCancel(context.Background())
	cfg := runner.Config{Dir: dir, Refs: commits, Count: 1, OutDir: out, Groups: []runner.Group{{Bench: "Slow", Benchtime: "1x"}}}
	cfg.Progress = func(s runner.Status) {
		if s.Phase == "run" {
			time.AfterFunc(200*time.Millisecond, cancel)
		}
	}
	start := time.Now()
	_, err := runner.Run(ctx, cfg)
	if !errors.Is(err, context.Canceled) || time.Since(start) > time.Minute {
		t.Errorf("Run: %v after %v", err, time.Since(start))
	}
	if wts := runnertest.Worktrees(t, dir); len(wts) != 1 {
		t.Errorf("worktrees left behind: %v", wts)
	}
	if data, err := os.ReadFile(filepath.Join(out, commits[0][:12]+".txt")); err == nil && bytes.Contains(data, []byte("Benchmark")) {
		t.Errorf("a partial round was kept:\n%s", data)
	}
}

func TestParseGroup(t *testing.T) {
	for in, want := range map[string]runner.Group{
		".":                     {Bench: "."},
		"^BenchmarkX$@1x":       {Bench: "^BenchmarkX$", Benchtime: "1x"},
		"A/B@0.2s":              {Bench: "A/B", Benchtime: "0.2s"},
		"user@example":          {Bench: "user@example"},
		"(a|b)@100ms":           {Bench: "(a|b)", Benchtime: "100ms"},
		"a[@]1":                 {Bench: "a[@]1"},
		"^(IO|CPU)$/^api=mock@": {Bench: "^(IO|CPU)$/^api=mock@"},
	} {
		if got, err := runner.ParseGroup(in); err != nil || got != want {
			t.Errorf("ParseGroup(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	// A benchtime that is not one is an error, not a regexp that matches
	// nothing.
	for _, bad := range []string{"", "@1s", "(@1s", "x@0x", "X@10", "X@1sec", "X@.5"} {
		if _, err := runner.ParseGroup(bad); err == nil {
			t.Errorf("ParseGroup(%q) accepted", bad)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// values returns the sec/op samples of Benchmark<name> in path.
// passes returns the pass of each round marker of the results file at
// path, in order.
func passes(t *testing.T, path string) []contract.Pass {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []contract.Pass
	for _, line := range strings.Split(string(data), "\n") {
		if _, p, ok := contract.RoundPass(line); ok {
			if !p.Known() {
				t.Errorf("%s: a round marker without its pass: %q", path, line)
			}
			out = append(out, p)
		}
	}
	return out
}

func values(t *testing.T, path, name string) []float64 {
	t.Helper()
	return metric(t, path, name, "sec/op")
}

// snapshot returns the names, sizes and modification times of dir's files.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		fi, _ := e.Info()
		b.WriteString(e.Name() + " " + fi.ModTime().String() + "\n")
	}
	return b.String()
}

// TestStaleWorktree: a worktree that a killed run left behind (its process
// gone) is removed by the next run; one of a live run is not.
func TestStaleWorktree(t *testing.T) {
	dir, commits := runnertest.New(t, map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)})
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip("no true command")
	}
	for _, tc := range []struct{ name, pid string }{
		{"concbench-bench-dead", strconv.Itoa(dead.Process.Pid)},
		{"concbench-bench-live", strconv.Itoa(os.Getpid())},
	} {
		os.MkdirAll(filepath.Join(tmp, tc.name), 0o755)
		os.WriteFile(filepath.Join(tmp, tc.name, "pid"), []byte(tc.pid), 0o644)
		runnertest.Git(t, dir, nil, "worktree", "add", "--detach", "--quiet", filepath.Join(tmp, tc.name, "worktrees", "x"), commits[0])
	}
	var c counter
	if _, err := runner.Run(context.Background(), config(dir, filepath.Join(t.TempDir(), "out"), nil, 1, &c)); err != nil {
		t.Fatal(err)
	}
	wts := runnertest.Worktrees(t, dir)
	if len(wts) != 2 || !strings.Contains(wts[1], "concbench-bench-live") {
		t.Errorf("worktrees after a run: %v, want the main one and the live run's", wts)
	}
	if _, err := os.Stat(filepath.Join(tmp, "concbench-bench-dead")); err == nil {
		t.Error("the dead run's directory is still there")
	}

	// A killed run of the working tree alone left its directory (its test
	// binaries) and no worktree: the next run removes it too, and leaves a
	// directory whose pid file is not written yet.
	for _, name := range []string{"concbench-bench-deadtree", "concbench-bench-starting"} {
		os.MkdirAll(filepath.Join(tmp, name, "bin"), 0o755)
	}
	os.WriteFile(filepath.Join(tmp, "concbench-bench-deadtree", "pid"), []byte(strconv.Itoa(dead.Process.Pid)), 0o644)
	if _, err := runner.Run(context.Background(), config(dir, filepath.Join(t.TempDir(), "out"), nil, 1, &c)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(tmp, "concbench-bench-deadtree")); err == nil {
		t.Error("the dead working-tree run's directory is still there")
	}
	if _, err := os.Stat(filepath.Join(tmp, "concbench-bench-starting", "bin")); err != nil {
		t.Errorf("the starting run's directory: %v", err)
	}
}

// TestInterleaved: a round runs each group, one top-level benchmark at a
// time (the group Slow|Fast is split into ^BenchmarkSlow$ and
// ^BenchmarkFast$ runs), for every ref before the next starts, the refs'
// order reversed from one run to the next and rotated from one round to
// the next, so that two refs' runs of a benchmark lie seconds apart; each
// file still gets whole rounds.
func TestInterleaved(t *testing.T) {
	dir, commits := fourCommits(t)
	var runs []string
	cfg := runner.Config{
		Dir: dir, Refs: commits[:2], Count: 2, OutDir: t.TempDir(),
		Groups: []runner.Group{{Bench: "Slow|Fast", Benchtime: "1x"}},
		Progress: func(s runner.Status) {
			if s.Phase == "run" {
				runs = append(runs, fmt.Sprintf("%d %s %s", s.Round, s.Ref[:7], strings.Trim(s.Group.Bench, "^$")))
			}
		},
	}
	res, err := runner.Run(context.Background(), cfg)
	if err != nil || len(res.Files) != 2 {
		t.Fatalf("Run: %v, %d files", err, len(res.Files))
	}
	a, b := commits[0][:7], commits[1][:7]
	want := []string{
		"1 " + a + " BenchmarkFast", "1 " + b + " BenchmarkFast", "1 " + b + " BenchmarkSlow", "1 " + a + " BenchmarkSlow",
		"2 " + b + " BenchmarkFast", "2 " + a + " BenchmarkFast", "2 " + a + " BenchmarkSlow", "2 " + b + " BenchmarkSlow",
	}
	if !slices.Equal(runs, want) {
		t.Errorf("runs in the order\n%s\nwant\n%s", strings.Join(runs, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range res.Files {
		if f.Rounds != 2 || len(values(t, f.Path, "Slow")) != 2 || len(values(t, f.Path, "Fast")) != 2 {
			t.Errorf("%s: %d rounds, want 2 with one Slow and one Fast each", f.Path, f.Rounds)
		}
	}
}

// TestGroupTwice: a group listed twice in Config.Groups runs twice in a
// round, at both places, as make report's groups do (at the start and at
// the end of a round), each of its benchmarks once each time.
func TestGroupTwice(t *testing.T) {
	dir, commits := fourCommits(t)
	var runs []string
	cfg := runner.Config{
		Dir: dir, Refs: commits[:1], Count: 2, OutDir: t.TempDir(),
		Groups: []runner.Group{{Bench: "Fast", Benchtime: "1x"}, {Bench: "Slow", Benchtime: "1x"}, {Bench: "Fast", Benchtime: "1x"}},
		Progress: func(s runner.Status) {
			if s.Phase == "run" {
				runs = append(runs, fmt.Sprintf("%d %s", s.Round, strings.Trim(s.Group.Bench, "^$")))
			}
		},
	}
	res, err := runner.Run(context.Background(), cfg)
	if err != nil || len(res.Files) != 1 {
		t.Fatalf("Run: %v, %d files", err, len(res.Files))
	}
	want := []string{"1 BenchmarkFast", "1 BenchmarkSlow", "1 BenchmarkFast", "2 BenchmarkFast", "2 BenchmarkSlow", "2 BenchmarkFast"}
	if !slices.Equal(runs, want) {
		t.Errorf("runs in the order\n%s\nwant\n%s", strings.Join(runs, "\n"), strings.Join(want, "\n"))
	}
	path := res.Files[0].Path
	if f, s := len(values(t, path, "Fast")), len(values(t, path, "Slow")); f != 4 || s != 2 {
		t.Errorf("%d results of Fast and %d of Slow, want 4 and 2", f, s)
	}
}

// TestSplitBench: a -test.bench expression splits at its first slash
// outside brackets and parentheses, as the testing package splits it.
func TestSplitBench(t *testing.T) {
	for in, want := range map[string][2]string{
		".":                               {".", ""},
		"^BenchmarkIO$/^api=mock$":        {"^BenchmarkIO$", "/^api=mock$"},
		"^Benchmark(CPU|CPUScaling)$/^w$": {"^Benchmark(CPU|CPUScaling)$", "/^w$"},
		"Bench[/]x/y":                     {"Bench[/]x", "/y"},
		"A(b/c)/d":                        {"A(b/c)", "/d"},
		`A\/b/c`:                          {`A\/b`, "/c"},
	} {
		if f, r := runner.SplitBench(in); f != want[0] || r != want[1] {
			t.Errorf("SplitBench(%q) = %q, %q; want %q, %q", in, f, r, want[0], want[1])
		}
	}
}

// TestReplacedKept: a results file measured with other settings (a
// narrower -bench, as bisect's in bench's directory) is measured again,
// and the earlier file is kept whole in ReplacedDir, not overwritten; so
// is one that Fresh discards.
func TestReplacedKept(t *testing.T) {
	dir, commits := fourCommits(t)
	out := filepath.Join(t.TempDir(), "results")
	var c counter
	res, err := runner.Run(context.Background(), config(dir, out, commits[:1], 1, &c))
	if err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(res.Files[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	narrow := config(dir, out, commits[:1], 1, &c)
	narrow.Groups = []runner.Group{{Bench: "Fast", Benchtime: "5x"}}
	var stderr strings.Builder
	narrow.Errors = &stderr
	if _, err := runner.Run(context.Background(), narrow); err != nil {
		t.Fatal(err)
	}
	fresh := config(dir, out, commits[:1], 1, &c)
	fresh.Fresh = true
	if _, err := runner.Run(context.Background(), fresh); err != nil {
		t.Fatal(err)
	}
	kept, err := filepath.Glob(filepath.Join(out, runner.ReplacedDir, commits[0][:12]+".*.txt"))
	if err != nil || len(kept) != 2 {
		t.Fatalf("kept %v (%v), want the two replaced files", kept, err)
	}
	got, err := os.ReadFile(kept[0])
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(first) {
		t.Errorf("%s is not the first run's file", kept[0])
	}
	if !strings.Contains(stderr.String(), "measured with other settings; measuring it again (the earlier file goes to "+filepath.Join(out, runner.ReplacedDir)+")") {
		t.Errorf("stderr %q", stderr.String())
	}
	if txt, _ := filepath.Glob(filepath.Join(out, "*.txt")); len(txt) != 1 {
		t.Errorf("results directory: %v, want the one file of the commit", txt)
	}
}

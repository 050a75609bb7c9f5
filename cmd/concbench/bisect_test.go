package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/runner/runnertest"
)

// TestBisectUndecided: bisect exits 3 when it cannot decide, its last line
// on stderr the reason, and writes bisect.md: here BAD does not build (a
// reason that needs no timing, as this package's tests run beside
// others; runner/bisect's TestNotSlower, run alone by make test, holds
// the case of a BAD that is not slower).
func TestBisectUndecided(t *testing.T) {
	dir, _ := runnertest.New(t, runnertest.Work(1000, 1000), map[string]string{"README": "x\n"}, map[string]string{"broken.go": "package tiny\n\nfunc broken( {\n"})
	t.Chdir(dir)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runMain(t, "bisect", "-bench", "Work@20x", "-o", out, "HEAD~2", "HEAD")
	last := stderr[strings.LastIndex(strings.TrimSuffix(stderr, "\n"), "\n")+1:]
	if code != 3 || !strings.HasPrefix(last, "concbench: bisect: could not decide: BAD (") || !strings.Contains(last, "could not be measured") ||
		!strings.Contains(last, "does not build") || !strings.Contains(stdout, "could not decide: BAD") {
		t.Fatalf("exit %d, want 3 and the reason\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if md, err := os.ReadFile(filepath.Join(out, "bisect.md")); err != nil || !strings.Contains(string(md), "**Could not decide:** BAD (") {
		t.Errorf("bisect.md (%v):\n%s", err, md)
	}
}

// TestBisectGoodUnmeasured: GOOD that cannot be measured (no benchmark
// matches -bench, or -pkg names no package) is a search that cannot
// decide, exit 3, as a BAD that cannot be, not a failure of bisect (1);
// the package is named from the checkout, not by the temporary worktree
// it was looked for in.
func TestBisectGoodUnmeasured(t *testing.T) {
	dir, _ := runnertest.New(t, runnertest.Work(1000, 1000), map[string]string{"README": "x\n"})
	t.Chdir(dir)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-bench", "Nope@20x"}, "no benchmark matches Nope"},
		{[]string{"-bench", "Work@20x", "-pkg", "./nope"}, "stat ./nope: directory not found"},
	} {
		out := filepath.Join(t.TempDir(), "out")
		code, _, stderr := runMain(t, append(append([]string{"bisect"}, c.args...), "-o", out, "HEAD~1", "HEAD")...)
		last := stderr[strings.LastIndex(strings.TrimSuffix(stderr, "\n"), "\n")+1:]
		if code != 3 || !strings.HasPrefix(last, "concbench: bisect: could not decide: GOOD (") || !strings.Contains(last, c.want) || strings.Contains(stderr, "concbench-bench-") {
			t.Errorf("%v: exit %d, want 3, the reason %q and no temporary path\nstderr:\n%s", c.args, code, c.want, stderr)
		}
	}
}

// TestCompareProfile: bench of two commits, the second making Mix twice
// as slow, then compare -profile: it names Mix as the function whose flat
// time grew most, in the text and in the markdown section, and keeps the
// profiles for the pprof command it prints. Twice, not 30% (as bisect's
// tests): each side is profiled in one run, and a slow spell of the
// machine over the whole of OLD's run could hide 30% of growth.
func TestCompareProfile(t *testing.T) {
	dir, commits := runnertest.New(t, runnertest.Work(2_000_000, 100_000), map[string]string{"work.go": runnertest.Work(4_000_000, 100_000)["work.go"]})
	t.Chdir(dir)
	out := filepath.Join(t.TempDir(), "bench")
	code, stdout, stderr := runMain(t, "bench", "-q", "-o", out, "-count", "6", "-bench", "Work@20x", commits[0], commits[1])
	files := strings.Fields(stdout)
	if code != 0 || len(files) != 2 {
		t.Fatalf("bench: exit %d\n%s%s", code, stdout, stderr)
	}
	cmpOut := filepath.Join(t.TempDir(), "cmp")
	for _, format := range []string{"text", "md"} {
		// On a busy machine, 6 rounds may leave the gate unsure: -profile
		// then profiles the benchmark that grew most, so the exit status is
		// not checked here.
		code, stdout, stderr = runMain(t, "compare", "-profile", "-format", format, "-o", cmpOut, files[0], files[1])
		first := map[string]string{"text": "    +", "md": "| `"}[format]
		i := strings.Index(stdout, first)
		if code == 2 || i < 0 || !strings.Contains(strings.SplitN(stdout[i:], "\n", 2)[0], "example.com/tiny.Mix") {
			t.Errorf("compare -profile -format %s: exit %d, want Mix first\n%s%s", format, code, stdout, stderr)
		}
		if format == "md" && !strings.Contains(stdout, "## Where the time grew") {
			t.Errorf("no markdown section:\n%s", stdout)
		}
	}
	for _, c := range commits {
		if _, err := os.Stat(filepath.Join(cmpOut, "profiles", c[:12]+".cpu.pprof")); err != nil {
			t.Errorf("profile kept: %v", err)
		}
	}
	if !strings.Contains(stdout, "go tool pprof -top -diff_base="+filepath.Join(cmpOut, "profiles", commits[0][:12]+".cpu.pprof")) {
		t.Errorf("no pprof command:\n%s", stdout)
	}
}

// TestBenchDotDefaultOut: concbench bench . with the default -o out/bench
// inside a repository that does not ignore out/: the results do not make
// the tree dirty, so both runs write HEAD's file and the second measures
// nothing.
func TestBenchDotDefaultOut(t *testing.T) {
	dir, commits := runnertest.New(t, map[string]string{"tiny_test.go": runnertest.Bench(0)})
	t.Chdir(dir)
	want := filepath.Join("out", "bench", commits[0][:12]+".txt") + "\n"
	for i := range 2 {
		code, stdout, stderr := runMain(t, "bench", "-count", "1", "-bench", "Fast@1x", ".")
		if code != 0 || stdout != want || (i == 1) != (stderr == "") {
			t.Errorf("run %d: exit %d, stdout %q, stderr %q; want %q (the second measuring nothing)", i+1, code, stdout, stderr, want)
		}
	}
}

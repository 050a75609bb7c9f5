package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/runner/machine"
	"github.com/concbench/concbench/runner/runnertest"
)

// TestBenchCommand: bench prints the files it wrote, one a line; its usage
// errors are one line and exit 2.
func TestBenchCommand(t *testing.T) {
	dir, commits := runnertest.New(t,
		map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)},
		map[string]string{"README": "x\n"},
	)
	out := filepath.Join(t.TempDir(), "results")
	t.Chdir(dir)
	code, stdout, stderr := runMain(t, "bench", "-q", "-o", out, "-count", "1", "-bench", "Slow@2x", "-bench", "Fast", "-benchtime", "10x", commits[0], "HEAD")
	want := filepath.Join(out, commits[0][:12]+".txt") + "\n" + filepath.Join(out, commits[1][:12]+".txt") + "\n"
	if code != 0 || stdout != want || stderr != "" {
		t.Fatalf("bench -q: exit %d, stdout %q, stderr %q; want 0, %q, nothing", code, stdout, stderr, want)
	}
	// Without a terminal and without -q: a line per round, naming its refs.
	code, stdout, stderr = runMain(t, "bench", "-o", out, "-count", "3", "-bench", "Slow@2x", "-bench", "Fast", "-benchtime", "10x", commits[0], "HEAD")
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if code != 0 || stdout != want || len(lines) != 2 ||
		!strings.HasPrefix(lines[0], "concbench: bench: round 1/2: ") || !strings.Contains(lines[0], commits[0]+", HEAD;") || !strings.Contains(lines[0], "time left known after round 1") ||
		!strings.HasPrefix(lines[1], "concbench: bench: round 2/2: HEAD, "+commits[0]+"; about ") || !strings.HasSuffix(lines[1], " left") {
		t.Errorf("bench without a terminal: exit %d, stdout %q, stderr %q; want a line per round", code, stdout, stderr)
	}
	data, _ := os.ReadFile(filepath.Join(out, commits[1][:12]+".txt"))
	// One result of each per round, or a dropped run: the machine probe
	// may have set disturbed runs aside, as comment lines, and, on a busy
	// machine, have kept none of a group in a round.
	if !strings.Contains(string(data), "\nref: HEAD\n") || !strings.Contains(string(data), "\ncommit-parent: "+commits[0]+"\ncommit-position: 2\n") ||
		strings.Count(string(data), "\nBenchmarkSlow")+countDropped(string(data), "Slow") != 3 || strings.Count(string(data), "\nBenchmarkFast")+countDropped(string(data), "Fast") != 3 {
		t.Errorf("HEAD's results:\n%s", data)
	}
	for _, args := range [][]string{
		{"bench", "-count", "0"},
		{"bench", "-bench", "("},
		{"bench", "-benchtime", "fast"},
		{"bench", "-timeout", "-1s"},
		{"bench", "no-such-ref"},
		{"bench", "-aa", "HEAD", "HEAD~1"},
		{"bench", "-probe-time", "-1s"},
		{"bench", "-probe-bound", "0"},
		{"bench", "-probe-bound", "20"},
		{"bench", "-probe-bound", "fast"},
		{"bench", "-stall-bound", "0"},
		{"bench", "-stall-bound", "7"},
		{"bench", "-stall-bound", "0.04%"},
		{"bench", "-probe-bound", "0.0001"},
		{"bisect", "-bench", ".", "-stall-bound", "-5%", "HEAD~1", "HEAD"},
		{"bisect", "HEAD~1", "HEAD"},
		{"bisect", "-bench", ".", "HEAD"},
		{"bisect", "-bench", "(", "HEAD~1", "HEAD"},
		{"bisect", "-bench", ".", "-count", "0", "HEAD~1", "HEAD"},
		{"bisect", "-bench", ".", "-threshold", "5", "HEAD~1", "HEAD"},
		{"bisect", "-bench", ".", "HEAD", "HEAD~1"},
		{"bisect", "-bench", ".", "no-such-ref", "HEAD"},
		{"trend", "a.txt", "b.txt"},
		{"trend", "-threshold", "5", "a.txt", "b.txt", "c.txt"},
		{"trend", "-min-segment", "0", "a.txt", "b.txt", "c.txt"},
		{"trend", "-filter", "(", "a.txt", "b.txt", "c.txt"},
		{"trend", "a.txt", "b.txt", "a.txt"},
		{"trend", "a.txt", "b.txt", "./a.txt"},
		{"trend", "x=a.txt", "x=b.txt", "c.txt"},
	} {
		code, stdout, stderr := runMain(t, args...)
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "concbench: "+args[0]+": ") {
			t.Errorf("concbench %s: exit %d, stdout %q, stderr %q; want 2, nothing, one line", strings.Join(args, " "), code, stdout, stderr)
		}
	}
}

// TestBenchInterrupted: SIGINT during a run of the benchmarks stops bench
// with exit 130 (SIGTERM: 143, as the manual says), kills the benchmark,
// and leaves no worktree and no temporary directory behind.
func TestBenchInterrupted(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		name string
		code int
	}{{syscall.SIGINT, "SIGINT", 130}, {syscall.SIGTERM, "SIGTERM", 143}} {
		t.Run(tc.name, func(t *testing.T) { benchInterrupted(t, tc.sig, tc.name, tc.code) })
	}
	if !strings.Contains(strings.Join(strings.Fields(manual()), " "), "130 after SIGINT, 143 after SIGTERM") {
		t.Error("the manual does not give 130 for SIGINT and 143 for SIGTERM")
	}
}

func benchInterrupted(t *testing.T, sig syscall.Signal, name string, want int) {
	dir, commits := runnertest.New(t, map[string]string{"tiny_test.go": `package tiny

import (
	"os"
	"strconv"
	"testing"
	"time"
)

func BenchmarkHang(b *testing.B) {
	os.WriteFile(os.Getenv("HANG_MARKER"), []byte(strconv.Itoa(os.Getpid())), 0o644)
	time.Sleep(time.Hour)
}
`})
	tmp, marker := t.TempDir(), filepath.Join(t.TempDir(), "marker")
	cmd := exec.Command(os.Args[0], "bench", "-q", "-o", filepath.Join(t.TempDir(), "out"), "-count", "1", "-benchtime", "1x", commits[0])
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), asMain+"=1", "GORACE=atexit_sleep_ms=0", "TMPDIR="+tmp, "HANG_MARKER="+marker)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	deadline := time.Now().Add(time.Minute)
	var pid int
	for pid == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		data, _ := os.ReadFile(marker)
		pid, _ = strconv.Atoi(string(data))
	}
	if pid == 0 {
		t.Fatalf("the benchmark did not start; stderr %s", stderr.String())
	}
	if wts := runnertest.Worktrees(t, dir); len(wts) != 2 {
		t.Errorf("worktrees while running: %v, want the main one and bench's", wts)
	}
	cmd.Process.Signal(sig)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != want {
			t.Errorf("exit %v, want %d; stderr %s", err, want, stderr.String())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("bench did not stop within 30 s of %s", name)
	}
	if got := stderr.String(); got != "concbench: interrupted ("+name+")\n" {
		t.Errorf("stderr %q", got)
	}
	if wts := runnertest.Worktrees(t, dir); len(wts) != 1 {
		t.Errorf("worktrees left behind: %v", wts)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if syscall.Kill(pid, 0) == nil && !isZombie(pid) {
		t.Errorf("the benchmark (pid %d) still runs", pid)
	}
}

// TestBenchThenTrend: bench over four commits of a module, the third
// making BenchmarkSlow five times as slow, then trend on the four files:
// it names the third commit, and passes the newest run. The gate's
// threshold is 25%: five samples of a 10 ms sleep on a busy machine drift
// by several per cent between rounds, and the test is about the order and
// the change point, which is +400%. Not +100% (4 ms after 2 ms): a timer
// that wakes a few ms late under make test's parallel packages raises a
// 2 ms sample above the 4 ms ones, and then no change point is found (so
// TestFourCommits failed in CI once, on a 2 ms sample that read 5.06 ms).
func TestBenchThenTrend(t *testing.T) {
	dir, commits := runnertest.New(t,
		map[string]string{"tiny_test.go": runnertest.Bench(2 * time.Millisecond)},
		map[string]string{"README": "a change that changes nothing\n"},
		map[string]string{"tiny_test.go": runnertest.Bench(10 * time.Millisecond)},
		map[string]string{"README": "another\n"},
	)
	out := filepath.Join(t.TempDir(), "results")
	t.Chdir(dir)
	// Without the machine probe: on a machine busy with other tests it
	// sets runs aside and drops some, and 3 samples of a run are too few
	// for the gate to decide (it once did, under make test's parallel
	// packages). The probe has tests of its own.
	code, stdout, stderr := runMain(t, append([]string{"bench", "-q", "-o", out, "-count", "5", "-probe=false", "-bench", "Slow@5x"}, commits...)...)
	files := strings.Fields(stdout)
	if code != 0 || len(files) != 4 {
		t.Fatalf("bench: exit %d, files %q, stderr %q", code, stdout, stderr)
	}
	slices.Reverse(files) // the commit-time: lines order them again
	trendDir := filepath.Join(t.TempDir(), "trend")
	code, stdout, stderr = runMain(t, append([]string{"trend", "-o", trendDir, "-filter", ".name:Slow", "-threshold", "25%"}, files...)...)
	want := regexp.MustCompile(`\n  Slow(-[0-9]+)? \(sec/op\): from run 3 \(` + commits[2][:12] + `\.txt\): \+`)
	if code != 0 || !want.MatchString(stdout) {
		t.Errorf("trend: exit %d, want 0 and %q in\n%s%s", code, want, stdout, stderr)
	}
	// Files named by bench, as a glob lists them: their order says
	// nothing, and no warning says it is not commit order.
	if !strings.HasPrefix(stderr, "concbench: trend: pass: ") {
		t.Errorf("trend: stderr %q, want only pass", stderr)
	}
	md, err := os.ReadFile(filepath.Join(trendDir, "TREND.md"))
	want = regexp.MustCompile("\\| Slow(-[0-9]+)? \\| sec/op \\| run 3 \\(`" + commits[2][:7] + "`[^,]*, `" + commits[2][:12] + "\\.txt`\\) \\| \\+")
	if err != nil || !want.Match(md) || !strings.Contains(string(md), "**PASS**") {
		t.Errorf("TREND.md (%v) has no %q and no pass:\n%s", err, want, md)
	}
	if fi, err := os.Stat(filepath.Join(trendDir, "trend.png")); err != nil || fi.Size() == 0 {
		t.Errorf("trend.png: %v", err)
	}
	// report's Changes section orders the runs the same way; labelled,
	// the files were given in an order that meant something, and a
	// warning says it was not commit order.
	reportDir := filepath.Join(t.TempDir(), "report")
	labelled := []string{"report", "-o", reportDir, "-filter", ".name:Slow"}
	for i, f := range files {
		labelled = append(labelled, fmt.Sprintf("r%d=%s", i, f))
	}
	code, _, stderr = runMain(t, labelled...)
	md, err = os.ReadFile(filepath.Join(reportDir, "REPORT.md"))
	want = regexp.MustCompile("4 runs, oldest first \\(by the repository's first-parent history\\): 1 \\(`" + commits[0][:7] + "`[^\\n]*\n(?s:.*)\\| Slow(-[0-9]+)? \\| sec/op \\| run 3 \\(`" + commits[2][:7] + "`")
	if code != 0 || err != nil || !want.Match(md) || !strings.Contains(stderr, "Changes section: the files are not given in commit order") {
		t.Errorf("report: exit %d (%v), stderr %q; REPORT.md has no %q:\n%s", code, err, stderr, want, md)
	}
}

// TestBenchProbeFlags: by default the results file has the machine probe's
// lines, at the bound of -probe-bound; -probe-time 0 leaves them out and
// keeps the round trip; -probe=false leaves out both.
func TestBenchProbeFlags(t *testing.T) {
	dir, _ := runnertest.New(t, map[string]string{"tiny_test.go": runnertest.Bench(time.Millisecond)})
	t.Chdir(dir)
	for _, c := range []struct {
		flags             []string
		probes, roundTrip bool
	}{
		{[]string{"-probe-bound", "35%"}, true, true},
		{[]string{"-probe-time", "0"}, false, true},
		{[]string{"-probe=false", "-probe-time", "10ms"}, false, false},
	} {
		out := t.TempDir()
		args := append([]string{"bench", "-o", out, "-count", "1", "-bench", "Fast@10x"}, c.flags...)
		code, stdout, stderr := runMain(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, %s", args, code, stderr)
		}
		data, err := os.ReadFile(strings.TrimSpace(stdout))
		if err != nil {
			t.Fatal(err)
		}
		var probes, roundTrips int
		for _, line := range strings.Split(string(data), "\n") {
			if p, ok := contract.ParseProbe(line); ok {
				probes++
				if p.Bound != 0.35 || len(p.CPUs) == 0 {
					t.Errorf("%v: probe line %q", c.flags, line)
				}
			}
			if _, ok := contract.RoundTrip(line); ok {
				roundTrips++
			}
		}
		// A round of one group: a probe before it and one after, and
		// more when it was measured again.
		if (probes >= 2) != c.probes || (probes == 0) == c.probes {
			t.Errorf("%v: %d probe lines, want them: %v", c.flags, probes, c.probes)
		}
		if twoCPUs := len(machine.CPUs()) >= 2; (roundTrips == 1) != (c.roundTrip && twoCPUs) {
			t.Errorf("%v: %d round-trip lines", c.flags, roundTrips)
		}
	}
}

// countDropped counts the runs of Benchmark<name>'s group that a results
// file's machine probe dropped: rounds with no result of the group.
func countDropped(data, name string) int {
	n := 0
	for _, line := range strings.Split(data, "\n") {
		if d, ok := contract.ParseDisturbed(line); ok && d.Dropped && strings.Contains(d.Group, "Benchmark"+name+"$") {
			n++
		}
	}
	return n
}

// TestBenchFailedLeavesNoDirectory: a bench that fails before any result
// (a -pkg that names no package) removes the -o directory it made, empty,
// and names the package from the checkout, not the temporary worktree.
func TestBenchFailedLeavesNoDirectory(t *testing.T) {
	dir, _ := runnertest.New(t, runnertest.Work(1000, 1000))
	t.Chdir(dir)
	out := filepath.Join(t.TempDir(), "new")
	code, stdout, stderr := runMain(t, "bench", "-q", "-count", "1", "-pkg", "./nope", "-o", out)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "stat ./nope") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1 and ./nope named", code, stdout, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s is left behind", out)
	}
}

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/fanout"
	"github.com/concbench/concbench/impl/iobound"
	"github.com/concbench/concbench/internal/golden"
	"github.com/concbench/concbench/internal/recorded"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// runMain runs the command in process and returns its exit code, stdout and
// stderr.
func runMain(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestUsageErrors: every usage error exits 2 with one line on stderr and
// nothing on stdout.
func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"bogus"},
		{"run", "-strategy", "nope"},
		{"run", "-strategy", "all", "-workers", "-3"},
		{"run", "-iterations", "x"},
		{"run", "-iterations", "0"},
		{"run", "-requests", "-1"},
		{"run", "-min", "0"},
		{"run", "-min", "9", "-max", "3"},
		{"run", "-no-such-flag"},
		{"run", "extra-argument"},
		{"run", "-api", "ftp:nowhere"},
		{"run", "-api", "http://127.0.0.1:1/api/v1.0/randomstring"},
		{"run", "-api", "http://127.0.0.1:1", "-latency", "3ms"},
		{"run", "-transport", "fast"},
		{"run", "-cpu-strategy", "nope"},
		{"run", "-cpu-strategy", "splitrange"},
		{"run", "-fault-rate", "2"},
		{"run", "-faults", "500,teapot"},
		{"run", "-latency", "1ms", "-jitter", "5ms"},
		{"run", "-rate", "5", "-burst", "0"},
		{"run", "-tail", "1%"},
		{"run", "-tail", "1%x0.5"},
		{"run", "-api", "http://127.0.0.1:1", "-tail", "1%x10"},
		{"run", "-api", "http://127.0.0.1:99999"},
		{"run", "-api", "http://user:secret@127.0.0.1:1"},
		{"run", "-iterations", "1", "-requests", "2600", "-count", "1000", "-min", "1000", "-max", "1000"},
		{"serve", "-addr", "nope"},
		{"serve", "-addr", "127.0.0.1:99999"},
		{"serve", "-latency", "fast"},
		{"serve", "-tail", "101%x10"},
		{"serve", "extra"},
		{"report"},
		{"report", "-format", "xml", "a.txt"},
		{"report", "-filter", "(pkg:x", "a.txt"},
		{"report", "-alpha", "2", "a.txt"},
		{"report", "-confidence", "-1", "a.txt"},
		{"report", "-row", ".unit", "a.txt"},
		{"compare", "one"},
		{"compare", "-threshold", "abc", "a", "b"},
		{"compare", "-threshold", "5", "a", "b"}, // 5% or 500%? refused, not guessed
		// An empty -o: a directory is wanted (compare's -o '' is no chart).
		{"report", "-o", "", "a.txt"},
		{"trend", "-o", "", "a.txt", "b.txt", "c.txt"},
		{"bench", "-o", ""},
		{"bisect", "-bench", "X", "-o", "", "HEAD~1", "HEAD"},
		{"trend", "a.txt", "-", "c.txt"},
		{"trend", "-ignore", ",", "a.txt", "b.txt", "c.txt"},
		{"help", "nope"},
		{"help", "run", "serve"},
		// A flag after the files, which Go's flag package would read as
		// two more files ("-o", "dir").
		{"report", "a.txt", "-o", "dir"},
		{"compare", "a.txt", "b.txt", "--threshold=3%"},
		{"trend", "a.txt", "b.txt", "c.txt", "-ignore", "goos"},
	} {
		code, stdout, stderr := runMain(t, args...)
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "concbench: ") {
			t.Errorf("concbench %s: exit %d, stdout %q, stderr %q; want 2, nothing, one line", strings.Join(args, " "), code, stdout, stderr)
		}
	}
	if _, _, stderr := runMain(t, "run", "-strategy", "nope"); !strings.Contains(stderr, strings.Join(iobound.Strategies.Names(), ", ")) {
		t.Errorf("unknown strategy error does not list the valid ones: %s", stderr)
	}
	if _, _, stderr := runMain(t, "report", "a.txt", "-o", "dir"); !strings.Contains(stderr, "flag -o after the arguments") {
		t.Errorf("a flag after the files: %s", stderr)
	}
	t.Setenv("CONCBENCH_API_URL", "")
	if code, _, stderr := runMain(t, "run", "-api", "live"); code != 2 || !strings.Contains(stderr, "CONCBENCH_API_URL") {
		t.Errorf("run -api live without $CONCBENCH_API_URL: %d %s", code, stderr)
	}
}

// durations matches the timings in run's output, which vary run to run.
var durations = regexp.MustCompile(`\+?[0-9.]+(ns|µs|ms|s|m)\b|[0-9]+ req/s|http://127\.0\.0\.1:[0-9]+`)

// TestRunGolden: run on the deterministic mock prints the right summary and
// Mersenne lines and writes five result files; run -api local prints and
// writes the same.
func TestRunGolden(t *testing.T) {
	var first map[string][]byte
	for _, api := range []string{"mock", "local"} {
		t.Run(api, func(t *testing.T) {
			dir := t.TempDir()
			code, stdout, stderr := runMain(t, "run", "-api", api, "-latency", "0s", "-out", dir)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			got := durations.ReplaceAllString(stdout, "<d>")
			got = strings.ReplaceAll(got, dir, "<out>")
			got = regexp.MustCompile(`workers=[0-9]+`).ReplaceAllString(got, "workers=N")
			golden.Check(t, filepath.Join("testdata", "run-"+api+".golden"), []byte(got), *update)
			files := map[string][]byte{}
			for i := range 5 {
				b, err := os.ReadFile(filepath.Join(dir, iobound.FileName(i)))
				if err != nil {
					t.Fatal(err)
				}
				files[iobound.FileName(i)] = b
			}
			checkResultFile(t, files[iobound.FileName(4)], 150*5)
			if first == nil {
				first = files
			} else if !sameBytes(first, files) {
				t.Error("run -api local wrote other files than run -api mock")
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 5 {
				t.Errorf("output directory holds %d entries, want the 5 result files", len(entries))
			}
		})
	}
}

// checkResultFile checks a final result file's shape: n strings, and counts
// that are the letter counts of their concatenation.
func checkResultFile(t *testing.T, b []byte, n int) {
	t.Helper()
	var rf struct {
		Data   []string
		Counts map[string]int
	}
	if err := json.Unmarshal(b, &rf); err != nil {
		t.Fatal(err)
	}
	if len(rf.Data) != n {
		t.Errorf("final file holds %d strings, want %d", len(rf.Data), n)
	}
	counts := map[string]int{}
	for _, s := range rf.Data {
		for _, c := range s {
			counts[string(c)]++
		}
	}
	for k, v := range counts {
		if rf.Counts[k] != v {
			t.Errorf("count of %q is %d, want %d", k, rf.Counts[k], v)
		}
	}
	if len(rf.Counts) != len(counts) {
		t.Errorf("%d letters counted, want %d", len(rf.Counts), len(counts))
	}
}

// TestRunAllStrategies: -strategy all runs every strategy, checks they wrote
// identical files, and prints one table row each.
func TestRunAllStrategies(t *testing.T) {
	code, stdout, stderr := runMain(t, "run", "-strategy", "all", "-latency", "1ms", "-iterations", "2", "-requests", "5", "-out", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, s := range iobound.Strategies {
		if !strings.Contains(stdout, "\n  "+strings.TrimPrefix(fanout.Label(s), "strategy=")+" ") {
			t.Errorf("no table row for %s in\n%s", s.Name(), stdout)
		}
	}
	if !strings.Contains(stdout, "all 10 strategies wrote byte-identical files") {
		t.Errorf("no identical-files line in\n%s", stdout)
	}
}

// TestRunAPIFailure: a failing API is a one-line error naming the slot,
// exit 1, and no result file.
func TestRunAPIFailure(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runMain(t, "run", "-latency", "0s", "-fault-rate", "1", "-faults", "500", "-attempts", "2", "-out", dir)
	if code != 1 || strings.Count(stderr, "\n") != 1 || !regexp.MustCompile(`fetching slot [0-4]/[0-9]+: `).MatchString(stderr) || !strings.Contains(stderr, "HTTP 500") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed run left %d entries in the output directory", len(entries))
	}
	_ = stdout
}

// TestHelp: help prints the manual (the package doc, embedded), and the
// manual documents every command and every flag, and its examples are valid
// command lines.
func TestHelp(t *testing.T) {
	code, stdout, _ := runMain(t, "help")
	if code != 0 || stdout != manual() {
		t.Fatalf("help: exit %d, output is not the manual", code)
	}
	for _, c := range commands {
		if !strings.Contains(stdout, "concbench "+c.name) {
			t.Errorf("the manual has no synopsis for %s", c.name)
		}
		fs, _ := c.flagSet()
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(stdout, "-"+f.Name) {
				t.Errorf("the manual does not mention %s -%s", c.name, f.Name)
			}
		})
		code, out, _ := runMain(t, "help", c.name)
		if code != 0 || !strings.Contains(out, "usage: concbench "+c.name) {
			t.Errorf("help %s: exit %d\n%s", c.name, code, out)
		}
		// help CMD holds the command's part of the manual, and its -h
		// the flags and where that part is.
		sec := manualSection(c.name)
		if sec == "" || !strings.Contains(out, sec) || !strings.Contains(out, "flags:") {
			t.Errorf("help %s lacks its part of the manual (%d bytes) or its flags", c.name, len(sec))
		}
		code, out, _ = runMain(t, c.name, "-h")
		if code != 0 || strings.Contains(out, sec) || !strings.Contains(out, "concbench help "+c.name+" says what") {
			t.Errorf("%s -h: exit %d, or not the flags and a pointer to help\n%s", c.name, code, out)
		}
	}
	examples := 0
	sc := bufio.NewScanner(strings.NewReader(stdout[strings.Index(stdout, "Examples"):]))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "concbench ") {
			continue
		}
		examples++
		if err := checkExample(strings.Fields(line)[1:]); err != nil {
			t.Errorf("example %q: %v", line, err)
		}
	}
	if examples < 5 {
		t.Errorf("found %d examples in the manual", examples)
	}
}

// checkExample parses an example command line with the real flags and
// validates what run would validate before it starts.
func checkExample(args []string) error {
	c := lookup(args[0])
	if c == nil {
		return usagef("unknown command")
	}
	fs, _ := c.flagSet()
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if c.name != "run" {
		return nil
	}
	o := &runOptions{}
	get := func(name string) string { return fs.Lookup(name).Value.String() }
	o.strategy, o.cpuStrategy = get("strategy"), get("cpu-strategy")
	if _, err := o.ioStrategies(); err != nil {
		return err
	}
	_, err := o.checkedCPUStrategy()
	return err
}

// helper is the test binary running as concbench, its first line of output
// read: by then its signal handler is in place and its work under way.
type helper struct {
	cmd    *exec.Cmd
	out    *bufio.Reader // stdout after the first line
	first  string
	stderr *bytes.Buffer
}

// startHelper starts the test binary as concbench with args and reads its
// first line; the process is killed at the end of the test if still running.
func startHelper(t *testing.T, args ...string) *helper {
	t.Helper()
	h := &helper{cmd: exec.Command(os.Args[0], args...), stderr: new(bytes.Buffer)}
	// A race-enabled binary sleeps 1 s at exit unless told not to.
	h.cmd.Env = append(os.Environ(), asMain+"=1", "GORACE=atexit_sleep_ms=0")
	h.cmd.Stderr = h.stderr
	stdout, err := h.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.cmd.Process.Kill() })
	h.out = bufio.NewReader(stdout)
	if h.first, err = h.out.ReadString('\n'); err != nil {
		t.Fatalf("concbench %s: no first line: %v; stderr %s", strings.Join(args, " "), err, h.stderr)
	}
	return h
}

// url returns the loopback URL that serve's first line names.
func (h *helper) url(t *testing.T) string {
	t.Helper()
	url := regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`).FindString(h.first)
	if url == "" {
		t.Fatalf("first line names no URL: %q", h.first)
	}
	return url
}

// TestServe: serve on a free port answers a real client, and SIGINT shuts it
// down cleanly with exit 0.
func TestServe(t *testing.T) {
	h := startHelper(t, "serve", "-addr", "127.0.0.1:0", "-latency", "1ms", "-seed", "4")
	req, _ := http.NewRequest("GET", h.url(t)+apisim.Path+"?min=5&max=20&count=5", nil)
	req.Header.Set(apisim.SlotHeader, "0/0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want, _ := json.Marshal(apisim.Strings(4, "0/0", apisim.DefaultParams))
	if resp.StatusCode != 200 || string(body) != string(want) {
		t.Errorf("got %d %s, want 200 %s", resp.StatusCode, body, want)
	}
	http.DefaultClient.CloseIdleConnections()
	rest, err := h.stop(t, syscall.SIGINT, 10*time.Second)
	if err != nil {
		t.Errorf("serve exited with %v after SIGINT; stderr %s", err, h.stderr)
	}
	if !strings.Contains(rest, "shut down after 1 requests") {
		t.Errorf("last lines %q", rest)
	}
}

// stop sends sig and waits at most limit for the process to exit; it returns
// the rest of its stdout and the error of Wait.
func (h *helper) stop(t *testing.T, sig syscall.Signal, limit time.Duration) (string, error) {
	t.Helper()
	h.cmd.Process.Signal(sig)
	type exit struct {
		rest string
		err  error
	}
	done := make(chan exit, 1)
	go func() {
		rest, _ := io.ReadAll(h.out)
		done <- exit{string(rest), h.cmd.Wait()}
	}()
	select {
	case e := <-done:
		return e.rest, e.err
	case <-time.After(limit):
		t.Fatalf("still running %v after %v", limit, sig)
		return "", nil
	}
}

// TestRunInterrupted: SIGINT (or SIGTERM) stops run within a second, with
// exit 130 (143), no temp or result file, and no child process left behind.
func TestRunInterrupted(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc to find child processes")
	}
	for _, tc := range []struct {
		strategy string
		sig      syscall.Signal
		code     int
		name     string
	}{
		{"pool", syscall.SIGINT, 130, "SIGINT"},
		{"processes", syscall.SIGINT, 130, "SIGINT"},
		{"pipeline", syscall.SIGTERM, 143, "SIGTERM"},
	} {
		t.Run(tc.strategy+"/"+tc.name, func(t *testing.T) {
			dir := t.TempDir()
			h := startHelper(t, "run", "-strategy", tc.strategy, "-latency", "10s", "-out", dir)
			var kids []int
			deadline := time.Now().Add(10 * time.Second)
			for tc.strategy == "processes" && len(kids) < 5 && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
				kids = childrenOf(h.cmd.Process.Pid)
			}
			if tc.strategy == "processes" && len(kids) < 5 {
				t.Fatalf("found %d child processes, want one per iteration", len(kids))
			}
			start := time.Now()
			_, err := h.stop(t, tc.sig, 10*time.Second)
			// Its requests wait 10 s: a stop that waited on one would take
			// that long. 3 s leaves a race-enabled helper and its children,
			// beside other packages' tests, time to exit.
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("run took %v to stop after %s, want ≤ 3s (its requests wait 10s)", took, tc.name)
			}
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != tc.code {
				t.Errorf("exit %v, want %d; stderr %s", err, tc.code, h.stderr)
			}
			if got, want := h.stderr.String(), "concbench: interrupted ("+tc.name+")\n"; got != want {
				t.Errorf("stderr %q, want %q", got, want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("interrupted run left %d entries (%v)", len(entries), entries[0].Name())
			}
			for _, pid := range kids {
				deadline := time.Now().Add(2 * time.Second)
				for syscall.Kill(pid, 0) == nil && !isZombie(pid) && time.Now().Before(deadline) {
					time.Sleep(20 * time.Millisecond)
				}
				if syscall.Kill(pid, 0) == nil && !isZombie(pid) {
					t.Errorf("child %d still running", pid)
				}
			}
		})
	}
}

// TestServeShutdownEndsHangs: SIGINT shuts serve down promptly even with a
// hang fault holding a request: the hang ends with a 503, exit status 0.
func TestServeShutdownEndsHangs(t *testing.T) {
	h := startHelper(t, "serve", "-addr", "127.0.0.1:0", "-latency", "0s", "-fault-rate", "1", "-faults", "hang")
	url := h.url(t)
	status := make(chan int, 1)
	client := &http.Client{Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	go func() {
		resp, err := client.Get(url + apisim.Path)
		if err != nil {
			status <- -1
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	time.Sleep(300 * time.Millisecond) // the request is hanging
	start := time.Now()
	if _, err := h.stop(t, syscall.SIGINT, 5*time.Second); err != nil {
		t.Errorf("serve exited with %v", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("shutdown took %v", took)
	}
	if got := <-status; got != http.StatusServiceUnavailable {
		t.Errorf("the hanging request got %d, want 503", got)
	}
}

// childrenOf returns the pids whose parent is pid, from /proc.
func childrenOf(pid int) []int {
	entries, _ := os.ReadDir("/proc")
	var kids []int
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces, so split after ')'.
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 1 && f[1] == itoa(pid) {
			if k, err := strconv.Atoi(e.Name()); err == nil {
				kids = append(kids, k)
			}
		}
	}
	return kids
}

func isZombie(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", itoa(pid), "stat"))
	if err != nil {
		return true
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] == "Z"
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestTrendIgnore: files stamped per run by another harness (a runstamp:
// line each, on the recorded testdata/stdlib/crc32.txt) keep their runs
// apart, and trend says so and which -ignore follows them; with it, each
// benchmark is followed across the runs.
func TestTrendIgnore(t *testing.T) {
	var heads []string
	for i := range 4 {
		heads = append(heads, fmt.Sprintf("runstamp: 2022010%dT2132\n", i+1))
	}
	files := recorded.Stamped(t, "stdlib/crc32.txt", heads)
	dir := t.TempDir()
	_, stdout, stderr := runMain(t, append([]string{"trend", "-o", filepath.Join(dir, "a")}, files...)...)
	if !strings.Contains(stderr, "concbench: trend: runstamp takes one value in each file") || !strings.Contains(stderr, "give -ignore runstamp") {
		t.Errorf("without -ignore: stderr %q lacks the advice", stderr)
	}
	if !strings.Contains(stdout, "none can be seen: no benchmark is in 4 or more of the 4 runs") {
		t.Errorf("without -ignore: no word that no change point can be seen:\n%s%s", stdout, stderr)
	}
	code, stdout, stderr := runMain(t, append([]string{"trend", "-o", filepath.Join(dir, "b"), "-ignore", "runstamp"}, files...)...)
	if code != 0 || strings.Contains(stderr, "give -ignore") || strings.Contains(stdout, "can be seen") {
		t.Errorf("with -ignore runstamp: exit %d\n%s%s", code, stdout, stderr)
	}
}

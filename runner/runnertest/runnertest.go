// Package runnertest makes throwaway git repositories of a tiny Go module
// for the tests of the benchmark runner.
package runnertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Bench returns the source of a test file with two benchmarks:
// BenchmarkFast (nothing) and BenchmarkSlow, which sleeps slow per op.
func Bench(slow time.Duration) string {
	return fmt.Sprintf(`package tiny

import (
	"testing"
	"time"
)

func BenchmarkFast(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = i * i
	}
}

func BenchmarkSlow(b *testing.B) {
	for i := 0; i < b.N; i++ {
		time.Sleep(%d * time.Microsecond)
	}
}
`, slow.Microseconds())
}

// New makes a git repository in a temporary directory holding a module,
// example.com/tiny, and commits each of commits in turn (file name →
// content; an empty content deletes the file), one minute apart. It
// returns the directory and the commit hashes, oldest first.
func New(t testing.TB, commits ...map[string]string) (string, []string) {
	t.Helper()
	return NewEvery(t, time.Minute, commits...)
}

// NewEvery is New with the commits step apart; 0 gives every commit the
// same author and committer time, as a fast script or a rebase does.
func NewEvery(t testing.TB, step time.Duration, commits ...map[string]string) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	Git(t, dir, nil, "init", "--quiet", "--initial-branch=main")
	write(t, dir, "go.mod", "module example.com/tiny\n\ngo 1.22\n")
	var hashes []string
	base := time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)
	for i, files := range commits {
		for name, content := range files {
			if content == "" {
				os.Remove(filepath.Join(dir, name))
				continue
			}
			write(t, dir, name, content)
		}
		when := base.Add(time.Duration(i) * step).Format(time.RFC3339)
		Git(t, dir, nil, "add", "-A")
		Git(t, dir, []string{"GIT_AUTHOR_DATE=" + when, "GIT_COMMITTER_DATE=" + when}, "commit", "--quiet", "-m", fmt.Sprintf("commit %d", i+1))
		hashes = append(hashes, Git(t, dir, nil, "rev-parse", "HEAD"))
	}
	return dir, hashes
}

// Git runs git in dir as a test identity and returns its output, trimmed.
func Git(t testing.TB, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=test", "GIT_COMMITTER_EMAIL=test@example.com", "GIT_CONFIG_NOSYSTEM=1")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// Worktrees returns the paths of dir's git worktrees, the main one first.
func Worktrees(t testing.TB, dir string) []string {
	t.Helper()
	var paths []string
	for _, line := range strings.Split(Git(t, dir, nil, "worktree", "list", "--porcelain"), "\n") {
		if p, ok := strings.CutPrefix(line, "worktree "); ok {
			paths = append(paths, p)
		}
	}
	return paths
}

func write(t testing.TB, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Work returns the source of a file of package tiny with two CPU-bound
// functions, Mix and Prep, each running n rounds of an xorshift (about a
// nanosecond a round), and of a test file whose BenchmarkWork calls both:
// a benchmark whose time goes where a CPU profile can see it. The
// functions are never inlined, so that a profile names them.
func Work(mix, prep int) map[string]string {
	return map[string]string{
		"work.go": "package tiny\n" + xorshift("Mix", mix) + xorshift("Prep", prep),
		"work_test.go": `package tiny

import "testing"

var sink uint64

func BenchmarkWork(b *testing.B) {
	x := uint64(88172645463325252)
	for i := 0; i < b.N; i++ {
		x = Mix(Prep(x))
	}
	sink = x
}
`,
	}
}

// xorshift is the source of a function that runs n rounds of an
// xorshift.
func xorshift(name string, n int) string {
	return fmt.Sprintf(`
// %s runs %d rounds of an xorshift.
//
//go:noinline
func %s(x uint64) uint64 {
	for i := 0; i < %d; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}
`, name, n, name, n)
}

// Hog keeps every CPU busy for on out of every period, from now until the
// returned function is called (which waits for the hog to stop): the
// noise of a machine shared with other jobs.
func Hog(on, period time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(period)
			defer t.Stop()
			for {
				for end := time.Now().Add(on); time.Now().Before(end); {
					for i := 0; i < 1e5; i++ {
					}
				}
				select {
				case <-done:
					return
				case <-t.C:
				}
			}
		}()
	}
	return func() {
		close(done)
		wg.Wait()
	}
}

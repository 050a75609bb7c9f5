package bisect

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/runner/runnertest"
)

// TestMergeHint: a first slower commit that is a merge gets the bisect
// that searches the branch it merged, from where the branch left the
// first parent's line to its tip; any other commit gets none.
func TestMergeHint(t *testing.T) {
	dir, commits := runnertest.New(t, map[string]string{"README": "1\n"})
	c1 := commits[0]
	commit := func(name string) string {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		runnertest.Git(t, dir, nil, "add", "-A")
		runnertest.Git(t, dir, nil, "commit", "--quiet", "-m", name)
		return runnertest.Git(t, dir, nil, "rev-parse", "HEAD")
	}
	runnertest.Git(t, dir, nil, "checkout", "--quiet", "-b", "topic")
	commit("f1")
	f2 := commit("f2")
	runnertest.Git(t, dir, nil, "checkout", "--quiet", "main")
	c2 := commit("c2")
	runnertest.Git(t, dir, nil, "merge", "--quiet", "--no-ff", "-m", "m", "topic")
	m := runnertest.Git(t, dir, nil, "rev-parse", "HEAD")
	b := &bisector{cfg: Config{Dir: dir}}
	ctx := context.Background()
	want := "a merge: the change came with the branch it merged; to search that branch, concbench bisect with the same flags (-bench, -pkg) on " + short(c1) + " " + short(f2)
	if got := b.mergeHint(ctx, m); got != want {
		t.Errorf("merge: %q, want %q", got, want)
	}
	if got := b.mergeHint(ctx, c2); got != "" || strings.Contains(got, "merge") {
		t.Errorf("a plain commit: %q", got)
	}
}

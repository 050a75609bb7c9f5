package runner

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
)

// History is the first-parent history of a git checkout, for ordering the
// results files of its commits (it implements trend.History, which the
// report's engine defines so as not to depend on the runner).
type History struct {
	top string
}

// OpenHistory returns the history of the git checkout dir is in, or an
// error when it is in none (or git is missing).
func OpenHistory(dir string) (*History, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r, err := openRepo(context.Background(), abs)
	if err != nil {
		return nil, err
	}
	return &History{top: r.top}, nil
}

// Places returns, for each of commits (full hashes) that the checkout
// holds, its place in first-parent order, older commits first: git
// rev-list --first-parent --topo-order --reverse from those commits, so a
// commit always comes after its first-parent ancestors. Commits git does
// not know are left out.
func (h *History) Places(commits []string) (map[string]int, error) {
	var known []string
	for _, c := range commits {
		if c != "" && !strings.HasPrefix(c, "-") {
			known = append(known, c)
		}
	}
	places := make(map[string]int)
	if len(known) == 0 {
		return places, nil
	}
	args := append([]string{"rev-list", "--first-parent", "--topo-order", "--reverse", "--ignore-missing"}, known...)
	out, err := gitIn(context.Background(), h.top, nil, args...)
	if err != nil {
		return nil, err
	}
	want := make(map[string]bool, len(known))
	for _, c := range known {
		want[c] = true
	}
	for i, line := range strings.Split(out, "\n") {
		if want[line] {
			places[line] = i
		}
	}
	return places, nil
}

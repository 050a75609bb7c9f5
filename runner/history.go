package runner

import (
	"context"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/concbench/concbench/contract"
)

// History is the history of a git checkout, for ordering the results
// files of its commits (it implements trend.History, which the report's
// engine defines so as not to depend on the runner).
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

// Places places each of commits (full hashes) that the checkout holds
// on one first-parent line, as contract.Places describes: the line is
// HEAD's first-parent history, or that of the newest of commits when
// some come after HEAD and one of them descends from all the others that
// do. It asks git only about the commits (rev-list --first-parent of the
// tip, and for each commit off the line rev-list --ancestry-path from it
// to the tip and rev-list --count), never about the order they were
// given in, so the places do not depend on it. Commits git does not know
// are left out.
func (h *History) Places(commits []string) (contract.Places, error) {
	ctx := context.Background()
	git := func(args ...string) ([]string, error) {
		out, err := gitIn(ctx, h.top, nil, args...)
		if err != nil || out == "" {
			return nil, err
		}
		return strings.Split(out, "\n"), nil
	}
	var given []string
	for _, c := range commits {
		if c != "" && !strings.HasPrefix(c, "-") && !slices.Contains(given, c) {
			given = append(given, c)
		}
	}
	places := contract.Places{Of: make(map[string]contract.Place)}
	if len(given) == 0 {
		return places, nil
	}
	known, err := git(append([]string{"rev-list", "--no-walk", "--ignore-missing"}, given...)...)
	if err != nil {
		return places, err
	}
	slices.Sort(known) // git lists them by committer time; nothing below depends on this order
	head, err := git("rev-parse", "--verify", "HEAD^{commit}")
	if err != nil || len(head) != 1 {
		return places, err
	}
	places.Tip, places.TipRef = head[0], "HEAD"
	// The commits after HEAD: the line is the newest's, if one leads
	// from all of them.
	after, err := git(append([]string{"rev-list", "--ancestry-path", "^" + head[0]}, known...)...)
	if err != nil {
		return places, err
	}
	isAfter := make(map[string]bool, len(after))
	for _, c := range after {
		isAfter[c] = true
	}
	var later []string
	for _, c := range known {
		if isAfter[c] {
			later = append(later, c)
		}
	}
	if len(later) > 0 {
		newest, err := git(append([]string{"merge-base", "--independent"}, later...)...)
		if err != nil {
			return places, err
		}
		if len(newest) == 1 {
			places.Tip, places.TipRef = newest[0], ""
		}
	}
	line, err := git("rev-list", "--first-parent", places.Tip)
	if err != nil {
		return places, err
	}
	depth := make(map[string]int, len(line)) // newest first
	for i, c := range line {
		depth[c] = len(line) - i
	}
	for _, c := range known {
		if d, ok := depth[c]; ok {
			places.Of[c] = contract.Place{Depth: d}
			continue
		}
		// The commits between c and the tip: the line's oldest of them
		// is the merge that brought c in; none, c is not in the tip's
		// history.
		desc, err := git("rev-list", "--ancestry-path", "^"+c, places.Tip)
		if err != nil {
			return places, err
		}
		p := contract.Place{}
		for _, d := range desc {
			if dd, ok := depth[d]; ok && (p.Depth == 0 || dd < p.Depth) {
				p.Depth, p.Merge = dd, d
			}
		}
		if p.Depth > 0 {
			n, err := git("rev-list", "--count", c)
			if err != nil {
				return places, err
			}
			if p.Ancestors, err = strconv.Atoi(n[0]); err != nil {
				return places, err
			}
		}
		places.Of[c] = p
	}
	return places, nil
}

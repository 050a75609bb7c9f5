package trend

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report/parse"
)

// A History places commits in a repository's first-parent history. The
// concbench command fills it from git when it runs inside the repository
// (runner.History); the engine only asks.
type History interface {
	// Places returns, for each of commits (full hashes) that it knows, its
	// place in first-parent order, older commits lower; commits it does
	// not know are left out of the map.
	Places(commits []string) (map[string]int, error)
}

// How the runs were ordered, from the best evidence to none.
const (
	byHistory  = "the repository's first-parent history"
	byPosition = "their " + contract.KeyCommitPosition + ": lines (the place on the first-parent history)"
	byTime     = "their " + contract.KeyCommitTime + ": lines (committer time, to the second)"
)

// runKey is what a run's header says of its commit.
type runKey struct {
	commit   string
	dirty    bool      // the working tree with uncommitted changes, after its commit
	place    int       // in the History, or -1
	position int       // the commit-position: line, or -1
	time     time.Time // the commit-time: line, or zero
}

// Order returns runs in commit order, and warnings: the runs are ordered
// by the first-parent history h gives when it knows every commit, else
// by the commit-position: lines the runner writes, else by the
// commit-time: lines; the working tree with uncommitted changes comes
// after its commit. Committer time breaks a tie of positions, and
// runs that nothing orders (the same position or time, different commits)
// keep the order given, with a warning that names them: they are never
// ordered by hash. Runs given in an order the history contradicts get a
// warning too. Without any of these lines the order given is kept.
func Order(runs []parse.InputInfo, h History) ([]parse.InputInfo, []string) {
	out, _, warnings := order(runs, h)
	return out, warnings
}

// orderNotes say in a few words how the runs were ordered.
var orderNotes = map[string]string{
	byHistory:  "by the repository's first-parent history",
	byPosition: "by their place on the first-parent history",
	byTime:     "by commit time",
	"":         "in the order given",
}

// order is Order, and how it ordered the runs: one of the by… phrases,
// or "" for the order given.
func order(runs []parse.InputInfo, h History) ([]parse.InputInfo, string, []string) {
	keys := make([]runKey, len(runs))
	var commits []string
	have := map[string]int{} // how many runs have each kind of evidence
	var malformed []string   // lines present but unreadable, ignored
	for i := range runs {
		k := &keys[i]
		k.commit = runs[i].Get(contract.KeyCommit)
		k.dirty = strings.HasSuffix(runs[i].Get(contract.KeyRef), contract.DirtySuffix)
		k.place, k.position = -1, -1
		if v := runs[i].Get(contract.KeyCommitPosition); v != "" {
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				k.position = n
				have[byPosition]++
			} else {
				malformed = append(malformed, fmt.Sprintf("%s: %s: %q is not a positive whole number: ignored",
					runs[i].Label, contract.KeyCommitPosition, v))
			}
		}
		if v := runs[i].Get(contract.KeyCommitTime); v != "" {
			if t, err := time.Parse(time.RFC3339, v); err == nil {
				k.time = t
				have[byTime]++
			} else {
				malformed = append(malformed, fmt.Sprintf("%s: %s: %q is not an RFC 3339 time: ignored",
					runs[i].Label, contract.KeyCommitTime, v))
			}
		}
		if k.commit != "" {
			commits = append(commits, k.commit)
		}
	}
	if h != nil && len(commits) == len(runs) {
		if places, err := h.Places(commits); err == nil {
			for i := range keys {
				if p, ok := places[keys[i].commit]; ok {
					keys[i].place = p
					have[byHistory]++
				}
			}
		}
	}
	var by string
	for _, b := range []string{byHistory, byPosition, byTime} {
		if have[b] == len(runs) {
			by = b
			break
		}
	}
	if by == "" {
		warnings := malformed
		if have[byTime] > 0 || have[byPosition] > 0 {
			warnings = append(warnings, fmt.Sprintf("%d of %d files have no readable %s: line; the runs are in the order given",
				len(runs)-have[byTime], len(runs), contract.KeyCommitTime))
		}
		return runs, "", warnings
	}
	// compare orders two runs by the evidence chosen; 0 when it cannot.
	compare := func(a, b runKey) int {
		if a.commit != "" && a.commit == b.commit {
			if a.dirty != b.dirty { // the commit, then its working tree
				if a.dirty {
					return 1
				}
				return -1
			}
			if a.dirty {
				return a.time.Compare(b.time) // when each dirty tree was first measured
			}
			return 0 // the same commit twice (an A/A pair): as given
		}
		switch by {
		case byHistory:
			return cmp.Compare(a.place, b.place)
		case byPosition:
			if c := cmp.Compare(a.position, b.position); c != 0 {
				return c
			}
			if !a.time.IsZero() && !b.time.IsZero() {
				return a.time.Compare(b.time)
			}
			return 0
		}
		return a.time.Compare(b.time)
	}
	idx := make([]int, len(runs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return compare(keys[a], keys[b]) })
	out := make([]parse.InputInfo, len(runs))
	for i, j := range idx {
		out[i] = runs[j]
	}
	warnings := malformed
	for i := 1; i < len(idx); i++ {
		a, b := keys[idx[i-1]], keys[idx[i]]
		if a.commit != b.commit && compare(a, b) == 0 {
			warnings = append(warnings, fmt.Sprintf("%s and %s have the same place by %s and nothing else orders them: kept in the order given",
				runs[idx[i-1]].Label, runs[idx[i]].Label, by))
		}
	}
	// The first pair the history puts the other way round, if any.
	for i := range idx {
		if idx[i] != i {
			a, b := runs[i], runs[idx[i]] // a was given at i, b belongs there
			warnings = append(warnings, fmt.Sprintf("the files are not given in commit order (%s comes before %s by %s): the runs are ordered by it",
				b.Label, a.Label, by))
			break
		}
	}
	return out, by, warnings
}

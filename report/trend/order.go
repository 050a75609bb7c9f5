package trend

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report/parse"
)

// A History places commits in a repository's history. The concbench
// command fills it from git when it runs inside the repository
// (runner.History); the engine only asks.
type History interface {
	// Places places each of commits (full hashes) that it knows on one
	// first-parent line, as contract.Places describes; it must not
	// depend on the order of commits.
	Places(commits []string) (contract.Places, error)
}

// How the runs were ordered, from the best evidence to none.
const (
	byHistory  = "the repository's first-parent history"
	byPosition = "their " + contract.KeyCommitPosition + ": lines (each commit's first-parent depth, which commits of different branches can share)"
	byTime     = "their " + contract.KeyCommitTime + ": lines (committer time, to the second)"
)

// runKey is what a run's header says of its commit.
type runKey struct {
	commit   string
	dirty    bool           // the working tree with uncommitted changes, after its commit
	place    contract.Place // in the History; Depth 0 when it has none
	position int            // the commit-position: line, or -1
	time     time.Time      // the commit-time: line, or zero
}

// Order returns runs in commit order, and warnings (see ordering).
func Order(runs []parse.InputInfo, h History) ([]parse.InputInfo, []string) {
	o := order(runs, h)
	return o.runs, o.warnings()
}

// orderNotes say in a few words how the runs were ordered.
var orderNotes = map[string]string{
	byHistory:  "by the repository's first-parent history",
	byPosition: "by their first-parent depth, from their " + contract.KeyCommitPosition + ": lines",
	byTime:     "by commit time",
	"":         "in the order given",
}

// An ordering is the runs in commit order. Inside a repository (h not
// nil and knowing every commit) they are placed on its first-parent line
// (see contract.Places): a commit merged in from a side branch right
// before its merge, with a caveat that names it; a commit that is not in
// the line's history (amended or rebased away) is left out, with a
// caveat that names its file. Elsewhere they are ordered by the
// commit-position: lines the runner writes, else by the commit-time:
// lines; the working tree with uncommitted changes comes after its
// commit. Committer time breaks a tie of places or positions, and runs
// that nothing orders (the same place or time, different commits) keep
// the order given, with a caveat that names them: they are never
// ordered by hash. Without any of these lines the order given is kept.
type ordering struct {
	runs []parse.InputInfo // in order, without the runs left out
	by   string            // one of the by… phrases, or "" for the order given
	// caveats are what the order rests on besides its evidence: runs
	// placed by rule, left out, or kept in the order given. TREND.md
	// states them below its order, as stderr does.
	caveats []string
	// malformed names the lines that are there but unreadable, ignored;
	// misordered says that the files were given in another order than
	// the one found, when that order meant something (see givenOrder).
	malformed  []string
	misordered string
	// newestUnknown says why the newest run cannot be told: the last two
	// runs tie by every evidence and the order given means nothing (files
	// named by their hashes, as a glob lists them); "" when it can.
	newestUnknown string
}

// warnings are the ordering's messages for stderr, in order.
func (o ordering) warnings() []string {
	out := append(slices.Clone(o.malformed), o.caveats...)
	if o.misordered != "" {
		out = append(out, o.misordered)
	}
	return out
}

func order(runs []parse.InputInfo, h History) ordering {
	var o ordering
	keys := make([]runKey, len(runs))
	var commits []string
	have := map[string]int{} // how many runs have each kind of evidence
	for i := range runs {
		k := &keys[i]
		k.commit = runs[i].Get(contract.KeyCommit)
		k.dirty = strings.HasSuffix(runs[i].Get(contract.KeyRef), contract.DirtySuffix)
		k.position = -1
		if v := runs[i].Get(contract.KeyCommitPosition); v != "" {
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				k.position = n
				have[byPosition]++
			} else {
				o.malformed = append(o.malformed, fmt.Sprintf("%s: %s: %q is not a positive whole number: ignored",
					runs[i].Label, contract.KeyCommitPosition, v))
			}
		}
		if v := runs[i].Get(contract.KeyCommitTime); v != "" {
			if t, err := time.Parse(time.RFC3339, v); err == nil {
				k.time = t
				have[byTime]++
			} else {
				o.malformed = append(o.malformed, fmt.Sprintf("%s: %s: %q is not an RFC 3339 time: ignored",
					runs[i].Label, contract.KeyCommitTime, v))
			}
		}
		if k.commit != "" {
			commits = append(commits, k.commit)
		}
	}
	var places contract.Places
	if h != nil && len(commits) == len(runs) {
		if p, err := h.Places(commits); err == nil {
			places = p
			for i := range keys {
				if pl, ok := p.Of[keys[i].commit]; ok {
					keys[i].place = pl
					have[byHistory]++
				}
			}
		}
	}
	for _, b := range []string{byHistory, byPosition, byTime} {
		if have[b] == len(runs) {
			o.by = b
			break
		}
	}
	if o.by == "" {
		if have[byTime] > 0 || have[byPosition] > 0 {
			o.caveats = append(o.caveats, fmt.Sprintf("%d of %d files have no readable %s: line; the runs are in the order given",
				len(runs)-have[byTime], len(runs), contract.KeyCommitTime))
		}
		o.runs = runs
		return o
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
		switch o.by {
		case byHistory:
			if c := cmp.Compare(a.place.Depth, b.place.Depth); c != 0 {
				return c
			}
			if a.place.OnLine() != b.place.OnLine() { // a merge's side commits before it
				if a.place.OnLine() {
					return 1
				}
				return -1
			}
			if c := cmp.Compare(a.place.Ancestors, b.place.Ancestors); c != 0 {
				return c
			}
		case byPosition:
			if c := cmp.Compare(a.position, b.position); c != 0 {
				return c
			}
		}
		if !a.time.IsZero() && !b.time.IsZero() {
			return a.time.Compare(b.time)
		}
		return 0
	}
	var idx []int // the runs kept, by index in runs
	for i := range runs {
		if o.by == byHistory && !keys[i].place.InHistory() {
			o.caveats = append(o.caveats, fmt.Sprintf("%s: commit %s is not in the history of %s: an amended or rebased commit, or another branch's; left out of the runs",
				runs[i].Label, short(keys[i].commit), tipName(places)))
			continue
		}
		idx = append(idx, i)
	}
	slices.Sort(o.caveats) // by file, not in the order given
	slices.SortStableFunc(idx, func(a, b int) int { return compare(keys[a], keys[b]) })
	o.runs = make([]parse.InputInfo, len(idx))
	for i, j := range idx {
		o.runs[i] = runs[j]
	}
	placed := make(map[string]bool)
	for i, j := range idx {
		if k := keys[j]; o.by == byHistory && !k.place.OnLine() && !placed[k.commit] {
			placed[k.commit] = true
			o.caveats = append(o.caveats, fmt.Sprintf("%s is not on the first-parent history of %s: placed before its merge %s",
				short(k.commit), tipName(places), short(k.place.Merge)))
		}
		if i == 0 {
			continue
		}
		a, b := keys[idx[i-1]], keys[j]
		switch {
		case a.commit != b.commit && compare(a, b) == 0:
			o.caveats = append(o.caveats, fmt.Sprintf("%s and %s have the same place by %s and nothing else orders them: kept in the order given",
				runs[idx[i-1]].Label, runs[j].Label, o.by))
		case o.by == byPosition && a.commit != b.commit && a.position == b.position:
			// Two commits at one first-parent depth lie on two branches:
			// which came first, and which one a merge took in, only the
			// repository knows.
			o.caveats = append(o.caveats, fmt.Sprintf("%s and %s are at the same first-parent depth, %d, so on different branches: outside the repository their order (by commit time) is a guess, and the runs of a merged branch may interleave with the line it merged into; run trend inside the repository, which places a branch's commits before their merge",
				runs[idx[i-1]].Label, runs[j].Label, a.position))
		}
	}
	if n := len(idx); n >= 2 && !givenOrder(runs) {
		a, b := keys[idx[n-2]], keys[idx[n-1]]
		if a.commit != b.commit && compare(a, b) == 0 {
			o.newestUnknown = fmt.Sprintf("%s and %s tie by %s, and their files, named by their commits, are in hash order: neither is known to be the newer (label the files in order, label=FILE, or run trend inside the repository)",
				runs[idx[n-2]].Label, runs[idx[n-1]].Label, o.by)
		}
	}
	// The first pair the history puts the other way round, if any.
	if givenOrder(runs) {
		kept := slices.Sorted(slices.Values(idx)) // the runs kept, in the order given
		for i := range kept {
			if idx[i] != kept[i] {
				o.misordered = fmt.Sprintf("the files are not given in commit order (%s comes before %s by %s): the runs are ordered by it",
					runs[idx[i]].Label, runs[kept[i]].Label, o.by)
				break
			}
		}
	}
	return o
}

// givenOrder reports whether the order the runs were given in says
// anything: not when each is a file named as concbench bench names it, by
// its commit's short hash (COMMIT.txt, COMMIT-dirty-TREE.txt), and none
// was given a label, as a glob of bench's directory lists them (in hash
// order).
func givenOrder(runs []parse.InputInfo) bool {
	for _, r := range runs {
		c := r.Get(contract.KeyCommit)
		base := filepath.Base(r.Label)
		if r.Named || c == "" || !strings.HasPrefix(base, short(c)) || !strings.HasSuffix(base, ".txt") {
			return true
		}
	}
	return false
}

// short is a commit's short hash, as the runner names its files.
func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// tipName names the tip of places' line in messages.
func tipName(p contract.Places) string {
	if p.TipRef != "" {
		return p.TipRef + " (" + short(p.Tip) + ")"
	}
	return short(p.Tip) + " (the newest commit given, after HEAD)"
}

// orderCaveats is the list of the ordering's caveats for TREND.md and the
// Changes section, below the sentence that says how the runs were
// ordered; "" when there are none.
func (r *FileResult) orderCaveats() string {
	if len(r.OrderCaveats) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("Caveats on this order:\n\n")
	for _, c := range r.OrderCaveats {
		fmt.Fprintf(&b, "- %s\n", mdEscape(c))
	}
	b.WriteString("\n")
	return b.String()
}

// firstRun is the first run that has a sample of s; a series' rows are
// in that order, not in the order the files were given (a renamed
// benchmark's old name first).
func firstRun(s Series) int {
	return slices.IndexFunc(s.Samples, func(x []float64) bool { return len(x) > 0 })
}

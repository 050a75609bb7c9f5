package contract

// Places is where a repository's history puts the commits of results
// files: what the runner's History finds with git and the report's trend
// orders its runs by (trend.History), so that neither side depends on
// the other.
//
// The commits are placed on one line: the first-parent history of its
// tip, HEAD, or the newest of the commits when some come after HEAD and
// one of those descends from all the others that do. A commit on the line is placed by its
// first-parent depth (as KeyCommitPosition); one merged into it from a
// side branch right before the merge that brought it in (the oldest
// commit of the line it is an ancestor of), after the commits of that
// branch that are its ancestors; one that is not in the tip's history (a
// commit amended or rebased away, reachable only from the reflog, or
// another branch's) has no place.
type Places struct {
	Tip    string // the line's tip, a full hash
	TipRef string // how the tip was chosen: "HEAD", or "" for the newest commit given
	// Of holds a Place for each commit given that git knows; a commit
	// it does not know is left out.
	Of map[string]Place
}

// A Place is one commit's place in Places.
type Place struct {
	// Depth is the first-parent depth of the commit on the line (1 for a
	// root commit), or of the merge that brought it in; 0 for a commit
	// that is not in the tip's history.
	Depth int
	// Merge is the merge that brought in a commit of a side branch, ""
	// for a commit on the line.
	Merge string
	// Ancestors counts a side branch's commit's ancestors (git rev-list
	// --count): of two commits placed before one merge, an ancestor has
	// fewer.
	Ancestors int
}

// OnLine reports whether the commit is on the line itself.
func (p Place) OnLine() bool { return p.Depth > 0 && p.Merge == "" }

// InHistory reports whether the commit is in the tip's history at all.
func (p Place) InHistory() bool { return p.Depth > 0 }

package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/concbench/concbench/internal/atomicfile"
)

// WorkingTree is the Ref of the working tree's results (the ref ".", or no ref).
const WorkingTree = "working tree"

// A repo is the git checkout Run works in.
type repo struct {
	top string // the checkout's top directory
	rel string // the directory Run was started in, relative to top
	dir string // that directory, absolute

	exclude string // the results directory, relative to top, if inside the checkout
	// owned are the untracked files of the working tree that concbench
	// wrote elsewhere (see ownOutput), relative to top, slash-separated:
	// left out of its status and content hash, as exclude is.
	owned []string
}

func openRepo(ctx context.Context, dir string) (*repo, error) {
	out, err := gitIn(ctx, dir, nil, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, usagef("%s is not inside a git checkout (%v)", dir, err)
	}
	top, err := filepath.EvalSymlinks(out)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("%s is not inside its checkout %s", dir, top)
	}
	return &repo{top: top, rel: rel, dir: abs}, nil
}

// git runs git in the checkout and returns its output, trimmed.
func (r *repo) git(ctx context.Context, args ...string) (string, error) {
	return gitIn(ctx, r.top, nil, args...)
}

func gitIn(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := firstLine(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", fmt.Errorf("git %s: %w", args[0], err)
	}
	return strings.TrimSpace(stdout.String()), nil
}

// A target is one side to measure: a commit, or the working tree.
type target struct {
	ref      string // as given, or WorkingTree
	commit   string // full hash; HEAD's for the working tree
	time     string // commit time, RFC 3339; for a dirty working tree, when it was first measured
	parent   string // the first parent, "" for a root commit
	position int    // the first-parent depth: 1 for a root commit
	name     string // the results file's name without .txt
	inPlace  bool   // build in the working tree rather than a worktree
	dirty    bool   // the working tree has uncommitted changes
	b        *build // shared by the two sides of an A/A run

	file     *resultFile
	need     int // rounds to measure
	measured int
	failed   error
	clean    map[int]cleanCount // of each group run of a round (its slot), with the machine probe
	planned  int                // the rounds the file will hold when the Run is done
	dropped  map[string]int     // rounds dropped in the Run, by groupRun.key
}

// label names the target in messages: the ref and its short commit.
func (t *target) label() string {
	if t.ref == WorkingTree {
		if t.dirty {
			return "the working tree (" + t.name + ")"
		}
		return "the working tree (" + short(t.commit) + ")"
	}
	if strings.HasPrefix(t.commit, t.ref) {
		return short(t.commit)
	}
	return t.ref + " (" + short(t.commit) + ")"
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// targets resolves refs to commits, dropping repeats of a commit; the ref
// "." is the working tree, and no refs means ".".
func (r *repo) targets(ctx context.Context, refs []string, aa bool) ([]*target, error) {
	if len(refs) == 0 {
		refs = []string{"."}
	}
	var ts []*target
	seen := make(map[string]bool)
	for _, ref := range refs {
		var t *target
		switch {
		case ref == ".":
			wt, err := r.workingTree(ctx)
			if err != nil {
				return nil, err
			}
			t = wt
		case ref == "" || strings.HasPrefix(ref, "-"):
			return nil, usagef("%q is not a git ref", ref)
		default:
			commit, err := r.git(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
			if err != nil || commit == "" {
				return nil, usagef("%s is not a commit, branch or tag of %s", ref, r.top)
			}
			t = &target{ref: ref, commit: commit, name: short(commit), b: &build{}}
			if err := r.describe(ctx, t); err != nil {
				return nil, fmt.Errorf("%s: %v", ref, err)
			}
		}
		if seen[t.name] {
			continue
		}
		seen[t.name] = true
		ts = append(ts, t)
	}
	if aa {
		a, b := *ts[0], *ts[0]
		a.name += ".A"
		b.name += ".B"
		ts = []*target{&a, &b}
	}
	return ts, nil
}

// workingTree is the target of the working tree. A clean tree is its HEAD
// commit; a dirty one is named COMMIT-dirty-TREE after the git tree hash of
// its content (untracked files included, ignored ones not), so that its
// results are kept until the next edit.
func (r *repo) workingTree(ctx context.Context) (*target, error) {
	head, err := r.git(ctx, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
	if err != nil || head == "" {
		return nil, usagef("%s has no commit yet", r.top)
	}
	t := &target{ref: WorkingTree, commit: head, name: short(head), inPlace: true, b: &build{}}
	if err := r.describe(ctx, t); err != nil {
		return nil, err
	}
	// Porcelain v2 starts every entry with its kind ("? " untracked), so
	// that the trimmed output loses nothing.
	status, err := r.git(ctx, append([]string{"status", "--porcelain=v2", "-z", "--untracked-files=all", "--"}, r.pathspec()...)...)
	if err != nil {
		return nil, err
	}
	changed := false
	for _, e := range strings.Split(status, "\x00") {
		switch path, untracked := strings.CutPrefix(e, "? "); {
		case e == "":
		case untracked && r.ownOutput(path):
			r.owned = append(r.owned, path)
		default:
			changed = true
		}
	}
	if !changed {
		return t, nil
	}
	tree, err := r.treeOfWorkingTree(ctx)
	if err != nil {
		return nil, fmt.Errorf("hashing the working tree: %v", err)
	}
	t.dirty = true
	t.name = short(head) + "-dirty-" + tree[:7]
	t.time = time.Now().UTC().Format(time.RFC3339)
	return t, nil
}

// describe fills in t's commit time, first parent and position on its
// first-parent history.
func (r *repo) describe(ctx context.Context, t *target) error {
	out, err := r.git(ctx, "show", "-s", "--format=%cI %P", t.commit)
	if err != nil {
		return err
	}
	f := strings.Fields(out)
	if len(f) == 0 {
		return fmt.Errorf("git show %s: no commit time", t.commit)
	}
	t.time = f[0]
	if len(f) > 1 {
		t.parent = f[1]
	}
	n, err := r.git(ctx, "rev-list", "--first-parent", "--count", t.commit)
	if err != nil {
		return err
	}
	t.position, err = strconv.Atoi(n)
	return err
}

// pathspec is what the working tree's status and content hash look at:
// everything but the results directory, when it lies inside the
// checkout, so that the runner's own output never makes the tree dirty.
// (A pathspec, rather than an entry in .git/info/exclude: nothing is
// written into the user's repository.)
func (r *repo) pathspec() []string {
	spec := []string{"."}
	if r.exclude != "" {
		spec = append(spec, ":(exclude,literal)"+filepath.ToSlash(r.exclude))
	}
	for _, p := range r.owned {
		spec = append(spec, ":(exclude,literal)"+p)
	}
	return spec
}

// resultsName matches the names of the runner's results files: a commit
// (short), a working tree's (COMMIT-dirty-TREE), each side of -aa (.A, .B).
var resultsName = regexp.MustCompile(`^[0-9a-f]{12}(-dirty-[0-9a-f]{7})?(\.[AB])?\.txt$`)

// ownOutput reports whether path, an untracked file of the checkout, is
// concbench's own output outside the results directory: another -o's
// results file (named as the runner names them, with the header
// ReadHeader reads), or a file that report, trend, compare or bisect wrote
// and recorded, unchanged since (atomicfile.Owned: trend's and report's
// default -o is out/, the parent of bench's). Such files are no change
// to the code measured.
func (r *repo) ownOutput(path string) bool {
	full := filepath.Join(r.top, filepath.FromSlash(path))
	if atomicfile.Owned(full) {
		return true
	}
	if !resultsName.MatchString(filepath.Base(full)) {
		return false // a user's file, even one cut from results (testdata)
	}
	_, err := ReadHeader(full)
	return err == nil
}

// excludeDir sets the directory that pathspec leaves out: dir (the
// results directory, which need not exist yet), when it lies inside the
// checkout, is not its top, and git does not ignore it already (a
// pathspec that names an ignored path makes git add fail: "The following
// paths are ignored by one of your .gitignore files").
func (r *repo) excludeDir(ctx context.Context, dir string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	// Resolve the symbolic links of the part that exists, as top's are.
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			abs = filepath.Join(real, rest)
			break
		}
		if filepath.Dir(p) == p {
			break
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
	rel, err := filepath.Rel(r.top, abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return
	}
	if _, err := r.git(ctx, "check-ignore", "-q", "--no-index", filepath.ToSlash(rel)); err == nil {
		return // ignored: neither status nor add sees it
	}
	r.exclude = rel
}

// treeOfWorkingTree returns the hash of the tree git would commit with
// `git add -A`, computed in a scratch index: the real index is not touched.
func (r *repo) treeOfWorkingTree(ctx context.Context) (string, error) {
	f, err := os.CreateTemp("", "concbench-index-")
	if err != nil {
		return "", err
	}
	idx := f.Name()
	defer os.Remove(idx)
	if index, err := r.git(ctx, "rev-parse", "--path-format=absolute", "--git-path", "index"); err == nil {
		if data, err := os.ReadFile(index); err == nil {
			f.Write(data) // a copy of the real index saves hashing unchanged files
		}
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	env := []string{"GIT_INDEX_FILE=" + idx}
	if fi, _ := os.Stat(idx); fi == nil || fi.Size() == 0 {
		os.Remove(idx) // git refuses an empty index file
	}
	if _, err := gitIn(ctx, r.top, env, append([]string{"add", "-A", "--"}, r.pathspec()...)...); err != nil {
		return "", err
	}
	return gitIn(ctx, r.top, env, "write-tree")
}

// addWorktree checks commit out, detached, at path.
func (r *repo) addWorktree(ctx context.Context, path, commit string) error {
	_, err := r.git(ctx, "worktree", "add", "--detach", "--quiet", path, commit)
	return err
}

// removeWorktree removes the worktree at path and git's record of it.
func (r *repo) removeWorktree(ctx context.Context, path string) {
	r.git(ctx, "worktree", "remove", "--force", path)
	os.RemoveAll(path)
	r.git(ctx, "worktree", "prune")
}

// The temporary directory of a Run is named tmpPrefix…, and holds its
// process id in pidFile, so that a later Run can tell its worktrees from
// those of a run that is still going.
const (
	tmpPrefix = "concbench-bench-"
	pidFile   = "pid"
)

// removeStale removes the worktrees that a killed Run left behind (a
// second SIGINT ends concbench at once): those in a temporary directory of
// a Run whose process is gone.
func (r *repo) removeStale(ctx context.Context) {
	list, err := r.git(ctx, "worktree", "list", "--porcelain")
	if err != nil {
		return
	}
	for _, line := range strings.Split(list, "\n") {
		path, ok := strings.CutPrefix(line, "worktree ")
		if !ok || !strings.Contains(path, string(filepath.Separator)+tmpPrefix) {
			continue
		}
		dir := path
		for filepath.Base(dir) != "." && !strings.HasPrefix(filepath.Base(dir), tmpPrefix) {
			dir = filepath.Dir(dir)
		}
		if !strings.HasPrefix(filepath.Base(dir), tmpPrefix) || processAlive(filepath.Join(dir, pidFile)) {
			continue
		}
		r.removeWorktree(ctx, path)
		os.RemoveAll(dir)
	}
	removeStaleTemp()
}

// removeStaleTemp removes the temporary directories, of any repository,
// that killed Runs left behind without a worktree (a Run of the working
// tree alone, or one killed while it built): those whose pid file names a
// process that is gone. A directory without its pid file yet, of a Run
// starting now, is left alone. A worktree of another repository in one is
// removed with it, and that repository's git prunes its record.
func removeStaleTemp() {
	tmp := os.TempDir()
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return
	}
	for _, e := range entries {
		dir := filepath.Join(tmp, e.Name())
		if !e.IsDir() || !strings.HasPrefix(e.Name(), tmpPrefix) {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, pidFile)); err != nil || processAlive(filepath.Join(dir, pidFile)) {
			continue
		}
		os.RemoveAll(dir)
	}
}

// firstLine returns the first non-empty line of s, trimmed.
func firstLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

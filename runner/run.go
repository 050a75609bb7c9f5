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
	"slices"
	"strings"
	"time"

	"github.com/concbench/concbench/contract"
)

// run is the state of one Run.
type run struct {
	cfg       Config
	repo      *repo
	tmp       string
	targets   []*target
	worktrees []string
	done      int
	total     int
	rounds    int
	order     []string // the refs of the round under way, in order
	probes    *probes  // the machine probe, once the first round starts; nil when off
	id        string   // the run's identity in its round markers (contract.Pass)
}

func (r *run) report(s Status) {
	if r.cfg.Progress != nil {
		s.Done, s.Total, s.Rounds = r.done, r.total, r.rounds
		if s.Phase == "run" {
			s.Order = slices.Clone(r.order)
		}
		r.cfg.Progress(s)
	}
}

// fail records t's failure and says so at once.
func (r *run) fail(t *target, err error) {
	t.failed = fmt.Errorf("%s: %v", t.label(), oneLine(err.Error()))
	if r.cfg.Errors != nil {
		fmt.Fprintln(r.cfg.Errors, t.failed)
	}
	for _, o := range r.targets { // the other side of an A/A run shares the build
		if o != t && o.b == t.b && o.failed == nil && t.b.err != nil {
			o.failed = t.failed
		}
	}
}

// cleanup removes the worktrees and the temporary directory; it runs
// after a cancel too, so it uses a context of its own.
func (r *run) cleanup() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, wt := range r.worktrees {
		r.repo.removeWorktree(ctx, wt)
	}
	os.RemoveAll(r.tmp)
}

func (r *run) run(ctx context.Context) (*Result, error) {
	settings := r.cfg.settings()
	for _, t := range r.targets {
		f, replaced, err := openResults(filepath.Join(r.cfg.OutDir, t.name+".txt"), settings, t, r.cfg.Fresh)
		if err != nil {
			return nil, err
		}
		if replaced && r.cfg.Errors != nil {
			fmt.Fprintf(r.cfg.Errors, "%s: measured with other settings; measuring it again (the earlier file goes to %s)\n", f.path, filepath.Join(filepath.Dir(f.path), ReplacedDir))
		}
		t.file = f
		t.need = max(0, r.cfg.Count-f.rounds)
		if r.cfg.More > 0 {
			t.need = r.cfg.More
		}
		t.planned = f.rounds + t.need
		t.dropped = droppedRuns(t.ref, f.data)
	}
	for _, t := range r.targets {
		if t.need == 0 {
			continue
		}
		if err := r.build(ctx, t); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if t.failed == nil {
				r.fail(t, err)
			}
			continue
		}
		for _, p := range t.b.pkgs {
			r.total += t.need * len(p.slots)
		}
		r.rounds = max(r.rounds, t.need)
	}
	if r.rounds > 0 {
		// A build leaves its binaries and cache in dirty pages (120 MB
		// after a build with an empty cache), which the kernel writes out
		// about 30 s later, during the first round. Measured here in the
		// 16 s after a build: IO goroutines 13.5 and 15.7 ms, against
		// 12.9–13.1 ms when the writes were flushed first (two trials
		// each, 8 runs a trial).
		flushWrites()
	}
	for round := range r.rounds {
		var order []*target
		for _, t := range r.targets {
			if t.need > round && t.failed == nil {
				order = append(order, t)
			}
		}
		if len(order) == 0 {
			break
		}
		k := round % len(order) // rotate: every ref leads some rounds, none always runs first
		order = append(order[k:], order[:k]...)
		r.order = r.order[:0]
		for _, t := range order {
			r.order = append(r.order, t.ref)
		}
		if err := r.runRound(ctx, order, round+1); err != nil {
			return nil, err
		}
	}
	res := &Result{}
	for _, t := range r.targets {
		if t.failed != nil {
			res.Failed = append(res.Failed, t.failed)
			continue
		}
		if t.file.rounds >= r.cfg.Count || (r.cfg.More > 0 && t.measured == r.cfg.More) {
			res.Files = append(res.Files, Measured{Ref: t.ref, Commit: t.commit, Path: t.file.path, Rounds: t.file.rounds, New: t.measured})
		}
	}
	if n := len(res.Failed); n > 0 {
		what := "ref"
		if len(r.targets) > 1 {
			what = fmt.Sprintf("%d of %d refs", n, len(r.targets))
		}
		var none, some []string
		for _, t := range r.targets {
			switch {
			case t.failed == nil:
			case t.file == nil || t.file.rounds == 0:
				none = append(none, t.name)
			default:
				some = append(some, fmt.Sprintf("%s (%d)", t.name, t.file.rounds))
			}
		}
		var kept []string
		if len(some) > 0 {
			kept = append(kept, "complete rounds kept in "+r.cfg.OutDir+": "+strings.Join(some, ", "))
		}
		if len(none) > 0 {
			kept = append(kept, "no round of "+strings.Join(none, ", "))
		}
		return res, fmt.Errorf("%s failed (%s)", what, strings.Join(kept, "; "))
	}
	return res, nil
}

// A slot is one package's binary run for one benchmark of a group (see
// split): the unit a round interleaves its refs by.
type slot struct {
	path string // the package's import path
	g    Group  // the run: one top-level benchmark of orig
	orig Group  // the group of Config.Groups it comes from
	i    int    // orig's index in Config.Groups: a group listed twice runs twice
}

// runs returns the slots of the binary of the package path whose
// top-level benchmarks are benches: each group split into a run per
// benchmark, in the order of the groups.
func (r *run) runs(path string, benches []string) []slot {
	var out []slot
	for i, g := range r.cfg.Groups {
		for _, sg := range split(g, benches) {
			out = append(out, slot{path, sg, g, i})
		}
	}
	return out
}

// slots lists the slots of a round: those of every package of every ref,
// in the order of the first ref that has each (a benchmark only a later
// ref has comes after the first ref's of its group).
func (r *run) slots(order []*target) []slot {
	var out []slot
	seen := make(map[slot]bool)
	var paths []string
	for _, t := range order {
		for _, p := range t.b.pkgs {
			if !slices.Contains(paths, p.path) {
				paths = append(paths, p.path)
			}
		}
	}
	for _, path := range paths {
		for i := range r.cfg.Groups {
			for _, t := range order {
				j := slices.IndexFunc(t.b.pkgs, func(p pkg) bool { return p.path == path })
				if j < 0 {
					continue
				}
				for _, sl := range t.b.pkgs[j].slots {
					if sl.i == i && !seen[sl] {
						seen[sl] = true
						out = append(out, sl)
					}
				}
			}
		}
	}
	return out
}

// runRound runs one round: every slot (a package's binary for one
// top-level benchmark of a group) of every ref of order, the refs
// interleaved slot by slot — each slot runs for every ref before the next
// slot starts, the refs' order reversed from
// one slot to the next (A B, B A, A B, …) — so that a ref's run of a
// benchmark and another's lie seconds apart, not a whole pass of the
// suite, and a slow spell of the machine hits both or neither. It then
// appends each ref's output to its file as one round. A ref that fails is
// marked failed, and the others go on; only a cancel is an error.
func (r *run) runRound(ctx context.Context, order []*target, round int) error {
	outs := make(map[*target]*bytes.Buffer)
	rrs := make(map[*target]*roundRuns)
	for _, t := range order {
		outs[t] = new(bytes.Buffer)
		rrs[t] = r.newRound(t, round)
	}
	if r.cfg.ProbeCPUs {
		if rt := probeRoundTrip(100 * time.Millisecond); rt > 0 {
			for _, t := range order {
				outs[t].WriteString(contract.RoundTripLine(t.file.rounds+1, rt))
			}
		}
	}
	fail := func(t *target, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.fail(t, err)
		return nil
	}
	for i, sl := range r.slots(order) {
		refs := slices.Clone(order)
		if i%2 == 1 {
			slices.Reverse(refs)
		}
		for _, t := range refs {
			if t.failed != nil {
				continue
			}
			j := slices.IndexFunc(t.b.pkgs, func(p pkg) bool { return p.path == sl.path })
			if j < 0 || !slices.Contains(t.b.pkgs[j].slots, sl) {
				continue // the package or the benchmark is not at this ref
			}
			p := t.b.pkgs[j]
			r.report(Status{Phase: "run", Ref: t.ref, Package: p.path, Group: sl.g, Round: round})
			if err := rrs[t].run(ctx, p, sl.g); err != nil {
				if err := fail(t, fmt.Errorf("benchmarks of %s failed in round %d: %v", p.path, t.file.rounds+1, err)); err != nil {
					return err
				}
				continue
			}
			r.done++
		}
	}
	for _, t := range order {
		if t.failed != nil {
			continue
		}
		if err := r.finishRound(ctx, t, rrs[t], outs[t], round); err != nil {
			if err := fail(t, err); err != nil {
				return err
			}
		}
	}
	return nil
}

// finishRound measures t's disturbed group runs of the round again (see
// roundRuns.finish) and appends the round to t's file.
func (r *run) finishRound(ctx context.Context, t *target, rr *roundRuns, out *bytes.Buffer, round int) error {
	if err := rr.finish(ctx, out); err != nil {
		return err
	}
	if !rr.anyResult() { // set aside or not: a round may drop every result (see roundRuns.kept)
		return fmt.Errorf("no benchmark matches %s", groupsString(r.cfg.Groups))
	}
	if err := t.file.appendRound(out.Bytes(), contract.Pass{Run: r.id, Index: round}); err != nil {
		return err
	}
	t.measured++
	return nil
}

var resultLineRE = regexp.MustCompile(`(?m)^Benchmark\S*\s+\d+\s`)

func groupsString(gs []Group) string {
	s := make([]string, len(gs))
	for i, g := range gs {
		s[i] = g.Bench
	}
	return strings.Join(s, " or ")
}

// runBinary runs one test binary for one group in its package's directory,
// with testFlags after its own, appending its standard output to out.
func (r *run) runBinary(ctx context.Context, p pkg, g Group, out *bytes.Buffer, testFlags ...string) error {
	args := []string{"-test.run=^$", "-test.bench=" + g.Bench, "-test.count=1", "-test.timeout=" + r.cfg.Timeout.String()}
	if g.Benchtime != "" {
		args = append(args, "-test.benchtime="+g.Benchtime)
	}
	args = append(append(args, testFlags...), r.cfg.Args...)
	cmd := exec.CommandContext(ctx, p.bin, args...)
	cmd.Dir = p.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	killGroup(cmd)
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errors.New(failure(stdout.String(), stderr.String(), err))
	}
	out.Write(stdout.Bytes())
	return nil
}

// failure is the gist of a failed test binary's output: the first failed
// benchmark and its message, a panic, or the last line it wrote.
func failure(stdout, stderr string, err error) string {
	lines := strings.Split(stdout, "\n")
	for i, line := range lines {
		// Its own line ("--- FAIL: BenchmarkX/sub", indented for a
		// sub-benchmark), or after the result line's name when the
		// benchmark failed in a later b.N ("BenchmarkX-2 \t--- FAIL: …").
		if j := strings.Index(line, "--- FAIL"); j >= 0 && (j == 0 || strings.TrimSpace(line[:j]) == "" || strings.HasPrefix(line, "Benchmark")) {
			msg := strings.TrimSpace(line[j:])
			if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "    ") {
				msg += ": " + strings.TrimSpace(lines[i+1])
			}
			return msg
		}
	}
	for _, s := range []string{stderr, stdout} {
		for _, line := range strings.Split(s, "\n") {
			if strings.HasPrefix(line, "panic:") || strings.HasPrefix(line, "fatal error:") {
				return strings.TrimSpace(line)
			}
		}
	}
	for _, s := range []string{stderr, stdout} {
		ls := strings.Split(strings.TrimSpace(s), "\n")
		if last := strings.TrimSpace(ls[len(ls)-1]); last != "" && last != "FAIL" {
			return last + " (" + err.Error() + ")"
		}
	}
	return err.Error()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

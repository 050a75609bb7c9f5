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
			fmt.Fprintf(r.cfg.Errors, "%s: measured with other settings; measuring it again\n", f.path)
		}
		t.file = f
		t.need = max(0, r.cfg.Count-f.rounds)
		if r.cfg.More > 0 {
			t.need = r.cfg.More
		}
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
		r.total += t.need * len(t.b.pkgs) * len(r.cfg.Groups)
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
		for _, t := range order {
			if err := r.runRound(ctx, t, round+1); err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				r.fail(t, err)
			}
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
		return res, fmt.Errorf("%s failed (the complete rounds of each are kept in %s)", what, r.cfg.OutDir)
	}
	return res, nil
}

// runRound runs every package and group of t once and appends the output
// to its file as one round.
func (r *run) runRound(ctx context.Context, t *target, round int) error {
	var out bytes.Buffer
	if r.cfg.ProbeCPUs {
		if rt := probeRoundTrip(100 * time.Millisecond); rt > 0 {
			out.WriteString(contract.RoundTripLine(t.file.rounds+1, rt))
		}
	}
	rr := r.newRound(t, round)
	for _, p := range t.b.pkgs {
		for _, g := range r.cfg.Groups {
			r.report(Status{Phase: "run", Ref: t.ref, Package: p.path, Group: g, Round: round})
			if err := rr.run(ctx, p, g); err != nil {
				return fmt.Errorf("benchmarks of %s failed in round %d: %v", p.path, t.file.rounds+1, err)
			}
			r.done++
		}
	}
	if err := rr.finish(ctx, &out); err != nil {
		return err
	}
	if !resultLineRE.Match(out.Bytes()) {
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
		if strings.HasPrefix(line, "--- FAIL") {
			msg := strings.TrimSpace(line)
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

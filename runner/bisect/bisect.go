// Package bisect finds the commit that made a module's benchmarks slower:
// concbench bisect. It is git bisect with the regression gate's statistics
// in place of a hand-made threshold script.
//
// # Method
//
// The search runs over the first-parent path from GOOD (excluded) to BAD,
// as git rev-list --first-parent GOOD..BAD lists it. First BAD is
// measured against GOOD: the benchmarks the gate finds slower there (by
// more than the threshold, report/gate's Holm–Bonferroni over one-sided
// Mann–Whitney U tests) are the regression hunted; when none is, BAD is
// not slower than GOOD and bisect cannot decide. Then binary search: the
// commit in the middle of the commits still in question is measured
// against GOOD, and it is slower (the first slower commit is it or before
// it) when the gate finds any hunted benchmark slower, not slower when
// every hunted benchmark has no change (or is faster), no hunted median
// grew by more than the threshold, and the comparison could have detected
// (the gate's "could detect") the least change BAD's interval allows (the
// smallest ratio of BAD to GOOD that the gate's test, at the level it
// held BAD's verdict to, does not reject; at least the threshold). That
// takes about log2(n) commits of n. BAD itself is not slower when the
// gate finds no change, no median grew by more than the threshold, and it
// could have detected twice the threshold. On a machine too noisy for
// these, commits get more rounds and then bisect says it could not
// decide, rather than guess.
//
// Every measurement runs the commit and GOOD in interleaved rounds, the
// runner's: each round runs both, the order alternating, so that a slow
// spell of the machine hits both alike; each comparison uses only the
// rounds measured together. A commit that is neither slower nor clearly
// not gets Rounds more rounds, up to MaxRounds; then bisect stops and
// says it could not decide. Each step is held to α divided by the most
// steps the search can take. Every look at a commit (after its first
// Rounds, and after each batch of Rounds more) is a new chance of a false
// alarm, so the step's α is split over the most looks it can take
// (MaxRounds/Rounds, rounded up): half to the first look, which decides
// most steps, and the other half in equal parts to the later ones, whose
// larger samples reach small p-values (a weighted Bonferroni bound, which
// needs no assumption about how the looks at one commit depend on one
// another). So the whole search is wrong by chance with probability at
// most α.
//
// A commit that does not build, or whose benchmarks fail or lack a
// hunted benchmark, is skipped, as git bisect skip does: the next commit
// nearest the middle is measured instead, and when only skipped commits
// are left between a commit that is not slower and one that is, the
// answer is the range.
//
// The rounds go to the runner's results files in OutDir (COMMIT.txt, with
// the settings line of concbench bench), so bench, trend and compare
// reuse them; a later bisect measures again, adding rounds.
package bisect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/perf/benchmath"

	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/runner"
	"github.com/concbench/concbench/runner/profdiff"
)

// Config says what to bisect. The zero value of a field means its
// default.
type Config struct {
	// Dir is inside the module's git checkout (default ".").
	Dir string
	// Good and Bad are the refs: Good must be an ancestor of Bad.
	Good, Bad string
	// Packages, Groups, Args and Timeout are the runner's (see
	// runner.Config); results files measured with the same ones are
	// shared with concbench bench.
	Packages []string
	Groups   []runner.Group
	Args     []string
	Timeout  time.Duration
	// OutDir receives the results files (default runner.DefaultOutDir).
	OutDir string
	// Probe is the runner's machine probe: a group run next to a
	// disturbed probe is measured again, decided by the probe alone (its
	// zero value measures nothing; concbench bisect sets bench's
	// defaults). Every batch of rounds is a runner.Run of its own; they
	// share one Probe.History (a new one when it is nil; one bisection at
	// a time may use it), so that a batch's runs are judged by their stall
	// against the earlier batches' too, GOOD's against all of GOOD's runs
	// in the bisection.
	Probe runner.MachineProbe
	// Method is the gate's (default gate.Default); each step is held to
	// Method.Alpha divided by the most steps the search can take, split
	// over its looks (see Result.LookMethod).
	Method gate.Method
	// Rounds is the rounds of a commit and GOOD measured at a time
	// (default DefaultRounds); MaxRounds bounds them per commit (default
	// 5 × Rounds).
	Rounds, MaxRounds int
	// Profile takes CPU profiles at the last commit that is not slower and
	// the first that is (see package profdiff), into OutDir/profiles.
	Profile bool
	// Go is the go command (default "go").
	Go string
	// Progress, if not nil, is told what runs next.
	Progress func(Status)
	// Log, if not nil, receives a line per commit measured and per commit
	// skipped, as each is decided.
	Log io.Writer
}

// DefaultRounds is the rounds measured at a time when Config.Rounds is 0:
// 6 a side reach a one-sided p of 1/924.
const DefaultRounds = 6

// Status is what bisect does next, for a progress display.
type Status struct {
	Phase     string // "build" or "run"
	Commit    string // short hash of the commit measured against GOOD
	Subject   string
	Round     int // the round under way, counting earlier rounds of this commit
	MaxRounds int
	StepsLeft int // at most, this one included
}

// Outcome is a commit's verdict against GOOD.
type Outcome int

const (
	// Slower: a hunted benchmark got slower than at GOOD.
	Slower Outcome = iota + 1
	// NotSlower: no hunted benchmark did, and it would have been seen.
	NotSlower
	// Skipped: the commit does not build, its benchmarks fail, or a
	// hunted benchmark is missing.
	Skipped
	// Undecided: MaxRounds did not settle it.
	Undecided
)

var outcomeNames = [...]string{Slower: "slower", NotSlower: "not slower", Skipped: "skipped", Undecided: "undecided"}

func (o Outcome) String() string {
	if o < 1 || int(o) >= len(outcomeNames) {
		return fmt.Sprintf("Outcome(%d)", int(o))
	}
	return outcomeNames[o]
}

// A Change is one benchmark's change against GOOD: the ratio of the
// medians less 1 (for a paired verdict, the median of its rounds' ratios),
// and the interval of the gate's test that gave Verdict, at its level.
type Change struct {
	Bench              Key
	Center, Lo, Hi     float64
	Verdict            gate.Verdict
	GoodRuns, TheyRuns int
}

// A Step is one commit measured.
type Step struct {
	Commit  string // full hash
	Subject string
	Index   int // 1-based place on the path GOOD..BAD; BAD is the last
	Outcome Outcome
	// Worst is the hunted benchmark that changed most (nil when skipped).
	Worst *Change
	// Changes holds every hunted benchmark's change.
	Changes []Change
	Rounds  int // rounds of the commit and of GOOD, interleaved
	// Looks is how many times the gate looked at the rounds: after the
	// first batch and after each batch added; the verdicts are the last
	// look's, at Result.LookMethod(Looks).
	Looks int
	Err   error // why it was skipped
}

// A Result is what Run found.
type Result struct {
	Good, Bad string // full hashes
	Path      int    // commits on the path GOOD..BAD
	MaxSteps  int    // the most steps the search could take, BAD's included
	// MaxLooks is the most looks at one commit: its first Rounds, then
	// each batch of Rounds more, up to MaxRounds.
	MaxLooks int
	Method   gate.Method
	// StepMethod is Method with α divided by MaxSteps: each step's, over
	// all its looks (see LookMethod).
	StepMethod gate.Method
	Steps      []Step // in the order measured
	// First is the first slower commit and LastGood the commit before
	// it on the path (GOOD's step is nil): when found.
	First, LastGood *Step
	Found           bool
	// Reason says why nothing was found (Found false): BAD not slower,
	// a commit undecided, only skipped commits left.
	Reason string
	// MergeHint, when the first slower commit is a merge, says so and how
	// to search the branch it merged (a first-parent search stops at the
	// merge).
	MergeHint string
	// Candidates lists, when only skipped commits are left, every commit
	// the first slower one could be.
	Candidates []string
	// CandidateSubjects are their subjects, one-to-one.
	CandidateSubjects []string
	// Notes say what a reader of the result should know of the search:
	// the benchmarks of GOOD's not hunted, as BAD has no results of them.
	Notes []string
	// Profile compares the CPU profiles at LastGood (or GOOD) and First.
	Profile *profdiff.Diff
}

// ErrUsage marks errors in the Config or its refs.
var ErrUsage = runner.ErrUsage

type usageError struct{ msg string }

func (e *usageError) Error() string        { return e.msg }
func (e *usageError) Is(target error) bool { return target == ErrUsage }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// Run bisects. It returns a Result with Found false and its Reason when
// it could not decide; errors are for bad usage (wrapping ErrUsage),
// GOOD that cannot be measured, and a cancelled context.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	b := &bisector{cfg: cfg, subjects: map[string]string{}}
	return b.run(ctx)
}

func (c *Config) fill() error {
	if c.Dir == "" {
		c.Dir = "."
	}
	if c.OutDir == "" {
		c.OutDir = runner.DefaultOutDir
	}
	if c.Probe.History == nil {
		c.Probe.History = new(runner.ProbeHistory)
	}
	if c.Method == (gate.Method{}) {
		c.Method = gate.Default
	}
	if err := c.Method.Validate(); err != nil {
		return usagef("%v", err)
	}
	if c.Rounds == 0 {
		c.Rounds = DefaultRounds
	}
	if c.MaxRounds == 0 {
		c.MaxRounds = 5 * c.Rounds
	}
	if c.Rounds < 1 || c.MaxRounds < c.Rounds {
		return usagef("rounds %d, at most %d: want 1 or more, and at most no fewer", c.Rounds, c.MaxRounds)
	}
	if c.Good == "" || c.Bad == "" {
		return usagef("want two refs, GOOD and BAD")
	}
	return nil
}

// A bisector is the state of one Run.
type bisector struct {
	cfg       Config
	res       Result
	path      []string // GOOD..BAD, first parent, oldest first
	hunted    []Key
	badChange map[Key]float64
	subjects  map[string]string
	stepsLeft int
}

// mergeHint says, when commit is a merge, that the change came with the
// branch it merged, and the bisect that searches that branch: from where
// it left the first parent's line to its tip.
func (b *bisector) mergeHint(ctx context.Context, commit string) string {
	line, err := b.git(ctx, "rev-list", "--parents", "-n", "1", commit)
	parents := strings.Fields(line)
	if err != nil || len(parents) < 3 {
		return ""
	}
	base, err := b.git(ctx, "merge-base", parents[1], parents[2])
	if err != nil {
		return ""
	}
	return fmt.Sprintf("a merge: the change came with the branch it merged; to search that branch, concbench bisect with the same flags (-bench, -pkg) on %s %s", short(strings.TrimSpace(base)), short(parents[2]))
}

func (b *bisector) git(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = b.cfg.Dir
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(strings.SplitN(msg, "\n", 2)[0])
		}
		return "", err
	}
	return strings.TrimSpace(stdout.String()), nil
}

func (b *bisector) resolve(ctx context.Context, ref string) (string, error) {
	if strings.HasPrefix(ref, "-") {
		return "", usagef("%q is not a git ref", ref)
	}
	if ref == "." {
		return "", usagef(". (the working tree) has no place in the history to search: commit it, or give HEAD")
	}
	c, err := b.git(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil || c == "" {
		return "", usagef("%s is not a commit, branch or tag of the checkout at %s", ref, b.cfg.Dir)
	}
	return c, nil
}

func (b *bisector) subject(ctx context.Context, commit string) string {
	if s, ok := b.subjects[commit]; ok {
		return s
	}
	s, _ := b.git(ctx, "show", "-s", "--format=%s", commit)
	b.subjects[commit] = s
	return s
}

func (b *bisector) run(ctx context.Context) (*Result, error) {
	if _, err := b.git(ctx, "rev-parse", "--show-toplevel"); err != nil {
		return nil, usagef("%s is not inside a git checkout (%v)", b.cfg.Dir, err)
	}
	var err error
	if b.res.Good, err = b.resolve(ctx, b.cfg.Good); err != nil {
		return nil, err
	}
	if b.res.Bad, err = b.resolve(ctx, b.cfg.Bad); err != nil {
		return nil, err
	}
	if b.res.Good == b.res.Bad {
		return nil, usagef("GOOD and BAD are the same commit, %s", short(b.res.Good))
	}
	if _, err := b.git(ctx, "merge-base", "--is-ancestor", b.res.Good, b.res.Bad); err != nil {
		swapped := ""
		if _, err := b.git(ctx, "merge-base", "--is-ancestor", b.res.Bad, b.res.Good); err == nil {
			swapped = ": BAD is an ancestor of GOOD, the two swapped? (GOOD, the older, comes first)"
		}
		return nil, usagef("GOOD (%s) is not an ancestor of BAD (%s)%s", b.cfg.Good, b.cfg.Bad, swapped)
	}
	list, err := b.git(ctx, "rev-list", "--first-parent", "--reverse", b.res.Good+".."+b.res.Bad)
	if err != nil {
		return nil, err
	}
	b.path = strings.Fields(list)
	n := len(b.path)
	b.res.Path = n
	b.res.MaxSteps = 1 + bits.Len(uint(n-1)) // BAD, then a binary search over the n−1 others
	b.res.Method = b.cfg.Method
	b.res.MaxLooks = (b.cfg.MaxRounds + b.cfg.Rounds - 1) / b.cfg.Rounds
	b.res.StepMethod = b.cfg.Method
	b.res.StepMethod.Alpha /= float64(b.res.MaxSteps)
	b.stepsLeft = b.res.MaxSteps

	bad, err := b.measure(ctx, n-1, nil)
	if ge := (goodError{}); errors.As(err, &ge) {
		return b.undecided("GOOD (%s) could not be measured: %v", short(b.res.Good), ge.err), nil
	}
	if err != nil {
		return nil, err
	}
	switch bad.Outcome {
	case Skipped:
		return b.undecided("BAD (%s) could not be measured: %v", short(b.res.Bad), bad.Err), nil
	case Undecided:
		return b.undecided("could not decide whether BAD (%s) is slower than GOOD after %d rounds each: %s", short(b.res.Bad), bad.Rounds, worstPhrase(bad)), nil
	case NotSlower:
		return b.undecided("BAD (%s) is not slower than GOOD (%s) by more than the %s threshold: %s", short(b.res.Bad), short(b.res.Good), pct(b.cfg.Method.Threshold), worstPhrase(bad)), nil
	}
	lo, hi := -1, n-1 // lo: not slower (−1 is GOOD); hi: slower
	skipped := map[int]bool{}
	for hi-lo > 1 {
		var cands []int
		for i := lo + 1; i < hi; i++ {
			if !skipped[i] {
				cands = append(cands, i)
			}
		}
		if len(cands) == 0 {
			for i := lo + 1; i <= hi; i++ {
				b.res.Candidates = append(b.res.Candidates, b.path[i])
				b.res.CandidateSubjects = append(b.res.CandidateSubjects, b.subject(ctx, b.path[i]))
			}
			return b.undecided("only skipped commits are left: the first slower commit is one of %d, from %s to %s", hi-lo, short(b.path[lo+1]), short(b.path[hi])), nil
		}
		b.stepsLeft = bits.Len(uint(len(cands)))
		mid := cands[0]
		for _, c := range cands { // the one nearest the middle
			if abs(2*c-(lo+hi)) < abs(2*mid-(lo+hi)) {
				mid = c
			}
		}
		st, err := b.measure(ctx, mid, b.hunted)
		if ge := (goodError{}); errors.As(err, &ge) {
			return b.undecided("GOOD (%s) could not be measured: %v", short(b.res.Good), ge.err), nil
		}
		if err != nil {
			return nil, err
		}
		switch st.Outcome {
		case Slower:
			hi = mid
		case NotSlower:
			lo = mid
		case Skipped:
			skipped[mid] = true
		case Undecided:
			return b.undecided("could not decide whether %s is slower than GOOD after %d rounds each: %s", short(st.Commit), st.Rounds, worstPhrase(st)), nil
		}
	}
	b.res.Found = true
	for i := range b.res.Steps {
		switch s := &b.res.Steps[i]; s.Index {
		case hi + 1:
			b.res.First = s
		case lo + 1:
			b.res.LastGood = s
		}
	}
	b.res.MergeHint = b.mergeHint(ctx, b.res.First.Commit)
	if b.cfg.Profile {
		base := b.res.Good
		if lo >= 0 {
			base = b.path[lo]
		}
		if b.res.Profile, err = b.profile(ctx, base, b.path[hi]); err != nil {
			return &b.res, fmt.Errorf("profiling: %w", err)
		}
	}
	return &b.res, nil
}

// LookMethod is the gate's method at look k (1-based) of a step:
// StepMethod with its α split over MaxLooks looks, half at the first and
// the other half in equal parts at the later ones (all of it at the first
// when there is one look). The looks' levels add up to the step's, so
// the chance that any look at a commit that is not slower finds it slower
// is at most StepMethod.Alpha, however the looks depend on one another.
func (r *Result) LookMethod(k int) gate.Method {
	m := r.StepMethod
	switch {
	case r.MaxLooks <= 1:
	case k <= 1:
		m.Alpha /= 2
	default:
		m.Alpha /= 2 * float64(r.MaxLooks-1)
	}
	return m
}

// A goodError is measure's when GOOD's run failed: the search cannot
// decide, as when BAD cannot be measured.
type goodError struct{ err error }

func (e goodError) Error() string { return "GOOD cannot be measured: " + e.err.Error() }

func (b *bisector) undecided(format string, args ...any) *Result {
	b.res.Reason = fmt.Sprintf(format, args...)
	return &b.res
}

// measure measures the commit at index i of the path against GOOD,
// interleaved, until the gate decides or MaxRounds; hunted nil means
// every benchmark (BAD's step), which then sets the hunted ones.
func (b *bisector) measure(ctx context.Context, i int, hunted []Key) (*Step, error) {
	commit := b.path[i]
	st := Step{Commit: commit, Subject: b.subject(ctx, commit), Index: i + 1}
	var goodSpans, spans []span
	var goodPath, path string
	for st.Rounds < b.cfg.MaxRounds {
		more := min(b.cfg.Rounds, b.cfg.MaxRounds-st.Rounds)
		done := st.Rounds
		rc := runner.Config{
			Dir: b.cfg.Dir, Refs: []string{b.res.Good, commit}, Packages: b.cfg.Packages, Groups: b.cfg.Groups,
			Args: b.cfg.Args, Timeout: b.cfg.Timeout, OutDir: b.cfg.OutDir, More: more, Go: b.cfg.Go, Probe: b.cfg.Probe,
			Progress: func(s runner.Status) {
				if b.cfg.Progress != nil {
					b.cfg.Progress(Status{Phase: s.Phase, Commit: short(commit), Subject: st.Subject,
						Round: done + s.Round, MaxRounds: b.cfg.MaxRounds, StepsLeft: b.stepsLeft})
				}
			},
		}
		res, err := runner.Run(ctx, rc)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if errors.Is(err, runner.ErrUsage) {
			return nil, err
		}
		if res == nil {
			return nil, err
		}
		for _, f := range res.Failed {
			if strings.HasPrefix(f.Error(), short(b.res.Good)) {
				return nil, goodError{f}
			}
			st.Outcome, st.Err = Skipped, f
		}
		if st.Outcome == Skipped {
			break
		}
		for _, m := range res.Files {
			s := span{m.Rounds - m.New, m.Rounds}
			if m.Commit == b.res.Good {
				goodSpans, goodPath = append(goodSpans, s), m.Path
			} else {
				spans, path = append(spans, s), m.Path
			}
		}
		st.Rounds += more
		st.Looks++
		if err := b.decide(&st, hunted, goodPath, goodSpans, path, spans); err != nil {
			return nil, err
		}
		if st.Outcome != Undecided {
			break
		}
	}
	b.res.Steps = append(b.res.Steps, st)
	b.logStep(&st)
	return &b.res.Steps[len(b.res.Steps)-1], nil
}

// decide compares the commit's rounds with GOOD's and sets st.Outcome.
func (b *bisector) decide(st *Step, hunted []Key, goodPath string, goodSpans []span, path string, spans []span) error {
	ps := make(passes)
	good, err := readSamples(goodPath, goodSpans, ps)
	if err != nil {
		return err
	}
	they, err := readSamples(path, spans, ps)
	if err != nil {
		return err
	}
	keys := hunted
	if keys == nil {
		// BAD's step compares the benchmarks both ends have: one renamed or
		// removed between them is no reason to call BAD unmeasured.
		var gone []string
		for _, k := range good.order {
			if len(they.values[k]) > 0 {
				keys = append(keys, k)
			} else {
				gone = append(gone, fmt.Sprint(k))
			}
		}
		if len(keys) == 0 {
			st.Outcome, st.Err = Skipped, fmt.Errorf("no benchmark of GOOD's has results at BAD (renamed or removed? narrow -bench to benchmarks both have)")
			return nil
		}
		if note := fmt.Sprintf("not hunted: %s, without results at BAD (renamed or removed between GOOD and BAD)", strings.Join(gone, ", ")); len(gone) > 0 && !slices.Contains(b.res.Notes, note) {
			b.res.Notes = append(b.res.Notes, note)
		}
	}
	var cs []gate.Comparison
	for _, k := range keys {
		if len(good.values[k]) == 0 {
			return fmt.Errorf("GOOD has no results of %s", k)
		}
		if len(they.values[k]) == 0 {
			st.Outcome, st.Err = Skipped, fmt.Errorf("no results of %s", k)
			return nil
		}
		cs = append(cs, comparison(k, good, they))
	}
	if len(cs) == 0 {
		return fmt.Errorf("no sec/op results in %s", goodPath)
	}
	m := b.res.LookMethod(st.Looks)
	r, err := gate.Evaluate(cs, m)
	if err != nil {
		return err
	}
	st.Changes, st.Worst = nil, nil
	slower, clear := false, true
	for i, v := range r.Verdicts {
		c := change(keys[i], v, cs[i], m.Pairing)
		st.Changes = append(st.Changes, c)
		switch {
		case v.Kind == gate.Slower:
			slower = true
		case v.Kind == gate.Inconclusive:
			clear = false
		case v.Change > b.cfg.Method.Threshold:
			clear = false // worse than the threshold, but not significantly: more rounds
		case hunted == nil && v.Kind == gate.NoChange && v.Detectable > 2*b.cfg.Method.Threshold:
			clear = false // BAD: could not have seen twice the threshold: more rounds
		case hunted != nil && v.Kind == gate.NoChange && v.Detectable > b.badChange[keys[i]]:
			clear = false // could not have seen the least change BAD showed: more rounds
		}
	}
	for i := range st.Changes {
		if st.Worst == nil || st.Changes[i].Center > st.Worst.Center {
			st.Worst = &st.Changes[i]
		}
	}
	switch {
	case slower:
		st.Outcome = Slower
		if hunted == nil {
			b.badChange = map[Key]float64{}
			for i, v := range r.Verdicts {
				if v.Kind == gate.Slower {
					b.hunted = append(b.hunted, keys[i])
					// The least change BAD's interval allows, and at least
					// the threshold: what a commit must be able to show.
					lo := st.Changes[i].Lo
					if !(lo > b.cfg.Method.Threshold) { // NaN too: max would keep it
						lo = b.cfg.Method.Threshold
					}
					b.badChange[keys[i]] = lo
				}
			}
			st.Changes = slices.DeleteFunc(st.Changes, func(c Change) bool { return c.Verdict.Kind != gate.Slower })
			st.Worst = nil
			for i := range st.Changes {
				if st.Worst == nil || st.Changes[i].Center > st.Worst.Center {
					st.Worst = &st.Changes[i]
				}
			}
		}
	case clear:
		st.Outcome = NotSlower
	default:
		st.Outcome = Undecided
	}
	return nil
}

// change is a benchmark's change with the interval of the gate's test
// that gave v (gate.Verdict.Interval, at the level the step held v to),
// which leaves out no change on the worse side exactly when the gate found
// the benchmark worse at that level: a slower step never shows an
// interval that holds 0. The centre is the ratio of the medians
// (benchstat's), or a paired verdict's median ratio of its rounds. Where
// the test gives no interval (a value not positive), both medians' 95%
// intervals combined (model.SummaryRatio).
func change(k Key, v gate.Verdict, c gate.Comparison, p gate.Pairing) Change {
	ch := Change{Bench: k, Center: v.NewMedian/v.OldMedian - 1, Verdict: v, GoodRuns: len(c.Old), TheyRuns: len(c.New)}
	if v.Rounds > 0 {
		ch.Center = v.Change
	}
	if lo, hi, ok := v.Interval(c, p); ok {
		ch.Lo, ch.Hi = lo-1, hi-1
		return ch
	}
	old := benchmath.AssumeNothing.Summary(benchmath.NewSample(slices.Clone(c.Old), &benchmath.DefaultThresholds), 0.95)
	nw := benchmath.AssumeNothing.Summary(benchmath.NewSample(slices.Clone(c.New), &benchmath.DefaultThresholds), 0.95)
	iv := model.SummaryRatio(nw, old)
	ch.Center, ch.Lo, ch.Hi = iv.Center-1, iv.Lo-1, iv.Hi-1
	return ch
}

func (b *bisector) logStep(st *Step) {
	if b.cfg.Log != nil {
		fmt.Fprintf(b.cfg.Log, "%s\n", stepLine(st, b.res.Path))
	}
}

// profile takes the CPU profiles of the hunted benchmarks at base and at
// the first slower commit.
func (b *bisector) profile(ctx context.Context, base, first string) (*profdiff.Diff, error) {
	if b.cfg.Progress != nil {
		b.cfg.Progress(Status{Phase: "profile", Commit: short(first), Subject: b.subject(ctx, first)})
	}
	var benches []profdiff.Bench
	var goodSteps []Change
	for _, s := range b.res.Steps {
		if s.Index == b.res.Path { // BAD's step holds GOOD's medians of the hunted benchmarks
			goodSteps = s.Changes
		}
	}
	for _, c := range goodSteps {
		benches = append(benches, profdiff.Bench{Pkg: c.Bench.Pkg, Name: c.Bench.Name, NsPerOp: c.Verdict.OldMedian * 1e9})
	}
	return profdiff.Take(ctx, profdiff.Config{Dir: b.cfg.Dir, Base: base, New: first, Packages: b.cfg.Packages,
		Args: b.cfg.Args, Benches: benches, OutDir: filepath.Join(b.cfg.OutDir, "profiles"), Go: b.cfg.Go})
}

func short(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

package gate

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/concbench/concbench/internal/text"
)

// Better says which way a unit improves.
type Better int

const (
	// LowerIsBetter: time, bytes and allocations per operation.
	LowerIsBetter Better = -1
	// HigherIsBetter: rates such as B/s or req/s.
	HigherIsBetter Better = +1
)

// A Comparison is one benchmark measured in one unit on both sides.
type Comparison struct {
	Name   string
	Unit   string
	Better Better

	// Old and New are the samples, one value per run. Evaluate does not
	// modify them.
	Old, New []float64

	// OldRound and NewRound, when set, hold the round of each value of
	// Old and New (one for one): values of the two sides with the same
	// round were measured together, in one round of an interleaved run
	// (concbench bench), and a paired test compares them round by round
	// (see Pairing). 0 is a value without a round; nil, a side without
	// rounds.
	OldRound, NewRound []int
}

// Method configures Evaluate. Default is the gate's default.
type Method struct {
	// Alpha is the family-wise false-alarm rate: the probability that the
	// gate reports a regression, over the whole comparison, when nothing
	// changed. In (0, 0.5].
	Alpha float64

	// Threshold is the relative change of the medians that a regression
	// (or an improvement) must also exceed: 0.05 is 5%. In [0, 1). A
	// paired verdict's change is the median of its rounds' ratios.
	Threshold float64

	// Pairing is the test of a benchmark whose rounds pair (see Pairing);
	// the zero value is DefaultPairing.
	Pairing Pairing
}

// Default is the gate's default method: a 5% family-wise false-alarm rate,
// a 5% threshold, and DefaultPairing.
var Default = Method{Alpha: 0.05, Threshold: 0.05, Pairing: DefaultPairing}

// Name names the unpaired method in one line, for output that must say
// how a verdict was reached; Result.Name names the method of a result.
const Name = "Holm–Bonferroni over one-sided Mann–Whitney U tests, with a threshold"

// name names m in one line: Name, or with its paired test.
func (m Method) name() string {
	p := m.Pairing.resolve()
	if p == Unpaired {
		return Name
	}
	return "Holm–Bonferroni over one-sided " + p.Test() + " where OLD and NEW were measured in the same rounds (elsewhere " + Unpaired.Test() + "), with a threshold"
}

// Validate reports the first problem of m.
func (m Method) Validate() error {
	if !(m.Alpha > 0 && m.Alpha <= 0.5) {
		return fmt.Errorf("alpha %v (%g%%): want a family-wise false-alarm rate in (0, 0.5], such as 0.05 (5%%)", m.Alpha, 100*m.Alpha)
	}
	if !(m.Threshold >= 0 && m.Threshold < 1) {
		return fmt.Errorf("threshold %v (%g%%): want a relative change in [0, 1), such as 0.05 (5%%)", m.Threshold, 100*m.Threshold)
	}
	if m.Pairing < 0 || int(m.Pairing) >= len(pairingNames) {
		return fmt.Errorf("unknown pairing %d", int(m.Pairing))
	}
	return nil
}

// A Kind is a benchmark's verdict.
type Kind int

const (
	// NoChange: no change beyond noise and the threshold; Verdict.Detectable
	// says how large a change the comparison could have seen.
	NoChange Kind = iota
	// Slower: worse in the unit's direction (more time, more bytes, a lower
	// rate), significantly under the method and by more than the threshold.
	Slower
	// Faster: better in the unit's direction, likewise.
	Faster
	// Inconclusive: too few samples for the test to ever reach
	// significance at the corrected level, whatever the values.
	Inconclusive
)

var kindNames = [...]string{NoChange: "no change", Slower: "slower", Faster: "faster", Inconclusive: "inconclusive"}

// String returns "no change", "slower", "faster" or "inconclusive".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// A Verdict is the gate's conclusion about one Comparison.
type Verdict struct {
	Name, Unit string
	Better     Better
	Kind       Kind

	// OldMedian and NewMedian are the samples' medians; Change is
	// NewMedian/OldMedian − 1 (positive when the value grew, whichever way
	// is better), or, for a paired verdict, the median of the rounds'
	// ratios of NEW's geometric mean to OLD's, − 1. N1 and N2 are the
	// sizes of the samples tested.
	OldMedian, NewMedian, Change float64
	N1, N2                       int

	// Rounds is the number of rounds a paired test compared (see
	// Pairing); 0 for the Mann–Whitney U test.
	Rounds int

	// P is benchstat's two-sided Mann–Whitney U p-value (benchmath's
	// AssumeNothing.Compare), or the paired test's two-sided one; PWorse
	// and PBetter are the one-sided p-values of "NEW is worse" and "NEW is
	// better".
	P, PWorse, PBetter float64

	// Level is the level PWorse (or PBetter) was held to: Alpha/k at
	// Holm's step k. Significant says whether it passed.
	Level       float64
	Significant bool

	// Detectable is the smallest relative worsening that this comparison
	// would have flagged as a regression: NEW, centred on OLD's median,
	// worsened by Detectable, is the smallest shift at which the test
	// rejects at the family's hardest level (Alpha/m, Bonferroni's) and the
	// change of medians passes the threshold. +Inf when no shift could
	// (Inconclusive).
	Detectable float64

	// MinP is the smallest one-sided p-value these sample sizes allow.
	MinP float64
}

// Decision is the gate's overall outcome.
type Decision int

const (
	// Pass: every benchmark has a verdict and none is slower.
	Pass Decision = iota
	// Regression: at least one benchmark is slower.
	Regression
	// Undecided: no regression found, but the comparison cannot pass:
	// some benchmark is inconclusive or missing, or nothing was compared.
	Undecided
)

var decisionNames = [...]string{Pass: "pass", Regression: "regression", Undecided: "could not decide"}

// String returns "pass", "regression" or "could not decide".
func (d Decision) String() string {
	if d < 0 || int(d) >= len(decisionNames) {
		return fmt.Sprintf("Decision(%d)", int(d))
	}
	return decisionNames[d]
}

// ExitCode is the exit status a command reports for d: 0, 1 or 3 (2 is a
// usage error).
func (d Decision) ExitCode() int {
	switch d {
	case Pass:
		return 0
	case Regression:
		return 1
	}
	return 3
}

// A Result is the outcome of Evaluate.
type Result struct {
	Method Method

	// Verdicts holds one Verdict per Comparison, in the input's order.
	Verdicts []Verdict

	// Missing names the benchmarks of OLD that NEW lacks ("name (unit)");
	// the caller fills it in, and Decide reads it.
	Missing      []string
	AllowMissing bool

	Decision Decision
	// Reason is the decision in one line, without a trailing period.
	Reason string

	// Old and New name the two sides, when the caller knows them; the
	// markdown and JSON views print them.
	Old, New Side
}

// A Side names one side of a comparison: its label (a file, or the label
// of "label=path") and, when its file carries them, the commit and ref it
// was measured at.
type Side struct {
	Label  string `json:"label"`
	Commit string `json:"commit,omitempty"`
	Ref    string `json:"ref,omitempty"`
}

// ErrNothing is the error of Calibrate and AA.Power for a recording
// without series.
var ErrNothing = errors.New("nothing to compare")

// Evaluate tests every comparison and decides. A comparison whose rounds
// pair is tested under m.Pairing, any other with the Mann–Whitney U test.
// The false-alarm rate of the whole comparison is held at m.Alpha with
// Holm's step-down procedure over the one-sided p-values of "NEW is
// worse": sorted ascending, the k-th smallest is held to Alpha/(n−k+1),
// stopping at the first that fails.
// A benchmark is slower when its hypothesis is rejected and its median got
// worse by more than m.Threshold. Improvements are tested the same way,
// as a separate family. An invalid m is an error; an empty cs gives an
// Undecided result.
func Evaluate(cs []Comparison, m Method) (*Result, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	r := &Result{Method: m, Verdicts: make([]Verdict, len(cs))}
	for _, c := range cs {
		if len(c.Old) == 0 || len(c.New) == 0 {
			return nil, fmt.Errorf("%s (%s): an empty sample", c.Name, c.Unit)
		}
		if slices.ContainsFunc(c.Old, nonFinite) || slices.ContainsFunc(c.New, nonFinite) {
			return nil, fmt.Errorf("%s (%s): a NaN or infinite value", c.Name, c.Unit)
		}
		if c.Better != LowerIsBetter && c.Better != HigherIsBetter {
			return nil, fmt.Errorf("%s (%s): unknown direction", c.Name, c.Unit)
		}
		if (c.OldRound != nil && len(c.OldRound) != len(c.Old)) || (c.NewRound != nil && len(c.NewRound) != len(c.New)) {
			return nil, fmt.Errorf("%s (%s): rounds for %d+%d values, want one per value", c.Name, c.Unit, len(c.OldRound), len(c.NewRound))
		}
	}
	tests := make([]tester, len(cs))
	for i, c := range cs {
		r.Verdicts[i], tests[i] = verdictOf(c, m.Pairing)
	}
	classify(r.Verdicts, m)
	bonf := m.Alpha / float64(max(len(cs), 1))
	// Each "could detect" is a search of its own: they run concurrently.
	var eg errgroup.Group
	eg.SetLimit(runtime.GOMAXPROCS(0))
	for i := range r.Verdicts {
		eg.Go(func() error {
			r.Verdicts[i].Detectable = tests[i].detectable(cs[i], m.Threshold, bonf)
			return nil
		})
	}
	eg.Wait()
	r.Decide()
	return r, nil
}

// classify sets the Kind, Level and Significant of every verdict from
// their p-values and changes: Holm's procedure over PWorse (the gate's
// family) and, separately, over PBetter; then the threshold.
func classify(vs []Verdict, m Method) {
	n := len(vs)
	pw := make([]float64, n)
	pb := make([]float64, n)
	for i, v := range vs {
		pw[i], pb[i] = v.PWorse, v.PBetter
	}
	rejW, levW := Holm(pw, m.Alpha)
	rejB, levB := Holm(pb, m.Alpha)
	bonf := m.Alpha / float64(max(n, 1))
	for i := range vs {
		v := &vs[i]
		v.Kind, v.Level, v.Significant = NoChange, levW[i], rejW[i]
		big := math.Abs(v.Change) > m.Threshold
		switch {
		case rejW[i] && big && worse(v.Change, v.Better):
			v.Kind = Slower
		case rejB[i] && big && worse(-v.Change, v.Better):
			v.Kind, v.Level, v.Significant = Faster, levB[i], true
		case v.MinP > bonf:
			v.Kind = Inconclusive
		}
	}
}

func nonFinite(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }

// Holm applies Holm's step-down procedure to the p-values p at family-wise
// level alpha. It returns which hypotheses are rejected and, for each, the
// level it is held to at its rank: the k-th smallest p-value (k from 1) is
// held to alpha/(n−k+1), and the first that fails stops the procedure.
// Ties keep their input order.
func Holm(p []float64, alpha float64) (rejected []bool, level []float64) {
	n := len(p)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	rejected, level = make([]bool, n), make([]float64, n)
	stopped := false
	for k, i := range order {
		level[i] = alpha / float64(n-k)
		stopped = stopped || !(p[i] <= level[i])
		rejected[i] = !stopped
	}
	return rejected, level
}

// worse reports whether a change of the medians is for the worse.
func worse(change float64, b Better) bool {
	if b == HigherIsBetter {
		return change < 0
	}
	return change > 0
}

// Decide sets r.Decision and r.Reason from the verdicts and r.Missing.
func (r *Result) Decide() {
	var slower, inconclusive []string
	for _, v := range r.Verdicts {
		switch v.Kind {
		case Slower:
			slower = append(slower, v.Name)
		case Inconclusive:
			inconclusive = append(inconclusive, v.Name)
		}
	}
	switch {
	case len(slower) > 0:
		r.Decision = Regression
		w := r.Worst()
		r.Reason = fmt.Sprintf("%d of %s got worse; worst %s: %+.1f%% (%s, p=%.2g)",
			len(slower), r.scope(), w.Name, 100*w.Change, w.Unit, w.PWorse)
	case len(r.Verdicts) == 0 && len(r.Missing) > 0:
		r.Decision = Undecided
		r.Reason = fmt.Sprintf("nothing to compare: the %s of OLD %s missing from NEW (first %s)", text.Count(len(r.Missing), "benchmark"), text.Plural(len(r.Missing), "is", "are all"), r.Missing[0])
	case len(r.Verdicts) == 0:
		r.Decision = Undecided
		r.Reason = "nothing to compare"
	case len(r.Missing) > 0 && !r.AllowMissing:
		r.Decision = Undecided
		r.Reason = fmt.Sprintf("%s of OLD %s missing from NEW (first %s); -allow-missing accepts that", text.Count(len(r.Missing), "benchmark"), text.Plural(len(r.Missing), "is", "are"), r.Missing[0])
	case len(inconclusive) > 0:
		r.Decision = Undecided
		v := r.Verdicts[slices.IndexFunc(r.Verdicts, func(v Verdict) bool { return v.Kind == Inconclusive })]
		r.Reason = fmt.Sprintf("%d of %s are inconclusive: %s allow no p below %.2g, and the first of Holm's levels is %.2g (α/%d); take more samples (first: %s)",
			len(inconclusive), r.scope(), strings.Replace(v.sizes("samples"), "+", " vs ", 1), v.MinP, r.Method.Alpha/float64(len(r.Verdicts)), len(r.Verdicts), v.Name)
	default:
		r.Decision = Pass
		r.Reason = fmt.Sprintf("no regression: none of %s got worse by more than %s beyond noise", r.scope(), pct(r.Method.Threshold))
	}
}

// scope says what the verdicts cover, as the whole that "k of" counts
// verdicts of: "56 benchmarks", or "136 tests (56 benchmarks in 3 units)"
// when they are in several units.
func (r *Result) scope() string {
	names := map[string]bool{}
	for _, v := range r.Verdicts {
		names[v.Name] = true
	}
	if u := len(r.units()); u > 1 {
		return fmt.Sprintf("%s (%s in %d units)", text.Count(len(r.Verdicts), "test"), text.Count(len(names), "benchmark"), u)
	}
	return text.Count(len(names), "benchmark")
}

// Worst returns the slower verdict with the largest worsening, or nil.
func (r *Result) Worst() *Verdict {
	var w *Verdict
	for i := range r.Verdicts {
		v := &r.Verdicts[i]
		if v.Kind == Slower && (w == nil || badness(v) > badness(w)) {
			w = v
		}
	}
	return w
}

// badness is a verdict's worsening as a factor ≥ 1 when worse.
func badness(v *Verdict) float64 {
	if v.Better == HigherIsBetter {
		return v.OldMedian / v.NewMedian
	}
	return v.NewMedian / v.OldMedian
}

// Count returns the number of verdicts of kind k.
func (r *Result) Count(k Kind) int {
	n := 0
	for _, v := range r.Verdicts {
		if v.Kind == k {
			n++
		}
	}
	return n
}

func pct(f float64) string {
	return fmt.Sprintf("%.3g%%", 100*f)
}

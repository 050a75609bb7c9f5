package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"
	"golang.org/x/perf/benchunit"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/internal/atomicfile"
	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/chart"
	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
)

// CompareOptions configures Compare.
type CompareOptions struct {
	// Old and New are the benchmark files of the two runs, as benchstat
	// takes them ("label=path"; "-" is Stdin).
	Old, New string

	// Stdin is read for "-"; nil means no standard input.
	Stdin io.Reader

	// Spec groups the results as benchstat's flags do; its first two
	// columns are OLD and NEW (with the default, -col .file). Its Alpha is
	// not used: the gate's Method has its own. The zero Spec is
	// DefaultCompareSpec.
	Spec model.Spec

	// Units are the units gated ("sec/op", "B/op", "allocs/op", "B/s",
	// any custom unit), as written in benchmark output or tidied (ns/op
	// is sec/op, MB/s is B/s). Empty: DefaultUnits.
	Units []string

	// Method is the gate's statistics: family-wise α and threshold. The
	// zero Method is gate.Default.
	Method gate.Method

	// AllowMissing lets benchmarks of OLD be missing from NEW; otherwise
	// the gate cannot decide.
	AllowMissing bool

	// OutDir receives compare.png; "" draws no chart.
	OutDir string

	// Warnings receives non-fatal problems, one per line; nil discards
	// them.
	Warnings io.Writer

	// Context, if not nil, stops the comparison when done: Compare then
	// returns its cause, and draws no chart.
	Context context.Context
}

// DefaultUnits are the units Compare gates by default: time per op.
var DefaultUnits = []string{"sec/op"}

// DefaultSpec is the grouping of report, compare and trend: benchstat's
// default, ignoring the configuration lines that concbench bench writes
// and that always differ between two refs (commit, commit-time, ref):
// with them, every commit's file would fall into a table of its own and
// nothing would be compared. Compare ignores them whatever its Spec's
// Ignore lists; report only by default (-ignore ” is benchstat's exact
// default).
var DefaultSpec = DefaultCompareSpec

// DefaultCompareSpec is DefaultSpec.
var DefaultCompareSpec = func() model.Spec {
	s := model.DefaultSpec
	s.Ignore = strings.Join(runnerKeys, ",")
	return s
}()

// runnerKeys are the configuration keys of concbench bench's files.
var runnerKeys = contract.RunnerKeys

// withRunnerKeys adds the runner's keys to an -ignore list.
func withRunnerKeys(ignore string) string {
	keys := strings.FieldsFunc(ignore, func(r rune) bool { return r == ',' || r == ' ' })
	for _, k := range runnerKeys {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return strings.Join(keys, ",")
}

// DefaultThreshold is concbench compare's default threshold: 5%.
var DefaultThreshold = gate.Default.Threshold

// ErrSpec marks Compare's errors that come from its Spec (a bad -filter,
// -table, -row, -col or -ignore): usage errors.
var ErrSpec = errors.New("bad grouping")

// ErrRounds is Calibrate's error for more rounds a side (-n) than the
// recording has: a flag to change, as ErrSpec.
var ErrRounds = errors.New("too many rounds a side")

// Compare reads OLD and NEW, pairs every benchmark of the gated units (the
// cells of one row in the two columns of each table), and runs the gate on
// the pairs. A problem that keeps it from comparing anything (no
// benchmark in common, no results in a gated unit) is a Result with an
// Undecided decision, not an error; errors are for unreadable input and
// a bad Spec or Method.
func Compare(opts CompareOptions) (*gate.Result, error) {
	if opts.Spec == (model.Spec{}) {
		opts.Spec = DefaultCompareSpec
	}
	// The lines concbench bench writes differ between any two refs: they
	// never set OLD and NEW apart, nor warn, whatever -ignore lists.
	opts.Spec.Ignore = withRunnerKeys(opts.Spec.Ignore)
	if opts.Method == (gate.Method{}) {
		opts.Method = gate.Default
	}
	if err := opts.Method.Validate(); err != nil {
		return nil, err
	}
	if opts.Old == "" || opts.New == "" {
		return nil, errors.New("compare needs two benchmark files, OLD and NEW")
	}
	b, err := model.NewBuilder(opts.Spec)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSpec, err)
	}
	if sameFile(opts.Old, opts.New) && opts.Warnings != nil {
		// A CI step with a typo would pass whatever changed.
		fmt.Fprintf(opts.Warnings, "OLD and NEW are the same file (%s): it is compared with itself, which always passes\n", opts.New)
	}
	ps := newPassKeys()
	ctx := orBackground(opts.Context)
	info, err := parse.ScanRoundsContext(ctx, parse.Sources([]string{opts.Old, opts.New}), opts.Stdin, func(res *benchfmt.Result, round int) {
		b.AddRound(res, ps.key(res, round))
	})
	if err != nil {
		return nil, err
	}
	ps.resolve(info)
	var warnings []string
	for _, w := range info.Warnings {
		warnings = append(warnings, w.String())
	}
	runs := make([]*parse.Run, len(info.Inputs))
	for i, in := range info.Inputs {
		runs[i] = &in.Run
	}
	if w := swappedWarning(runs); w != "" {
		warnings = append(warnings, w)
	}
	units := tidyUnits(opts.Units)
	ts := b.Tables(info.Units)
	warnings = append(warnings, ts.Warnings...)
	p := pair(ts, units, ps)
	cs, cells, undecided := p.comparisons, p.cells, p.undecided
	if p.onlyNew > 0 {
		warnings = append(warnings, fmt.Sprintf("%s %s only in %s: new, not compared", text.Count(p.onlyNew, "benchmark"), text.Plural(p.onlyNew, "is", "are"), opts.New))
	}
	changed := configChanges(withoutKeys(runs, opts.Spec.Ignore))
	warnings = append(warnings, changed...)
	if opts.Warnings != nil {
		for _, w := range warnings {
			fmt.Fprintln(opts.Warnings, w)
		}
	}
	for _, u := range units {
		if !p.found[u] && undecided == "" {
			undecided = fmt.Sprintf("no %s results in %s and %s", u, opts.Old, opts.New)
		}
	}
	if undecided != "" {
		return undecidedResult(opts, undecided), nil
	}
	if len(cs) == 0 {
		hint := ""
		if len(changed) > 0 {
			hint = " (their configuration lines differ, which splits the tables: -ignore KEY pools them)"
		}
		if len(p.missing) > 0 {
			hint += fmt.Sprintf(": OLD has %s that NEW lacks (first %s)", text.Count(len(p.missing), "benchmark"), p.missing[0])
			if p.onlyNew > 0 {
				hint += fmt.Sprintf(", NEW %d that OLD lacks (first %s)", p.onlyNew, p.firstNew)
			}
		}
		return undecidedResult(opts, fmt.Sprintf("%s and %s have no benchmark in common%s", opts.Old, opts.New, hint)), nil
	}
	r, err := gate.Evaluate(cs, opts.Method)
	if err != nil {
		return nil, err
	}
	r.Missing, r.AllowMissing = p.missing, opts.AllowMissing
	r.Old, r.New = side(info.Inputs[0]), side(info.Inputs[len(info.Inputs)-1])
	r.Decide()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	if opts.OutDir != "" {
		// The chart shows the verdict; it is not the verdict. A chart
		// that cannot be written (a read-only checkout's out/) is a
		// warning, and the gate's exit code stays the decision's.
		if err := writeCompareCharts(r, cs, cells, opts); err != nil && opts.Warnings != nil {
			fmt.Fprintf(opts.Warnings, "no chart: %v\n", err)
		}
	}
	return r, nil
}

// swappedWarning says when OLD's commit lies later on its first-parent
// history than NEW's (the runner's commit-position: lines), as when the
// two files are given the wrong way round: a slowdown then passes as a
// speedup.
func swappedWarning(runs []*parse.Run) string {
	if len(runs) != 2 {
		return ""
	}
	pos := func(r *parse.Run) int {
		n, err := strconv.Atoi(r.Get(contract.KeyCommitPosition))
		if err != nil {
			return 0
		}
		return n
	}
	o, n := pos(runs[0]), pos(runs[1])
	if o == 0 || n == 0 || o <= n {
		return ""
	}
	return fmt.Sprintf("OLD's commit is %d first-parent commits deeper than NEW's (commit-position: %d against %d): are OLD and NEW swapped? compare takes the older run first", o-n, o, n)
}

// configChanges warns of each configuration key whose values differ
// between runs.
func configChanges(runs []*parse.Run) []string {
	if len(runs) < 2 {
		return nil
	}
	var keys []string
	seen := make(map[string]bool)
	for _, r := range runs {
		for _, c := range r.Config {
			if !seen[c.Key] {
				seen[c.Key] = true
				keys = append(keys, c.Key)
			}
		}
	}
	var out []string
	for _, k := range keys {
		var vals []string
		differ := false
		for _, r := range runs {
			v := r.Get(k)
			if v == "" {
				v = "(unset)"
			}
			if len(vals) > 0 && v != vals[0] {
				differ = true
			}
			vals = append(vals, v)
		}
		if !differ {
			continue
		}
		out = append(out, fmt.Sprintf("configuration %s differs between runs: %s; results may not be comparable", k, strings.Join(vals, " → ")))
	}
	return out
}

// paired are the benchmarks of two runs, paired for the gate.
type paired struct {
	comparisons []gate.Comparison
	cells       [][2]*model.Cell // OLD's and NEW's cells, one pair per comparison
	missing     []string         // the benchmarks only OLD has, as "name (unit)"
	onlyNew     int              // how many only NEW has
	firstNew    string           // the first of them, as "name (unit)"
	found       map[string]bool  // the gated units that have a table

	// undecided says why nothing can be decided: too many columns, or a
	// unit without a direction (the first such reason), or "".
	undecided string
}

// pair pairs the benchmarks of the model's tables of the gated units: in
// each table, a row's cells in the two columns (OLD and NEW, the files
// with the default -col .file; the first two column keys otherwise). Each
// value keeps the pass of the runner it was measured in (ps), so that the
// gate can pair the rounds measured together.
func pair(ts *model.Tables, units []string, ps *passKeys) *paired {
	p := &paired{found: make(map[string]bool)}
	var cols []benchproc.Key
	for _, t := range ts.Tables {
		if slices.Contains(units, t.Unit) {
			for _, c := range t.Cols {
				if !slices.Contains(cols, c) {
					cols = append(cols, c)
				}
			}
		}
	}
	benchproc.SortKeys(cols)
	if len(cols) > 2 {
		p.undecided = fmt.Sprintf("-col gives %d columns; compare wants two, OLD and NEW", len(cols))
		return p
	}
	for _, t := range ts.Tables {
		if !slices.Contains(units, t.Unit) {
			continue
		}
		p.found[t.Unit] = true
		if t.Better == 0 {
			if p.undecided == "" {
				p.undecided = fmt.Sprintf("unit %s has no known direction: add a line \"Unit %s better=higher\" (or lower) to the input", t.Unit, t.Unit)
			}
			continue
		}
		prefix := ownPrefix(t.Own)
		for _, row := range t.Rows {
			name := prefix + model.Label(row)
			var old, nw *model.Cell
			if len(cols) > 0 {
				old = t.Cell(row, cols[0])
			}
			if len(cols) > 1 {
				nw = t.Cell(row, cols[1])
			}
			switch {
			case old != nil && nw != nil:
				c := gate.Comparison{Name: name, Unit: t.Unit, Better: gate.Better(t.Better)}
				c.Old, c.OldRound = ps.of(old)
				c.New, c.NewRound = ps.of(nw)
				p.comparisons = append(p.comparisons, c)
				p.cells = append(p.cells, [2]*model.Cell{old, nw})
			case old != nil:
				p.missing = append(p.missing, name+" ("+t.Unit+")")
			default:
				if p.onlyNew == 0 {
					p.firstNew = name + " (" + t.Unit + ")"
				}
				p.onlyNew++
			}
		}
	}
	return p
}

// withoutKeys returns copies of runs without the configuration keys that
// ignore lists (comma- or space-separated): a difference in them is
// expected, not a warning.
func withoutKeys(runs []*parse.Run, ignore string) []*parse.Run {
	keys := strings.FieldsFunc(ignore, func(r rune) bool { return r == ',' || r == ' ' })
	out := make([]*parse.Run, len(runs))
	for i, r := range runs {
		c := *r
		c.Config = slices.DeleteFunc(slices.Clone(r.Config), func(cf parse.Config) bool { return slices.Contains(keys, cf.Key) })
		out[i] = &c
	}
	return out
}

// side names an input by its label and the commit: and ref: lines of
// concbench bench, if it has them.
func side(in parse.InputInfo) gate.Side {
	return gate.Side{Label: in.Label, Commit: in.Get(contract.KeyCommit), Ref: in.Get(contract.KeyRef)}
}

// undecidedResult is a Result that could not compare anything.
func undecidedResult(opts CompareOptions, reason string) *gate.Result {
	return &gate.Result{Method: opts.Method, Decision: gate.Undecided, Reason: reason}
}

// ownPrefix names a table's own configuration before its rows' names,
// when it has any: "pkg=x note=y: ".
func ownPrefix(own []parse.Config) string {
	if len(own) == 0 {
		return ""
	}
	parts := make([]string, len(own))
	for i, c := range own {
		parts[i] = c.Key + "=" + c.Value
	}
	return strings.Join(parts, " ") + ": "
}

// tidyUnits returns units as benchmark output tidies them (ns/op is
// sec/op, MB/s is B/s), DefaultUnits when empty.
func tidyUnits(units []string) []string {
	if len(units) == 0 {
		units = DefaultUnits
	}
	out := make([]string, 0, len(units))
	for _, u := range units {
		_, t := benchunit.Tidy(1, strings.TrimSpace(u))
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// compareFile is the chart of changes between two runs.
const compareFile = "compare.png"

// writeCompareCharts draws, for each gated unit, the change of every
// benchmark from OLD to NEW with its interval, the gate's verdicts filled:
// compare.png for the first unit, compare-UNIT.png for the others.
func writeCompareCharts(r *gate.Result, cs []gate.Comparison, cells [][2]*model.Cell, opts CompareOptions) error {
	var units []string
	byUnit := make(map[string]*chart.Compare)
	for i, v := range r.Verdicts {
		c := byUnit[v.Unit]
		if c == nil {
			dir := chart.LowerBetter
			if v.Better == gate.HigherIsBetter {
				dir = chart.HigherBetter
			}
			c = &chart.Compare{
				Title:     fmt.Sprintf("%s: %s against %s", v.Unit, opts.New, opts.Old),
				Subtitle:  gateChartSubtitle(r),
				Interval:  gateChartInterval,
				Unit:      v.Unit,
				Better:    dir,
				Threshold: r.Method.Threshold,
			}
			byUnit[v.Unit] = c
			units = append(units, v.Unit)
		}
		q := gateRatio(cells[i][0], cells[i][1], cs[i], v, r.Method.Pairing)
		c.Changes = append(c.Changes, chart.Change{
			Name:        v.Name,
			Change:      chart.NewInterval(q.Center-1, q.Lo-1, q.Hi-1),
			Significant: v.Kind == gate.Slower || v.Kind == gate.Faster,
		})
	}
	if len(units) == 0 {
		return nil
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return fmt.Errorf("creating output directory: %w", unwrapPath(err))
	}
	var files []string
	for i, u := range units {
		file := compareFile
		if i > 0 {
			file = "compare-" + slugify(u) + ".png"
		}
		path := filepath.Join(opts.OutDir, file)
		if err := writeFile(path, byUnit[u].WritePNG); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		files = append(files, file)
	}
	// Recorded as concbench's: not an uncommitted change to a bench of the
	// working tree (atomicfile.Owned), and the next compare here removes
	// a chart of a unit it no longer gates.
	if _, err := atomicfile.OwnAs(opts.OutDir, "compare", files); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	return nil
}

// sameFile reports whether the arguments old and new ("label=path"
// allowed) name one file.
func sameFile(old, new string) bool {
	path := func(arg string) string {
		src := parse.Sources([]string{arg})[0]
		return src.Path
	}
	a, b := path(old), path(new)
	if a == "-" || b == "-" {
		return false
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

package trend

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchunit"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
)

// A Run is one input file of a trend.
type Run struct {
	Label      string // the path as given, or the label of "label=path"
	Short      string // the label cut to what tells the runs apart (parse.ShortLabels)
	Commit     string // its commit: configuration line, if any
	CommitTime string // its commit-time: line, if any
	Ref        string // its ref: line, if any
}

// FileOptions configure Files.
type FileOptions struct {
	Options
	// Spec groups the results as benchstat's flags do; the columns must
	// stay the files (-col .file). The zero Spec is DefaultSpec.
	Spec model.Spec
	// Units are the units followed (DefaultUnits when empty), as written
	// in benchmark output or tidied (ns/op is sec/op).
	Units []string
	// Warnings receives non-fatal problems, one a line; nil discards them.
	Warnings io.Writer
	// History, if not nil, orders the runs by a repository's first-parent
	// history (see Order).
	History History
	// Ignore is the -ignore list that the advice on keys naming the runs
	// (FileResult.RunKeys) extends: "" where -ignore adds to the runner's
	// keys (concbench trend), the list in force where it replaces it
	// (concbench report).
	Ignore string
}

// DefaultUnits are the units followed by default: time per op.
var DefaultUnits = []string{"sec/op"}

// DefaultSpec is benchstat's default grouping without the configuration
// lines that concbench bench writes and that differ from run to run.
var DefaultSpec = func() model.Spec {
	s := model.DefaultSpec
	s.Ignore = strings.Join(contract.RunnerKeys, ",")
	return s
}()

// A FileResult is a Result with the runs it was read from, oldest first.
type FileResult struct {
	*Result
	Runs []Run
	// RunKeys are the configuration keys that take one value per file
	// and so name the runs (see runKeys): they set each run's benchmarks
	// apart from the other runs', and the trend follows them across the
	// runs only when -ignore (Spec.Ignore) leaves those keys out.
	RunKeys []string
	ignore  string // FileOptions.Ignore
	// OrderedBy says how the runs were put in order ("by commit time",
	// "in the order given"; see Order).
	OrderedBy string
	// Settings says, when the runs were measured with different concbench
	// bench settings (another -bench, -benchtime or -args: their first
	// comment line), which runs had which; "" when they agree or say
	// nothing.
	Settings string

	// OrderCaveats say what else the order rests on: runs placed by
	// rule, left out, or kept in the order given (see ordering).
	OrderCaveats []string
}

// Files reads benchmark files, one run each, orders them by commit (see
// Order), and
// analyses every benchmark of the followed units. A path may be given as
// "label=path", as benchstat takes it, to name its run; "-" (standard
// input) is not a run of a trend.
func Files(paths []string, opts FileOptions) (*FileResult, error) {
	if len(paths) < 3 {
		return nil, ErrTooFewRuns
	}
	if opts.Spec == (model.Spec{}) {
		opts.Spec = DefaultSpec
	}
	if opts.Spec.Col != ".file" {
		return nil, fmt.Errorf("-col %s: a trend's columns are its files (.file)", opts.Spec.Col)
	}
	b, err := model.NewBuilder(opts.Spec)
	if err != nil {
		return nil, err
	}
	srcs := parse.Sources(paths)
	for _, src := range srcs {
		if src.Path == "-" {
			return nil, ErrStdin
		}
	}
	// A run without results (a commit whose benchmarks did not build) is
	// left out with a warning, not the whole trend.
	info, err := parse.ScanWith(context.Background(), srcs, nil, parse.Options{SkipEmpty: true}, func(res *benchfmt.Result, _ int) { b.Add(res) })
	if err != nil {
		return nil, err
	}
	ts := b.Tables(info.Units)
	if opts.Warnings != nil {
		for _, w := range info.Warnings {
			fmt.Fprintln(opts.Warnings, w)
		}
		for _, w := range ts.Warnings {
			fmt.Fprintln(opts.Warnings, w)
		}
	}
	return FromModel(ts, info.Inputs, opts)
}

// Distinct checks that the arguments of a trend (paths, or label=path)
// give each run once: the same file twice (by its path made absolute, or
// one file under two names) would count one run as two, evidence of a
// level it is not, and the same label twice would pool two runs into one
// column and leave an empty run. It names the first argument given twice.
// A report or compare takes both, as benchstat does (a path given twice
// is two columns, a label twice pools); a trend's runs are its evidence.
func Distinct(args []string) error {
	type file struct {
		arg, abs string
		fi       os.FileInfo // nil when it cannot be read: Files' error
	}
	var files []file
	labels := make(map[string]string) // the argument of each label
	for i, src := range parse.Sources(args) {
		if src.Path == "-" {
			continue
		}
		if prev, ok := labels[src.Label]; ok {
			return fmt.Errorf("the label %s names two runs (%s and %s): give each run its own label", src.Label, prev, args[i])
		}
		labels[src.Label] = args[i]
		f := file{arg: args[i], abs: src.Path}
		if abs, err := filepath.Abs(src.Path); err == nil {
			f.abs = abs
		}
		f.fi, _ = os.Stat(f.abs)
		for _, g := range files {
			if g.abs == f.abs || f.fi != nil && g.fi != nil && os.SameFile(f.fi, g.fi) {
				if g.arg == f.arg {
					return fmt.Errorf("%s is given twice: each run is one file, given once", f.arg)
				}
				return fmt.Errorf("%s and %s are one file: each run is one file, given once", g.arg, f.arg)
			}
		}
		files = append(files, f)
	}
	return nil
}

// FromModel analyses the tables of a model whose columns are the runs
// (-col .file), inputs describing the runs as parse.Scan does: what Files
// does once it has read its files. opts.Spec is not used.
func FromModel(ts *model.Tables, inputs []parse.InputInfo, opts FileOptions) (*FileResult, error) {
	if len(inputs) < 3 {
		return nil, ErrTooFewRuns
	}
	warn := func(format string, args ...any) {
		if opts.Warnings != nil {
			fmt.Fprintf(opts.Warnings, format+"\n", args...)
		}
	}
	out := &FileResult{}
	col := make(map[string]int) // a run's index by its label
	short := make(map[string]string)
	for i, s := range parse.ShortLabels(inputs) {
		short[inputs[i].Label] = s
	}
	o := order(inputs, opts.History)
	out.OrderedBy, out.OrderCaveats = orderNotes[o.by], o.caveats
	for _, w := range o.warnings() {
		warn("%s", w)
	}
	if len(o.runs) < 3 {
		return nil, fmt.Errorf("%w: %d of the %d files were left out", ErrTooFewRuns, len(inputs)-len(o.runs), len(inputs))
	}
	if o.newestUnknown != "" { // a gate of the newest run would judge a guess
		return nil, fmt.Errorf("the newest run cannot be told: %s", o.newestUnknown)
	}
	for i, in := range o.runs {
		out.Runs = append(out.Runs, Run{Label: in.Label, Short: short[in.Label], Commit: in.Get(contract.KeyCommit), CommitTime: in.Get(contract.KeyCommitTime), Ref: in.Get(contract.KeyRef)})
		col[in.Label] = i
	}
	if out.Settings = settingsNote(o.runs); out.Settings != "" {
		warn("%s", out.Settings)
	}
	units := tidy(opts.Units)
	out.ignore = opts.Ignore
	if out.RunKeys = runKeys(ts); len(out.RunKeys) > 0 {
		warn("%s", out.runKeysAdvice())
	}
	var series []Series
	warned := make(map[string]bool)
	for _, t := range ts.Tables {
		if !slices.Contains(units, t.Unit) {
			continue
		}
		if t.Better == 0 {
			if !warned[t.Unit] {
				warn("unit %s has no known direction, not followed: add a line \"Unit %s better=higher\" (or lower) to the input", t.Unit, t.Unit)
				warned[t.Unit] = true
			}
			continue
		}
		prefix := ""
		for _, c := range t.Own {
			prefix += c.Key + "=" + c.Value + " "
		}
		if prefix != "" {
			prefix = strings.TrimSpace(prefix) + ": "
		}
		start := len(series)
		for _, row := range t.Rows {
			s := Series{Name: prefix + model.Label(row), Unit: t.Unit, Better: gate.Better(t.Better), Samples: make([][]float64, len(out.Runs))}
			for _, c := range t.Cols {
				j, kept := col[model.Label(c)]
				if cell := t.Cell(row, c); cell != nil && kept {
					s.Samples[j] = slices.Clone(cell.Sample.Values)
				}
			}
			if firstRun(s) >= 0 { // not only in runs left out
				series = append(series, s)
			}
		}
		// The model's rows come in the order the files were given;
		// the runs' order puts them (see firstRun).
		slices.SortStableFunc(series[start:], func(a, b Series) int { return cmp.Compare(firstRun(a), firstRun(b)) })
	}
	if len(series) == 0 {
		return nil, fmt.Errorf("no %s results to follow in the %d files", strings.Join(units, " or "), len(inputs))
	}
	if !slices.ContainsFunc(series, func(s Series) bool {
		return slices.IndexFunc(s.Samples[firstRun(s)+1:], func(x []float64) bool { return len(x) > 0 }) >= 0
	}) {
		// said first: the tables below hold one value a row
		warn("no benchmark is in two of the runs: each run's tables are apart (another machine, package, -N suffix or configuration line: compare their headers, or -ignore the key that differs), so there is nothing to follow")
	}
	var err error
	out.Result, err = Analyze(series, opts.Options)
	return out, err
}

// runKeys returns the configuration keys that seem to name a run rather
// than what was measured: keys that set tables apart (Table.Own), take
// one value throughout each file (or are absent from the whole file), and
// take three values or more over the files, such as a build stamp or a
// commit hash written by another harness than concbench bench (whose
// keys the trend's Spec ignores already). The trend says so and how to
// follow a benchmark across them (-ignore); it does not drop them by
// itself, which would follow every benchmark of such files (exact tests
// of each against its level: seconds for a few hundred) on a guess about
// another harness's keys. A key with two values
// over the files (a toolchain, base or tip) is a category, and one with
// two values within a file (a package, a name) is not the run's; the
// package and the machine's keys (keepApart) are never taken: runs of
// another package or on another machine measure something else.
func runKeys(ts *model.Tables) []string {
	keys := make(map[string]bool)
	for _, t := range ts.Tables {
		for _, c := range t.Own {
			if !slices.Contains(keepApart, c.Key) {
				keys[c.Key] = true
			}
		}
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		byFile := make(map[string]string) // the key's value in each file
		per, values := true, make(map[string]bool)
		for _, t := range ts.Tables {
			v := ""
			for _, c := range t.Own {
				if c.Key == k {
					v = c.Value
				}
			}
			for _, c := range t.Cols {
				f := model.Label(c)
				if prev, seen := byFile[f]; seen && prev != v {
					per = false
				}
				byFile[f] = v
				if v != "" {
					values[v] = true
				}
			}
		}
		if per && len(values) >= 3 {
			out = append(out, k)
		}
	}
	return out
}

// keepApart are the keys that runKeys never takes for a run's name.
var keepApart = []string{"pkg", "goos", "goarch", "cpu", contract.NumCPU, contract.GOMAXPROCS}

// tidy returns units as benchfmt tidies them, DefaultUnits when empty.
func tidy(units []string) []string {
	if len(units) == 0 {
		units = DefaultUnits
	}
	var out []string
	for _, u := range units {
		if _, t := benchunit.Tidy(1, strings.TrimSpace(u)); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// settingsOf returns a run's concbench bench settings line (pkg=… bench=…),
// or "" for a file bench did not write.
func settingsOf(in parse.InputInfo) string {
	for _, n := range in.Notes {
		if rest, ok := strings.CutPrefix(n, contract.BenchPrefix); ok && strings.HasPrefix(rest, "pkg=") {
			return rest
		}
	}
	return ""
}

// settingsNote says which runs were measured with which settings when
// they differ: a change between them may be the settings', not the code's.
func settingsNote(runs []parse.InputInfo) string {
	var order []string
	which := make(map[string][]int)
	for i, in := range runs {
		st := settingsOf(in)
		if st == "" {
			continue
		}
		if _, ok := which[st]; !ok {
			order = append(order, st)
		}
		which[st] = append(which[st], i+1)
	}
	if len(order) < 2 {
		return ""
	}
	var parts []string
	for _, st := range order {
		var runs []string
		for _, r := range which[st] {
			runs = append(runs, strconv.Itoa(r))
		}
		parts = append(parts, fmt.Sprintf("%s %s with %s", text.Plural(len(runs), "run"), strings.Join(runs, ", "), st))
	}
	return "the runs were measured with different concbench bench settings, so a change between them may be the settings', not the code's: " + strings.Join(parts, "; ")
}

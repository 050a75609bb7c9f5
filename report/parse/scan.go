package parse

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchunit"

	"github.com/concbench/concbench/internal/text"
)

// A Source is one input of Scan: a file, or standard input.
type Source struct {
	Path  string // the file; "-" is standard input
	Label string // the ".file" of its results
	Named bool   // the label was given, as "label=path"
}

// Sources turns command-line arguments into Sources as benchstat does
// (benchfmt.Files with AllowStdin and AllowLabels): "-" is standard
// input, "label=path" gives a file its own label, and a path given more
// than once is told apart as "path#0", "path#1".
func Sources(args []string) []Source {
	count := make(map[string]int)
	out := make([]Source, 0, len(args))
	labeled := make([]bool, len(args))
	for i, a := range args {
		src := Source{Path: a, Label: a}
		if j := strings.Index(a, "="); j >= 0 {
			src.Label, src.Path = a[:j], a[j+1:]
			src.Named = true
			labeled[i] = true
		} else {
			count[a]++
		}
		out = append(out, src)
	}
	seen := make(map[string]int)
	for i := range out {
		if labeled[i] || count[out[i].Path] < 2 {
			continue
		}
		out[i].Label = fmt.Sprintf("%s#%d", out[i].Path, seen[out[i].Path])
		seen[out[i].Path]++
	}
	return out
}

// Info is what Scan learned besides the results.
type Info struct {
	// Units is the unit metadata of all inputs ("Unit x assume=exact").
	Units benchfmt.UnitMetadataMap

	// Inputs describes each input, in order.
	Inputs []InputInfo

	// Warnings lists problems with single lines, in input order.
	Warnings []Warning
}

// InputInfo describes one input: its label and the configuration in
// force at its first result (a Run), and how many results it has.
type InputInfo struct {
	Run

	// Results counts the input's results.
	Results int

	// Notes are the input's lines that start with NotePrefix, in order:
	// what concbench bench wrote beside the results.
	Notes []string

	// Named reports that the label was given ("label=path"), not made
	// from the path; see ShortLabels.
	Named bool
}

// Scan reads the benchmark results of srcs in order and calls fn with each
// one; the result is reused after fn returns, so fn copies what it keeps.
// Standard input is stdin. Input is read as benchstat reads it, with more
// forgiveness: a UTF-8 byte order mark, CRLF line endings, trailing blanks
// and "go test -json" output are accepted. A value that is NaN or infinite
// is left out with a warning. benchstat keeps it, and where such a sample
// is compared, go-moremath's U test, which ranks tied values by ==, never
// passes the NaN and grows its tie list until memory runs out (benchstat
// old.txt new.txt, a NaN ns/op in old.txt: killed after 10 s at a 4 GB
// limit, 2026-12-06): a table with a NaN is not one to reproduce.
//
// Its error is one line naming the input: a missing file, a directory,
// UTF-16 or binary data, an input without any benchmark result, an empty
// label ("=path").
func Scan(srcs []Source, stdin io.Reader, fn func(*benchfmt.Result)) (*Info, error) {
	return ScanRounds(srcs, stdin, func(res *benchfmt.Result, _ int) { fn(res) })
}

// ScanRounds is Scan, and tells fn the round each result was measured in:
// in a file of concbench bench's, which ends each interleaved round with
// a marker line (contract.RoundDoneLine), the number of the round whose
// marker follows the result (1, 2, …); 0 in any other input. Results of
// one round number in the files of one bench run were measured in the
// same round, side by side.
func ScanRounds(srcs []Source, stdin io.Reader, fn func(res *benchfmt.Result, round int)) (*Info, error) {
	return ScanRoundsContext(context.Background(), srcs, stdin, fn)
}

// ScanRoundsContext is ScanRounds, stopped when ctx is done: its error
// then names the input being read and gives context.Cause(ctx). An input
// cut short by the interrupt (the writer of a pipe, killed by the same
// Ctrl-C) is never taken for the whole of it.
func ScanRoundsContext(ctx context.Context, srcs []Source, stdin io.Reader, fn func(res *benchfmt.Result, round int)) (*Info, error) {
	return ScanWith(ctx, srcs, stdin, Options{}, fn)
}

// Options change what Scan forgives.
type Options struct {
	// SkipEmpty leaves out an input that was read whole but holds no
	// benchmark result (a NoResultsError: go test's output of a -bench
	// pattern that matched nothing, a run whose benchmarks all failed, an
	// empty file), with a warning that names it, as benchstat leaves it
	// out, as long as another input has results: a report of several
	// runs, or a trend, one of whose commits did not build. With none
	// left, the first such input's error is Scan's. Without SkipEmpty (a
	// comparison, which needs both sides) it is an error.
	SkipEmpty bool
}

// A NoResultsError is the error of an input that was read whole and holds
// no benchmark result; Reason says why ("no benchmark results: every
// benchmark failed …").
type NoResultsError struct {
	Input, Reason string
	err           error // wrapped, if any
}

func (e *NoResultsError) Error() string { return e.Input + ": " + e.Reason }
func (e *NoResultsError) Unwrap() error { return e.err }

func noResults(input, format string, args ...any) error {
	return &NoResultsError{Input: input, Reason: fmt.Sprintf(format, args...)}
}

// ScanWith is ScanRoundsContext under opts.
func ScanWith(ctx context.Context, srcs []Source, stdin io.Reader, opts Options, fn func(res *benchfmt.Result, round int)) (*Info, error) {
	if len(srcs) == 0 {
		return nil, errors.New("no benchmark input given")
	}
	info := &Info{}
	var firstEmpty error
	var rd benchfmt.Reader
	stdinUsed := false
	for _, src := range srcs {
		if src.Named && src.Label == "" {
			return nil, fmt.Errorf("=%s: an empty label: give label=%s, or the path alone", src.Path, src.Path)
		}
		var r io.Reader
		name := src.Path
		if src.Path == "-" {
			if stdinUsed {
				return nil, errors.New("-: standard input given twice")
			}
			stdinUsed, r, name = true, stdin, "standard input"
			if stdin == nil {
				return nil, errors.New("-: no standard input")
			}
		} else {
			f, err := open(src.Path)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			r = f
		}
		if ctx.Done() != nil {
			r = ctxReader{ctx, r}
		}
		in, err := info.scanOne(&rd, r, name, src.Label, fn)
		var empty *NoResultsError
		switch {
		case err != nil && opts.SkipEmpty && errors.As(err, &empty):
			if firstEmpty == nil {
				firstEmpty = err
			}
			info.warn(name, 0, empty.Reason+"; left out, as benchstat leaves it out")
			continue
		case err != nil:
			return nil, err
		}
		in.Named = src.Named
		info.Inputs = append(info.Inputs, *in)
	}
	if len(info.Inputs) == 0 && firstEmpty != nil {
		return nil, firstEmpty
	}
	info.Units = rd.Units()
	info.pooledLabels(srcs)
	return info, nil
}

// pooledLabels warns of each label that names inputs of different paths
// ("x=a.txt x=b.txt", or "a.txt b.txt=c.txt" whose labels are both
// a.txt): benchstat pools their results in one column, and so does the
// model, but a user who gave two runs meant to compare them.
func (info *Info) pooledLabels(srcs []Source) {
	paths := make(map[string][]string)
	var order []string
	for _, src := range srcs {
		if _, ok := paths[src.Label]; !ok {
			order = append(order, src.Label)
		}
		if !slices.Contains(paths[src.Label], src.Path) {
			paths[src.Label] = append(paths[src.Label], src.Path)
		}
	}
	for _, l := range order {
		if ps := paths[l]; len(ps) > 1 {
			info.warn(l, 0, fmt.Sprintf("this label names %d inputs (%s): their results are pooled in one column, as benchstat pools them; give each its own label (label=path) to compare them", len(ps), strings.Join(ps, ", ")))
		}
	}
}

// A ctxReader reads r until ctx is done, then fails with its cause, also
// for what the read that saw it done returned.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if c.ctx.Err() != nil {
		return 0, context.Cause(c.ctx)
	}
	n, err := c.r.Read(p)
	if c.ctx.Err() != nil {
		return 0, context.Cause(c.ctx)
	}
	return n, err
}

// open opens a file, with one-line errors that name it.
func open(path string) (*os.File, error) {
	if path == "" {
		return nil, errors.New("empty file name")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if fi.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a directory, not a benchmark results file", path)
	}
	return f, nil
}

func (info *Info) scanOne(rd *benchfmt.Reader, r io.Reader, name, label string, fn func(*benchfmt.Result, int)) (*InputInfo, error) {
	norm, err := newNormalizer(r)
	if errors.Is(err, ErrEmpty) {
		return nil, &NoResultsError{Input: name, Reason: err.Error(), err: err}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	rd.Reset(norm, name, ".file", label)
	rounds := roundCounter{n: norm}
	first := len(info.Warnings)
	in := &InputInfo{Run: Run{Label: label}}
	units := make(map[string]unitsSeen)
	var syntaxErrs, failures, nonFinite, nonFiniteAt int
	var firstSyntax *benchfmt.SyntaxError
	for rd.Scan() {
		switch rec := rd.Result().(type) {
		case *benchfmt.SyntaxError:
			syntaxErrs++
			if f, ok := norm.inlineFailure(rec.Line); ok {
				failures++
				info.warn(rec.FileName, rec.Line, fmt.Sprintf("%s: the benchmark failed (go test's --- FAIL), no result", f.name))
				if firstSyntax == nil {
					e := *rec
					e.Msg = f.name + " failed"
					firstSyntax = &e
				}
				continue
			}
			if firstSyntax == nil {
				e := *rec
				firstSyntax = &e
			}
			info.warn(rec.FileName, rec.Line, rec.Msg)
		case *benchfmt.Result:
			ok, dropped := info.clean(rec, units)
			if dropped > 0 && nonFinite == 0 {
				_, nonFiniteAt = rec.Pos()
			}
			nonFinite += dropped
			if !ok {
				continue
			}
			if in.Results == 0 {
				in.Config = fileConfig(rec)
			}
			in.Results++
			_, line := rec.Pos()
			fn(rec, rounds.round(line))
		}
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	in.Notes = norm.notes
	failedBenchmarks := info.warnFailed(name, norm)
	if norm.bom {
		// benchstat reads the mark as part of the first line, which then
		// is no configuration line ("\ufeffgoos: linux") and is lost.
		info.warn(name, 1, "a UTF-8 byte order mark before the first line, dropped (benchstat would read the mark into the line and lose it)")
	}
	for _, line := range norm.skipped {
		info.warn(name, line, fmt.Sprintf("a line of more than %d KiB, not benchmark output: skipped", (MaxLine+1)>>10))
	}
	for _, line := range norm.badEvents {
		info.warn(name, line, "a go test -json event cut short or garbled: its output, if it held a result, is lost")
	}
	for _, p := range norm.unended {
		if p != "" {
			p = "package " + p
		} else {
			p = "its package"
		}
		info.warn(name, 0, fmt.Sprintf("the go test -json stream ends before %s does: its last output may be cut short", p))
	}
	slices.SortStableFunc(info.Warnings[first:], func(a, b Warning) int { return cmp.Compare(a.Line, b.Line) })
	if in.Results == 0 {
		if syntaxErrs == 0 && failedBenchmarks > 0 { // no inline failure: the first is its own line
			f := norm.failLines[0]
			msg := f.name
			if f.msg != "" {
				msg += ": " + f.msg
			}
			return nil, noResults(name, "no benchmark results: every benchmark failed (go test's --- FAIL), the first at line %d: %s", f.line, msg)
		}
		if syntaxErrs > 0 && failures == syntaxErrs {
			return nil, noResults(name, "no benchmark results: every benchmark failed (go test's --- FAIL), the first at line %d: %s", firstSyntax.Line, firstSyntax.Msg)
		}
		if syntaxErrs > 0 {
			return nil, noResults(name, "no valid benchmark results: %s, the first at line %d: %s", text.Count(syntaxErrs, "malformed Benchmark line"), firstSyntax.Line, firstSyntax.Msg)
		}
		if nonFinite > 0 {
			return nil, noResults(name, "no valid benchmark results: every value is NaN or infinite (%d, the first at line %d)", nonFinite, nonFiniteAt)
		}
		return nil, noResults(name, "no benchmark results (no lines like \"BenchmarkName-2  10  123 ns/op\")")
	}
	return in, nil
}

// warnFailed warns of each benchmark that go test said failed on a line
// of its own ("--- FAIL: BenchmarkX/sub"), with the first line of its
// message, and returns how many there were. A benchmark whose
// sub-benchmark failed (on its own line or inline) is not named again;
// the inline ones are warned of as the result lines they are.
func (info *Info) warnFailed(file string, norm *normalizer) int {
	var n int
	for i, f := range norm.failLines {
		parent := slices.ContainsFunc(norm.failLines[:i], func(g failLine) bool { return strings.HasPrefix(g.name, f.name+"/") })
		if parent || f.inline {
			continue
		}
		n++
		info.warn(file, f.line, failedWith(f)+"; its results, if any, are reported without the runs that failed")
	}
	return n
}

// failedWith says that a benchmark failed, and how: "X/sub failed:
// x_test.go:12: boom".
func failedWith(f failLine) string {
	s := f.name + " failed (go test's --- FAIL)"
	if f.msg != "" {
		s += ": " + f.msg
	}
	return s
}

// clean drops the values of rec that are NaN or infinite, and warns when a
// benchmark's units differ from its first line's. It reports whether any
// value is left, and how many it dropped.
func (info *Info) clean(rec *benchfmt.Result, units map[string]unitsSeen) (ok bool, dropped int) {
	us := lineUnits(rec.Values)
	written := make([]string, len(rec.Values))
	for i, v := range rec.Values {
		written[i] = origUnit(v)
	}
	if first, ok := units[string(rec.Name)]; !ok {
		_, line := rec.Pos()
		units[string(rec.Name)] = unitsSeen{units: us, written: written, line: line}
	} else if !first.warned && !slices.Equal(first.units, us) {
		file, line := rec.Pos()
		if slices.Equal(first.written, written) {
			// Written alike, read apart: benchfmt converts a unit only
			// where the value changes, so 0 ns/op stays ns/op.
			info.warn(file, line, fmt.Sprintf("%s: units %q, as on line %d, but read as %q there and %q here: benchstat's parser converts a unit (ns/op to sec/op, MB/s to B/s) only where its value changes, so a 0 keeps its unit; each unit is summarized from the lines that report it", rec.Name, strings.Join(written, " "), first.line, strings.Join(first.units, " "), strings.Join(us, " ")))
		} else {
			info.warn(file, line, fmt.Sprintf("%s: units %q differ from line %d's %q; each unit is summarized from the lines that report it", rec.Name, strings.Join(us, " "), first.line, strings.Join(first.units, " ")))
		}
		first.warned = true
		units[string(rec.Name)] = first
	}
	kept := rec.Values[:0]
	for _, v := range rec.Values {
		if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
			file, line := rec.Pos()
			info.warn(file, line, fmt.Sprintf("%s: %v %s is not a finite number, left out", rec.Name, v.Value, origUnit(v)))
			dropped++
			continue
		}
		if v.Value < 0 && (v.Unit == "sec/op" || v.Unit == "B/op" || v.Unit == "allocs/op") {
			// Kept, as benchstat keeps it, but no measurement gives it:
			// said once a benchmark.
			if seen := units[string(rec.Name)]; !seen.negative {
				file, line := rec.Pos()
				info.warn(file, line, fmt.Sprintf("%s: %v %s is negative, which no measurement of %s gives: its medians and comparisons mean nothing", rec.Name, v.OrigValue, origUnit(v), v.Unit))
				seen.negative = true
				units[string(rec.Name)] = seen
			}
		}
		kept = append(kept, v)
	}
	rec.Values = kept
	return len(kept) > 0, dropped
}

// lineUnits returns the units of a line's values as benchfmt tidies them,
// and for a value that is not finite, which benchfmt leaves untidied (an
// infinite ns/op stays ns/op), the unit a finite one would have had: a
// line of NaN or infinite values is no other unit. (A 0 ns/op, which
// benchfmt leaves ns/op too, is: benchstat puts it in a table of its own.)
func lineUnits(vs []benchfmt.Value) []string {
	us := make([]string, len(vs))
	for i, v := range vs {
		us[i] = v.Unit
		if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
			_, us[i] = benchunit.Tidy(1, origUnit(v))
		}
	}
	return us
}

// unitsSeen records the units of a benchmark's first line.
type unitsSeen struct {
	units   []string // as read (tidied)
	written []string // as written
	line    int
	warned  bool

	negative bool // a negative value warned of
}

func (info *Info) warn(file string, line int, msg string) {
	info.Warnings = append(info.Warnings, Warning{File: file, Line: line, Msg: msg})
}

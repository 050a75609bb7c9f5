// Package parse reads Go benchmark output ("go test -bench" text, the
// benchfmt format) into runs that the later report stages consume.
//
// Each input file is one run. Parsing uses golang.org/x/perf/benchfmt, so
// names, units and file-level configuration lines ("key: value") mean
// exactly what they mean to benchstat; units are tidied the same way
// (ns/op becomes sec/op, MB/s becomes B/s).
//
// Problems come in two strengths. A problem with a whole input (a missing
// file, a directory, binary data, no benchmark results at all) is an
// error of one line. A problem with one line (a malformed Benchmark line, a
// NaN or infinite value, units that change between lines of the same
// benchmark) is a Warning carrying file:line; the line, or the bad value,
// is left out and the rest of the input is used.
package parse

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchunit"
)

// A Warning is a non-fatal problem with one line of an input.
type Warning struct {
	File string // the input's name, as given
	Line int    // 1-based line number; 0 when the warning is about the whole input
	Msg  string
}

// String formats w as "file:line: msg", or "file: msg" when it has no line.
func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Msg)
	}
	return fmt.Sprintf("%s: %s", w.File, w.Msg)
}

// A Config is one file-level configuration line, "key: value".
type Config struct {
	Key, Value string
}

// A Run is the benchmark results of one input.
type Run struct {
	// Label names the run: the path as given, disambiguated with "#N"
	// when the same path is given twice. Every result carries it as its
	// ".file" configuration, as benchstat does.
	Label string

	// Config is the file-level configuration in force at the run's first
	// result, in the order the lines appeared.
	Config []Config

	// Results are the run's results in input order. Values that are NaN
	// or infinite have been removed.
	Results []*benchfmt.Result
}

// Get returns the value of the file-level configuration key, or "".
func (r *Run) Get(key string) string {
	for _, c := range r.Config {
		if c.Key == key {
			return c.Value
		}
	}
	return ""
}

// A Set is everything read from a list of inputs.
type Set struct {
	// Runs holds one Run per input, in the order given.
	Runs []*Run

	// Units is the unit metadata ("Unit x assume=exact") of all inputs.
	Units benchfmt.UnitMetadataMap

	// Warnings lists the problems with single lines, in input order.
	Warnings []Warning
}

// An Input is one source of benchmark text.
type Input struct {
	Name string    // used in messages and as the run label
	R    io.Reader // the benchmark text
}

// MaxFileSize bounds the size of one input file, in bytes; a larger file
// is refused rather than read into memory.
const MaxFileSize = 1 << 30

// Files reads the benchmark files at paths, one Run per path, in order.
// It returns a one-line error naming the file when a path is missing,
// is a directory, holds binary data or no benchmark results.
func Files(paths ...string) (*Set, error) {
	if len(paths) == 0 {
		return nil, errors.New("no benchmark files given")
	}
	inputs := make([]Input, 0, len(paths))
	for _, p := range paths {
		data, err := readFile(p)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, Input{Name: p, R: bytes.NewReader(data)})
	}
	return Read(inputs...)
}

// readFile reads the whole of path, turning the usual failures into
// one-line errors that name it.
func readFile(path string) ([]byte, error) {
	if path == "" {
		return nil, errors.New("empty file name")
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s: is a directory, not a benchmark results file", path)
	}
	if fi.Size() > MaxFileSize {
		return nil, fmt.Errorf("%s: %d bytes is too large for a benchmark results file", path, fi.Size())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	return data, nil
}

// unwrapPath drops the operation and path of an *fs.PathError, which the
// caller's message already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Read parses inputs, one Run per input, in order. Its errors and
// warnings are those of Files.
func Read(inputs ...Input) (*Set, error) {
	if len(inputs) == 0 {
		return nil, errors.New("no benchmark input given")
	}
	set := &Set{}
	labels := labelsFor(inputs)
	var rd benchfmt.Reader
	for i, in := range inputs {
		data, err := io.ReadAll(io.LimitReader(in.R, MaxFileSize+1))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, unwrapPath(err))
		}
		if err := checkText(in.Name, data); err != nil {
			return nil, err
		}
		run, err := set.readRun(&rd, in.Name, labels[i], data)
		if err != nil {
			return nil, err
		}
		set.Runs = append(set.Runs, run)
	}
	set.Units = rd.Units()
	return set, nil
}

// labelsFor returns the run labels: the names, with "#N" appended to a
// name given more than once, as benchfmt.Files does.
func labelsFor(inputs []Input) []string {
	count := make(map[string]int)
	for _, in := range inputs {
		count[in.Name]++
	}
	seen := make(map[string]int)
	labels := make([]string, len(inputs))
	for i, in := range inputs {
		labels[i] = in.Name
		if count[in.Name] > 1 {
			labels[i] = fmt.Sprintf("%s#%d", in.Name, seen[in.Name])
			seen[in.Name]++
		}
	}
	return labels
}

// checkText refuses empty inputs and binary data.
func checkText(name string, data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Errorf("%s: empty file, no benchmark results", name)
	}
	if len(data) > MaxFileSize {
		return fmt.Errorf("%s: larger than %d bytes, too large for a benchmark results file", name, MaxFileSize)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Errorf("%s: binary data (a NUL byte at offset %d), not benchmark results", name, i)
	}
	if !utf8.Valid(data) {
		return fmt.Errorf("%s: binary data (not UTF-8 text), not benchmark results", name)
	}
	return nil
}

// readRun parses one input into a Run.
func (s *Set) readRun(rd *benchfmt.Reader, name, label string, data []byte) (*Run, error) {
	rd.Reset(bytes.NewReader(data), name, ".file", label)
	run := &Run{Label: label}
	units := make(map[string]unitLine) // by full name: the units of its first line
	var syntaxErrs int
	var firstSyntax *benchfmt.SyntaxError
	for rd.Scan() {
		switch rec := rd.Result().(type) {
		case *benchfmt.SyntaxError:
			syntaxErrs++
			if firstSyntax == nil {
				firstSyntax = rec
			}
			s.warn(rec.FileName, rec.Line, rec.Msg)
		case *benchfmt.Result:
			if res := s.check(rec, units); res != nil {
				if run.Results == nil {
					run.Config = fileConfig(res)
				}
				run.Results = append(run.Results, res)
			}
		}
	}
	if err := rd.Err(); err != nil {
		if strings.Contains(err.Error(), "token too long") {
			return nil, fmt.Errorf("%s: a line longer than 64 KiB, not benchmark results", name)
		}
		return nil, err
	}
	if len(run.Results) == 0 {
		if syntaxErrs > 0 {
			return nil, fmt.Errorf("%s: no valid benchmark results: %d malformed Benchmark lines, the first at line %d: %s", name, syntaxErrs, firstSyntax.Line, firstSyntax.Msg)
		}
		return nil, fmt.Errorf("%s: no benchmark results (no lines like \"BenchmarkName-2  10  123 ns/op\")", name)
	}
	return run, nil
}

// unitLine records the units of a benchmark's first line.
type unitLine struct {
	units  string
	line   int
	warned bool
}

// check validates one result: it drops values that are NaN or infinite,
// warns when a benchmark's units differ from its first line's, and
// returns a copy the caller may keep, or nil when nothing is left.
func (s *Set) check(rec *benchfmt.Result, units map[string]unitLine) *benchfmt.Result {
	file, line := rec.Pos()
	name := rec.Name.String()
	var us []string
	for _, v := range rec.Values {
		_, tidy := benchunit.Tidy(1, v.Unit) // benchfmt leaves the unit of an infinite value untidied
		us = append(us, tidy)
	}
	u := strings.Join(us, " ")
	if first, ok := units[name]; !ok {
		units[name] = unitLine{units: u, line: line}
	} else if first.units != u && !first.warned {
		s.warn(file, line, fmt.Sprintf("%s: units %q differ from line %d's %q; each unit is summarized from the lines that report it", name, u, first.line, first.units))
		first.warned = true
		units[name] = first
	}
	kept := rec.Values[:0:0]
	for _, v := range rec.Values {
		if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
			s.warn(file, line, fmt.Sprintf("%s: %v %s is not a finite number, left out", name, v.Value, origUnit(v)))
			continue
		}
		kept = append(kept, v)
	}
	if len(kept) == 0 {
		return nil
	}
	res := rec.Clone()
	res.Values = kept
	return res
}

// origUnit returns the unit as written in the input.
func origUnit(v benchfmt.Value) string {
	if v.OrigUnit != "" {
		return v.OrigUnit
	}
	return v.Unit
}

// fileConfig returns the file-level configuration of res, in order.
func fileConfig(res *benchfmt.Result) []Config {
	var cfg []Config
	for _, c := range res.Config {
		if c.File {
			cfg = append(cfg, Config{c.Key, string(c.Value)})
		}
	}
	return cfg
}

func (s *Set) warn(file string, line int, msg string) {
	s.Warnings = append(s.Warnings, Warning{File: file, Line: line, Msg: msg})
}

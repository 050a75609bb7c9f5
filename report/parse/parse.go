// Package parse reads Go benchmark output ("go test -bench" text, the
// benchfmt format, or "go test -json" output) as benchstat reads it, and
// streams its results to the later report stages.
//
// Scan reads inputs in order — files, "-" for standard input, "label=path"
// as benchstat takes them — through golang.org/x/perf/benchfmt, so names,
// units and file-level configuration lines ("key: value") mean exactly
// what they mean to benchstat, units tidied the same way (ns/op becomes
// sec/op, MB/s becomes B/s). It forgives what benchstat does not: a UTF-8
// byte order mark, CRLF line endings, trailing blanks after a
// configuration value, go test -json events.
//
// Problems come in two strengths. A problem with a whole input (a missing
// file, a directory, UTF-16, binary data, no benchmark results at all) is
// an error of one line naming it; with Options.SkipEmpty, an input without
// results is left out with a warning instead, as benchstat leaves it out,
// while another input has results. A problem with one line (a malformed
// Benchmark line, a NaN or infinite value, units that change between
// lines of the same benchmark, a line too long to be benchmark output) is
// a Warning carrying file:line; the line, or the bad value, is left out
// and the rest of the input is used.
//
// The first stage of the report's pipeline (see package report): parse →
// model → view and chart, gate and trend → REPORT.md. Scan's results go to a
// model.Builder one at a time, and Info to the report.
package parse

import (
	"errors"
	"fmt"
	"io/fs"

	"golang.org/x/perf/benchfmt"
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

// A Run describes one input: its label and configuration.
type Run struct {
	// Label names the run: the path as given, disambiguated with "#N"
	// when the same path is given twice. Every result carries it as its
	// ".file" configuration, as benchstat does.
	Label string

	// Config is the file-level configuration in force at the run's first
	// result, in the order the lines appeared.
	Config []Config
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

// unwrapPath drops the operation and path of an *fs.PathError, which the
// caller's message already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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

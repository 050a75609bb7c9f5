// Package model groups Go benchmark results into tables exactly as
// benchstat (golang.org/x/perf/cmd/benchstat) does, and computes the same
// statistics: the engine's model, on which every view, chart and verdict
// of the report is built.
//
// A Spec holds benchstat's flags (-table, -row, -col, -filter, -ignore,
// -alpha, -confidence) with their defaults. A Builder parses the Spec with
// golang.org/x/perf/benchproc, takes results one at a time (a stream: it
// keeps only the values) and projects each into a table (by -table and
// unit), a row and a column, as benchstat's internal benchtab builder does.
// Tables then summarizes every cell with golang.org/x/perf/benchmath — the
// median and its confidence interval, the comparison of each later column
// with the first (Mann–Whitney U by default), the geomean row — in
// benchstat's order. A test checks every table against "go tool benchstat
// -format csv" on real output of the Go standard library and of the suite,
// under many flag combinations.
//
// Beyond benchstat the model knows what all results share (Common), what
// each table has of its own (Table.Own: a package, a cpu, a note), each
// unit's direction (Better), and the ratio of any column to a reference
// column with an interval (Table.Ratio), which the charts draw.
//
// The second stage of the report's pipeline (see package report): parse
// streams the results into a Builder; the views (package view), the charts
// (package chart, drawn by package report from the tables), the gate and the
// trend read the Tables, and a report's preset reads a second grouping of
// the same pass (Builder.Also).
package model

package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/trend"
)

// followsRuns reports whether a report of files follows its runs: three
// or more inputs, none of them standard input.
func followsRuns(files []string) bool {
	return len(files) >= 3 && !slices.Contains(files, "-")
}

// trendSpec returns the grouping of the trend of a report under spec,
// and whether it is spec's own: spec when its rows are the full names and
// its columns the inputs; otherwise trend's default, ignoring what spec
// ignores too.
func trendSpec(spec model.Spec) (model.Spec, bool) {
	if spec.Col == ".file" && spec.Row == ".fullname" {
		return spec, true
	}
	s := trend.DefaultSpec
	if spec.Ignore != "" {
		s.Ignore += "," + spec.Ignore
	}
	return s, false
}

// trendSection follows the runs of the report when there are three or
// more inputs and none is standard input: it returns the "## Changes"
// section of REPORT.md and trend.png, from the model of the same pass
// (Input.trend). The report does not depend on it: the trend's failure,
// or its warnings that the report has not already given, are added to
// warnings.
func trendSection(opts Options, in *Input, warnings *[]string) (string, []Chart) {
	if in.trend == nil {
		return "", nil
	}
	var warn strings.Builder
	res, err := trend.FromModel(in.trend, in.Info.Inputs, trend.FileOptions{Warnings: &warn, History: opts.History, Ignore: opts.spec().Ignore})
	for _, w := range strings.Split(strings.TrimSpace(warn.String()), "\n") {
		if w != "" && !slices.Contains(*warnings, w) {
			*warnings = append(*warnings, "Changes section: "+w)
		}
	}
	if err != nil {
		*warnings = append(*warnings, fmt.Sprintf("no Changes section: the trend of the %d runs failed: %v", len(opts.Files), err))
		return "", nil
	}
	md, charts, _ := res.Section()
	var out []Chart
	for _, c := range charts {
		out = append(out, Chart{c.File, c.WritePNG})
	}
	return md, out
}

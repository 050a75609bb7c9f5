package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/concbench/concbench/report/trend"
)

// trendSection follows the runs of the report when there are three or
// more inputs and none is standard input: it returns the "## Changes"
// section of REPORT.md and trend.png, from the model the report already
// built when its columns are the inputs (else by reading the files
// again). The report does not depend on it: the trend's failure, or its
// warnings that the report has not already given, are added to warnings.
func trendSection(opts Options, in *Input, warnings *[]string) (string, []namedChart) {
	if len(opts.Files) < 3 || slices.Contains(opts.Files, "-") {
		return "", nil
	}
	var warn strings.Builder
	var res *trend.FileResult
	var err error
	if s := in.Tables.Spec; s.Col == ".file" && s.Row == ".fullname" {
		res, err = trend.FromModel(in.Tables, in.Info.Inputs, trend.FileOptions{Warnings: &warn, History: opts.History})
	} else {
		spec := trend.DefaultSpec
		if opts.Spec.Filter != "" {
			spec.Filter = opts.Spec.Filter
		}
		if opts.Spec.Ignore != "" {
			spec.Ignore += "," + opts.Spec.Ignore
		}
		res, err = trend.Files(opts.Files, trend.FileOptions{Spec: spec, Warnings: &warn, History: opts.History})
	}
	for _, w := range strings.Split(strings.TrimSpace(warn.String()), "\n") {
		if w != "" && !slices.Contains(*warnings, w) {
			*warnings = append(*warnings, "trend: "+w)
		}
	}
	if err != nil {
		*warnings = append(*warnings, fmt.Sprintf("no Changes section: the trend of the %d runs failed: %v", len(opts.Files), err))
		return "", nil
	}
	md, charts, _ := res.Section()
	var out []namedChart
	for _, c := range charts {
		out = append(out, namedChart{c.File, c.WritePNG})
	}
	return md, out
}

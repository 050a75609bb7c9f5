package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/concbench/concbench/report/trend"
)

// trendSection follows the runs of opts.Files when there are three or
// more files (standard input is not a run of a trend): it returns the
// "## Changes" section of REPORT.md and trend.png. The report does not
// depend on it: the trend's failure, or its warnings that the report has
// not already given, are added to warnings.
func trendSection(opts Options, warnings *[]string) (string, []namedChart) {
	if len(opts.Files) < 3 || slices.Contains(opts.Files, "-") {
		return "", nil
	}
	spec := trend.DefaultSpec
	if opts.Spec.Filter != "" {
		spec.Filter = opts.Spec.Filter
	}
	if opts.Spec.Ignore != "" {
		spec.Ignore += "," + opts.Spec.Ignore
	}
	var warn strings.Builder
	md, charts, err := trend.Section(opts.Files, trend.FileOptions{Spec: spec, Warnings: &warn})
	for _, w := range strings.Split(strings.TrimSpace(warn.String()), "\n") {
		if w != "" && !slices.Contains(*warnings, w) {
			*warnings = append(*warnings, "trend: "+w)
		}
	}
	if err != nil {
		*warnings = append(*warnings, fmt.Sprintf("no Changes section: the trend of the %d runs failed: %v", len(opts.Files), err))
		return "", nil
	}
	var out []namedChart
	for _, c := range charts {
		out = append(out, namedChart{c.File, c.WritePNG})
	}
	return md, out
}

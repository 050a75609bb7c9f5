package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/report/model"
)

// specFlags defines benchstat's grouping and statistics flags on fs, with
// benchstat's defaults but for -ignore (report.DefaultSpec: the keys
// concbench bench writes), and returns the Spec they set once fs is
// parsed.
func specFlags(fs *flag.FlagSet) func() model.Spec {
	d := report.DefaultSpec
	table := fs.String("table", d.Table, "split results into tables by distinct values of `projection` (benchstat's -table)")
	row := fs.String("row", d.Row, "split results into rows by distinct values of `projection`")
	col := fs.String("col", d.Col, "split results into columns by distinct values of `projection`; each column is compared with the first")
	filter := fs.String("filter", d.Filter, "use only the results matching benchfilter `query`")
	ignore := fs.String("ignore", d.Ignore, "ignore variations in `keys` (pkg pools packages; the default, the keys concbench bench writes, lets commits be compared; empty is benchstat's default)")
	// benchstat's fractions (0.05, 0.95), or percentages as compare's
	// and trend's flags take them (5%, 95%).
	alpha, confidence := thresholdFlag(d.Alpha), thresholdFlag(d.Confidence)
	fs.Var(&alpha, "alpha", "consider a difference significant if p < `α` (0.05 or 5%)")
	fs.Var(&confidence, "confidence", "confidence `level` of the intervals (0.95 or 95%)")
	return func() model.Spec {
		return model.Spec{Table: *table, Row: *row, Col: *col, Filter: *filter, Ignore: *ignore, Alpha: float64(alpha), Confidence: float64(confidence)}
	}
}

// gateFlags are the regression gate's flags, shared by compare and trend:
// its method (-threshold, -alpha), the units gated and -allow-missing.
type gateFlags struct {
	threshold, alpha thresholdFlag
	units            *string
	allowMissing     *bool
}

// newGateFlags defines the gate's flags on fs. what names what the gate
// judges ("the whole comparison", "the newest run"); units are the
// default units, missing says what -allow-missing lets pass.
func newGateFlags(fs *flag.FlagSet, what string, units []string, missing string) *gateFlags {
	g := &gateFlags{threshold: thresholdFlag(gate.Default.Threshold), alpha: thresholdFlag(gate.Default.Alpha)}
	fs.Var(&g.threshold, "threshold", "change of the medians that a significant regression must also exceed, as 5% or 0.05")
	fs.Var(&g.alpha, "alpha", "family-wise false-alarm rate of "+what+" (Holm–Bonferroni), as 5% or 0.05")
	g.units = fs.String("units", strings.Join(units, ","), "comma-separated units to gate: sec/op, B/op, allocs/op, B/s, or custom units")
	g.allowMissing = fs.Bool("allow-missing", false, "pass even when "+missing)
	return g
}

// unitList returns the units of -units; an empty list, or an empty unit
// in it ("sec/op,"), is an error: a gate on no unit would decide nothing.
func (g *gateFlags) unitList() ([]string, error) {
	us := strings.Split(*g.units, ",")
	for i, u := range us {
		if us[i] = strings.TrimSpace(u); us[i] == "" {
			return nil, fmt.Errorf("-units %q: want comma-separated units, such as sec/op,B/op", *g.units)
		}
	}
	return us, nil
}

// method returns the gate's Method from the flags.
func (g *gateFlags) method() gate.Method {
	return gate.Method{Alpha: float64(g.alpha), Threshold: float64(g.threshold)}
}

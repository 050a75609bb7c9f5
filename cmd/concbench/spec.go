package main

import (
	"flag"

	"github.com/concbench/concbench/report"
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
	alpha := fs.Float64("alpha", d.Alpha, "consider a difference significant if p < `α`")
	confidence := fs.Float64("confidence", d.Confidence, "confidence `level` of the intervals")
	return func() model.Spec {
		return model.Spec{Table: *table, Row: *row, Col: *col, Filter: *filter, Ignore: *ignore, Alpha: *alpha, Confidence: *confidence}
	}
}

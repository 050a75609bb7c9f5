package report

import (
	"fmt"
	"strings"

	"github.com/concbench/concbench/report/chart"
	"github.com/concbench/concbench/report/internal/text"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
	"github.com/concbench/concbench/report/view"
)

// generic is the part of the report every input gets: each table of the
// model under the user's Spec, with its charts.
type generic struct {
	in     *Input
	opts   Options
	tables []*genericTable

	// covered reports whether a suite section already charts the
	// benchmark of a row label (a full name): its table then gets no
	// pivot or line chart, which would only repeat the section's.
	covered func(label string) bool
}

// A genericTable is one table of the model and the charts drawn of it.
type genericTable struct {
	t      *model.Table
	charts []Chart
	alts   []string
}

func newGeneric(in *Input, opts Options, covered func(string) bool) *generic {
	g := &generic{in: in, opts: opts, covered: covered}
	for i, t := range in.Tables.Tables {
		gt := &genericTable{t: t}
		slug := fmt.Sprintf("table-%02d-%s", i+1, slugify(t.Title()))
		if r, key := g.ratios(t); r != nil {
			file := slug + ".png"
			if key != "" {
				file = slug + "-by-" + slugify(key) + ".png"
			}
			gt.charts = append(gt.charts, Chart{file, r.WritePNG})
			gt.alts = append(gt.alts, r.Title)
		}
		if l := g.lines(t); l != nil {
			gt.charts = append(gt.charts, Chart{slug + "-over-" + slugify(l.key) + ".png", l.chart.WritePNG})
			gt.alts = append(gt.alts, l.title)
		}
		g.tables = append(g.tables, gt)
	}
	return g
}

func (g *generic) charts() []Chart {
	var out []Chart
	for _, gt := range g.tables {
		out = append(out, gt.charts...)
	}
	return out
}

// refCol returns the index of the reference column of t: the column
// labeled opts.Ref, else the first.
func (g *generic) refCol(t *model.Table) int {
	for i, c := range t.Cols {
		if g.opts.Ref != "" && (model.Label(c) == g.opts.Ref || colLabel(c) == g.opts.Ref) {
			return i
		}
	}
	return 0
}

// labels returns the labels of t's rows; ok is false when a suite
// section charts every one of them.
func (g *generic) labels(t *model.Table) (labels []string, ok bool) {
	labels = make([]string, len(t.Rows))
	for i, r := range t.Rows {
		labels[i] = model.Label(r)
		if g.covered == nil || !g.covered(labels[i]) {
			ok = true
		}
	}
	return labels, ok
}

// direction turns a unit's direction into the chart's.
func direction(better int) chart.Direction {
	switch {
	case better > 0:
		return chart.HigherBetter
	case better < 0:
		return chart.LowerBetter
	}
	return chart.Unknown
}

// ratios draws each column of t against the reference column, when t has
// two or more columns; else the rows along a key (see pivot), which it
// returns.
func (g *generic) ratios(t *model.Table) (*chart.Ratios, string) {
	if len(t.Cols) < 2 {
		return g.pivot(t)
	}
	ref := g.refCol(t)
	c := &chart.Ratios{
		Title:    t.Title() + ": against " + colLabel(t.Cols[ref]),
		Subtitle: g.subtitle(),
		Unit:     t.Unit,
		Better:   direction(t.Better),
		Ref:      colLabel(t.Cols[ref]),
	}
	if len(t.Cols) == 2 {
		c.Title = t.Title() + ": " + colLabel(t.Cols[1-ref]) + " against " + colLabel(t.Cols[ref])
	}
	for _, col := range t.Cols {
		c.Cols = append(c.Cols, colLabel(col))
	}
	for _, row := range t.Rows {
		rr := chart.RatioRow{Label: model.Label(row)}
		for j, col := range t.Cols {
			if j == ref {
				continue
			}
			r, ok := t.Ratio(row, col, t.Cols[ref])
			if !ok {
				continue
			}
			rr.Points = append(rr.Points, chart.RatioPoint{Col: j, Ratio: r.Center, Lo: r.Lo, Hi: r.Hi, Significant: r.Significant})
		}
		if len(rr.Points) > 0 {
			c.Rows = append(c.Rows, rr)
		}
	}
	if flat(c.Rows) {
		return nil, ""
	}
	return c, ""
}

// flat reports whether rows show nothing: none, or every value equal to
// its reference, with no interval (a count that never changes: 0
// retries/op, 2 allocs/op).
func flat(rows []chart.RatioRow) bool {
	for _, r := range rows {
		for _, p := range r.Points {
			if p.Ratio != 1 || p.Lo != 1 || p.Hi != 1 {
				return false
			}
		}
	}
	return true
}

// colLabel names a column for a chart: its values, each a name or file
// key's as key=value ("align=0"), an input's as its label.
func colLabel(k model.Key) string {
	var parts []string
	for _, f := range k.Projection().FlattenedFields() {
		v := k.Get(f)
		switch {
		case f.Name == ".file" || f.Name == ".fullname" || f.Name == ".name":
			parts = append(parts, v)
		default:
			parts = append(parts, strings.TrimPrefix(f.Name, "/")+"="+v)
		}
	}
	return strings.Join(parts, " ")
}

// subtitle names the inputs and the statistics under a chart's title.
func (g *generic) subtitle() string {
	s := g.in.Tables.Spec
	return fmt.Sprintf("median ratio to the reference with its interval; filled: significant (Mann-Whitney U, p ≤ %.2g); %s", s.Alpha, machineLine(g.in.Tables.Common))
}

// machineLine is "linux/amd64, AMD EPYC" from the common configuration.
func machineLine(common []parse.Config) string {
	get := func(k string) string {
		for _, c := range common {
			if c.Key == k {
				return c.Value
			}
		}
		return ""
	}
	parts := []string{strings.Trim(get("goos")+"/"+get("goarch"), "/")}
	if c := get("cpu"); c != "" {
		parts = append(parts, c)
	}
	return strings.Trim(strings.Join(parts, ", "), ", ")
}

// markdown writes the section of every table: its heading (what is its
// own, and its unit), its charts and its cells.
//
// With fold, the tables go under a <details> fold: the suite's sections
// have shown them already.
func (g *generic) markdown(fold bool) string {
	var b strings.Builder
	if len(g.tables) == 0 {
		return ""
	}
	b.WriteString("## Tables\n\n")
	if fold {
		b.WriteString("<details><summary>Every benchmark and unit, as benchstat groups them</summary>\n\n")
	}
	s := g.in.Tables.Spec
	fmt.Fprintf(&b, "As `go tool benchstat%s` groups them: a table per configuration and unit, a row per %s, a column per %s. Each value is the median ± its %.0f%% interval; **vs base** is the change from the first column, `~` where not significant (p > %.2g).\n\n",
		flagsOf(s), text.Code(s.Row), text.Code(s.Col), s.Confidence*100, s.Alpha)
	for _, gt := range g.tables {
		var tb strings.Builder
		view.WriteMarkdownTable(&tb, gt.t, 3)
		head, rest, _ := strings.Cut(tb.String(), "\n\n")
		b.WriteString(head + "\n\n")
		for i, c := range gt.charts {
			fmt.Fprintf(&b, "![%s](%s)\n\n", text.Escape(gt.alts[i]), c.File)
		}
		b.WriteString(rest + "\n")
	}
	if fold {
		b.WriteString("</details>\n\n")
	}
	return b.String()
}

// flagsOf returns the benchstat flags that give spec: those that differ
// from the defaults.
func flagsOf(s model.Spec) string {
	d := model.DefaultSpec
	var b strings.Builder
	add := func(flag, v, def string) {
		if v != def {
			fmt.Fprintf(&b, " -%s %s", flag, shellQuote(v))
		}
	}
	add("table", s.Table, d.Table)
	add("row", s.Row, d.Row)
	add("col", s.Col, d.Col)
	if s.Filter != "" {
		add("filter", s.Filter, d.Filter)
	}
	add("ignore", s.Ignore, d.Ignore)
	add("alpha", fmt.Sprint(s.Alpha), fmt.Sprint(d.Alpha))
	add("confidence", fmt.Sprint(s.Confidence), fmt.Sprint(d.Confidence))
	return b.String()
}

func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t'\"()*$|&;<>") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// slugify makes a file-name part of s: lower-case letters, digits and
// dashes, at most 40 bytes.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// A lineChart is a chart of a table's values against a numeric name key.
type lineChart struct {
	key, title string
	chart      *chart.Lines
}

// lines draws t's medians against its numeric key (opts.X, else the one
// found), when it has one: a panel per group of rows that differ only in
// that key, a line per column; with one column and few groups, one panel
// with a line per group.
func (g *generic) lines(t *model.Table) *lineChart {
	labels, ok := g.labels(t)
	if !ok {
		return nil
	}
	key, ok := numericKey(labels, g.opts.X)
	if !ok {
		return nil
	}
	names, group, values := groupByKey(labels, key)
	series := make([]map[int]*chart.Series, len(names)) // per group, by column
	for i, row := range t.Rows {
		x, _ := parseNumber(values[i])
		g := group[i]
		if series[g] == nil {
			series[g] = make(map[int]*chart.Series)
		}
		for j, col := range t.Cols {
			c := t.Cell(row, col)
			if c == nil {
				continue
			}
			s := series[g][j]
			if s == nil {
				s = &chart.Series{Name: colLabel(col)}
				series[g][j] = s
			}
			s.Points = append(s.Points, chart.Point{X: x, Y: chart.NewInterval(c.Summary.Center, c.Summary.Lo, c.Summary.Hi)})
		}
	}
	xLabel := key
	if key == "gomaxprocs" {
		xLabel = "GOMAXPROCS (the -cpu suffix)"
	}
	l := &chart.Lines{
		Title:    t.Title() + " by " + xLabel,
		Subtitle: "median with its interval as a band; " + machineLine(g.in.Tables.Common),
		XLabel:   xLabel,
		YLabel:   t.Unit,
		Better:   direction(t.Better),
	}
	if len(t.Cols) == 1 && len(names) <= chart.MaxSeries {
		p := chart.LinePanel{}
		for g, name := range names {
			s := *series[g][0]
			s.Name = name
			p.Series = append(p.Series, s)
		}
		l.Panels = append(l.Panels, p)
	} else {
		for g, name := range names {
			p := chart.LinePanel{Title: name}
			for j := range t.Cols {
				if s := series[g][j]; s != nil {
					p.Series = append(p.Series, *s)
				}
			}
			l.Panels = append(l.Panels, p)
		}
	}
	return &lineChart{key: key, title: l.Title, chart: l}
}

// pivot draws a one-column table whose rows vary in a name key with
// non-numeric values (format=json, format=gob): the rows that differ only
// in that key are compared with the one of the reference value (opts.Ref
// when it is one of them, else the first value seen).
func (g *generic) pivot(t *model.Table) (*chart.Ratios, string) {
	labels, ok := g.labels(t)
	if !ok {
		return nil, ""
	}
	key, values := categoricalKey(labels)
	if key == "" {
		return nil, ""
	}
	ref := values[0]
	for _, v := range values {
		if v == g.opts.Ref {
			ref = v
		}
	}
	col := t.Cols[0]
	names, group, vals := groupByKey(labels, key)
	cells := make([]map[string]*model.Cell, len(names)) // per group, by value of key
	for i, row := range t.Rows {
		g := group[i]
		if cells[g] == nil {
			cells[g] = make(map[string]*model.Cell)
		}
		if c := t.Cell(row, col); c != nil {
			cells[g][vals[i]] = c
		}
	}
	c := &chart.Ratios{
		Title:    t.Title() + " by " + key,
		Subtitle: g.subtitle(),
		Unit:     t.Unit,
		Better:   direction(t.Better),
		Ref:      key + "=" + ref,
	}
	index := make(map[string]int)
	for i, v := range values {
		c.Cols = append(c.Cols, key+"="+v)
		index[v] = i
	}
	for g, name := range names {
		base := cells[g][ref]
		if base == nil {
			continue
		}
		rr := chart.RatioRow{Label: name}
		for _, v := range values {
			cell := cells[g][v]
			if v == ref || cell == nil {
				continue
			}
			r := t.RatioOf(cell, base)
			rr.Points = append(rr.Points, chart.RatioPoint{Col: index[v], Ratio: r.Center, Lo: r.Lo, Hi: r.Hi, Significant: r.Significant})
		}
		if len(rr.Points) > 0 {
			c.Rows = append(c.Rows, rr)
		}
	}
	if flat(c.Rows) {
		return nil, ""
	}
	return c, key
}

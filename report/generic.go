package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchunit"

	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/chart"
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

	// short is the short label of each input label (parse.ShortLabels),
	// for the charts.
	short map[string]string

	split *string // splitBy, once known

	// ratioCharts counts the ratio charts drawn (a column against the
	// reference, an alternative against another): Method explains them
	// only when there are some.
	ratioCharts int
}

// A genericTable is one table of the model and the charts drawn of it.
type genericTable struct {
	t      *model.Table
	charts []Chart
	alts   []string
	note   string // why the table has no chart, and what to try
}

// maxTableCharts bounds the charts of the tables of one report: an input
// of hundreds of tables (a configuration line that changes with every
// file splits them) would otherwise take far longer to draw than to
// read. The tables past it say so.
const maxTableCharts = 12

func newGeneric(in *Input, opts Options, covered func(string) bool) *generic {
	g := &generic{in: in, opts: opts, covered: covered, short: make(map[string]string)}
	for i, l := range parse.ShortLabels(in.Info.Inputs) {
		g.short[in.Info.Inputs[i].Label] = l
	}
	drawn := 0
	stems := fileStems(in.Tables.Tables)
	for i, t := range in.Tables.Tables {
		gt := &genericTable{t: t}
		g.tables = append(g.tables, gt)
		if drawn >= maxTableCharts {
			gt.note = fmt.Sprintf("No chart: a report draws at most %d charts of its tables, and earlier tables have them; `-filter` picks the benchmarks to report.", maxTableCharts)
			continue
		}
		charts, note := g.chartsOf(t)
		if drawn+len(charts) > maxTableCharts {
			// the table's first charts, up to the bound, which the note
			// then speaks for
			charts = charts[:maxTableCharts-drawn]
			note = fmt.Sprintf("Some charts of this table are not drawn: a report draws at most %d charts of its tables; `-filter` picks the benchmarks to report.", maxTableCharts)
		}
		drawn += len(charts)
		gt.note = note
		slug := fmt.Sprintf("table-%02d-%s", i+1, stems[i])
		for _, c := range charts {
			if c.suffix == "" || strings.HasPrefix(c.suffix, "-by-") {
				g.ratioCharts++
			}
			gt.charts = append(gt.charts, Chart{slug + c.suffix + ".png", c.draw})
			gt.alts = append(gt.alts, c.title)
		}
	}
	return g
}

// A tableChart is a chart of a table before it has a file name: the
// name's suffix, the chart's title and its drawing.
type tableChart struct {
	suffix, title string
	draw          func(io.Writer) error
}

// chartsOf returns the charts of t: each column against the reference
// when it has several; its values against a numeric key; with one
// column, its alternatives against one another within each workload and
// (without a numeric key) each row's value. note says why there is none.
func (g *generic) chartsOf(t *model.Table) (charts []tableChart, note string) {
	if r := g.ratios(t); r != nil {
		charts = append(charts, tableChart{"", r.Title, r.WritePNG})
	}
	labels, ok := g.labels(t)
	if !ok {
		return charts, ""
	}
	if l := g.lines(t); l != nil {
		charts = append(charts, tableChart{"-over-" + slugify(l.key), l.title, l.chart.WritePNG})
	}
	if len(t.Cols) == 1 {
		if p, key := g.pivot(t); p != nil {
			charts = append(charts, tableChart{"-by-" + slugify(key), p.Title, p.WritePNG})
		}
		if _, numeric := numericKey(labels, g.opts.X); !numeric {
			if v := g.values(t); v != nil {
				charts = append(charts, tableChart{"-values", v.Title, v.WritePNG})
			}
		}
	}
	if len(charts) == 0 {
		note = g.hint(t, labels)
	}
	return charts, note
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
		if g.opts.Ref != "" && (model.Label(c) == g.opts.Ref || g.colLabel(c) == g.opts.Ref) {
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

// ratios draws each column of t against the reference column, when t has
// two or more columns.
func (g *generic) ratios(t *model.Table) *chart.Ratios {
	if len(t.Cols) < 2 {
		return nil
	}
	ref := g.refCol(t)
	c := &chart.Ratios{
		Title:    t.Title() + ": against " + g.colLabel(t.Cols[ref]),
		Subtitle: g.subtitle(t),
		Unit:     t.Unit,
		Better:   chart.DirectionOf(t.Better),
		Ref:      g.colLabel(t.Cols[ref]),
		Alpha:    g.in.Tables.Spec.Alpha,
	}
	if len(t.Cols) == 2 {
		c.Title = t.Title() + ": " + g.colLabel(t.Cols[1-ref]) + " against " + g.colLabel(t.Cols[ref])
	}
	for _, col := range t.Cols {
		c.Cols = append(c.Cols, g.colLabel(col))
	}
	var cells [][]cellPair
	for _, row := range t.Rows {
		rr := chart.RatioRow{Label: model.Label(row)}
		var pairs []cellPair
		for j, col := range t.Cols {
			if j == ref {
				continue
			}
			cell, base := t.Cell(row, col), t.Cell(row, t.Cols[ref])
			if cell == nil || base == nil {
				continue
			}
			rr.Points = append(rr.Points, point(t, j, cell, base))
			pairs = append(pairs, cellPair{cell, base})
		}
		if len(rr.Points) > 0 {
			c.Rows = append(c.Rows, rr)
			cells = append(cells, pairs)
		}
	}
	intervals(t, c, cells)
	if flat(c.Rows) {
		return nil
	}
	return c
}

// A cellPair is a cell and the cell it is compared with.
type cellPair struct{ cell, base *model.Cell }

// point is the ratio of cell to base as column j of a ratio chart, its
// interval left for intervals.
func point(t *model.Table, j int, cell, base *model.Cell) chart.RatioPoint {
	r := t.TestOf(cell, base)
	return chart.RatioPoint{Col: j, Ratio: r.Center, Lo: r.Lo, Hi: r.Hi, Significant: r.Significant}
}

// intervals sets the interval of each point of c that is drawn (see
// chart.Ratios.Drawn), or whose ratio is 1 (for flat), from its cells,
// one-to-one with c's points: the test inverted costs a few tests a
// point, spent on the points shown.
func intervals(t *model.Table, c *chart.Ratios, cells [][]cellPair) {
	drawn := make(map[int]bool)
	for _, i := range c.Drawn() {
		drawn[i] = true
	}
	for i, row := range c.Rows {
		for k := range row.Points {
			p := &row.Points[k]
			if drawn[i] || p.Ratio == 1 {
				p.Lo, p.Hi = t.IntervalOf(cells[i][k].cell, cells[i][k].base)
			}
		}
	}
}

// flat reports whether rows show nothing: none, or every value equal to
// its reference, with no interval (a count that never changes: 0
// retries/op, 2 allocs/op), or with no ratio to it (a reference of 0:
// sequential's 0 peak goroutines).
func flat(rows []chart.RatioRow) bool {
	for _, r := range rows {
		for _, p := range r.Points {
			if !(p.Ratio > 0) || math.IsInf(p.Ratio, 0) {
				continue // no ratio to draw: a reference of 0
			}
			if p.Ratio != 1 || p.Lo != 1 || p.Hi != 1 {
				return false
			}
		}
	}
	return true
}

// colLabel names a column for a chart: its values, each a name or file
// key's as key=value ("align=0"), an input's as its short label (see
// parse.ShortLabels: v1_sequential for …/javor_bench_v1_sequential.txt).
func (g *generic) colLabel(k model.Key) string {
	var parts []string
	for _, f := range k.Projection().FlattenedFields() {
		v := k.Get(f)
		switch {
		case f.Name == ".file" && g.short[v] != "":
			parts = append(parts, g.short[v])
		case f.Name == ".file" || f.Name == ".fullname" || f.Name == ".name":
			parts = append(parts, v)
		case v == "" && f.Name == "/gomaxprocs":
			parts = append(parts, "gomaxprocs=(no -N suffix)") // -cpu 1, or a file without the suffix
		case v == "":
			parts = append(parts, "no "+strings.TrimPrefix(f.Name, "/")) // a chart needs a name where benchstat's header is blank
		default:
			parts = append(parts, strings.TrimPrefix(f.Name, "/")+"="+v)
		}
	}
	return strings.Join(parts, " ")
}

// subtitle names the statistics of t's ratio chart, and the machine,
// under its title. A unit assumed exact ("Unit x assume=exact") is not
// tested: benchstat calls two columns different when their values differ.
func (g *generic) subtitle(t *model.Table) string {
	s := g.in.Tables.Spec
	stats := fmt.Sprintf("ratio of medians; filled: significant by Mann-Whitney U at α = %.2g, whiskers: its interval", s.Alpha)
	if t.Assumption == benchmath.AssumeExact {
		stats = "ratio of medians; " + t.Unit + " is assumed exact: no test, and every column differs, as in benchstat's table (no ~)"
	}
	return withMachine(stats, g.in.Tables.Common)
}

// withMachine appends the machine line to a subtitle, when there is one
// (the machine's keys may be in the tables' titles, or ignored).
func withMachine(s string, common []parse.Config) string {
	if m := machineLine(common); m != "" {
		return s + "; " + m
	}
	return s
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
	vsBase := ""
	if slices.ContainsFunc(g.tables, func(gt *genericTable) bool { return len(gt.t.Cols) > 1 }) {
		vsBase = fmt.Sprintf("; **vs base** is the change from the first column, `~` where not significant (p > %.2g)", s.Alpha)
	}
	fmt.Fprintf(&b, "As `go tool benchstat%s` groups them: a table per configuration and unit, a row per %s, a column per %s. Each value is the median ± its %.0f%% interval%s.\n\n",
		flagsOf(s), text.Code(s.Row), text.Code(s.Col), s.Confidence*100, vsBase)
	covered := 0 // tables of benchmarks the task sections chart, without a chart here
	for _, gt := range g.tables {
		if _, ok := g.labels(gt.t); !ok && len(gt.charts) == 0 {
			covered++
		}
	}
	switch {
	case covered == len(g.tables):
		b.WriteString("These tables hold only benchmarks that the task sections above chart (their speedups, scaling and latency), and get no chart of their own here.\n\n")
	case covered > 0:
		fmt.Fprintf(&b, "%d of these %d tables hold only benchmarks that the task sections above chart (their speedups, scaling and latency), and get no chart of their own here.\n\n", covered, len(g.tables))
	}
	for _, gt := range g.tables {
		var tb strings.Builder
		view.WriteMarkdownTable(&tb, gt.t, 3)
		head, rest, _ := strings.Cut(tb.String(), "\n\n")
		b.WriteString(head + "\n\n")
		for i, c := range gt.charts {
			fmt.Fprintf(&b, "![%s](%s)\n\n", text.Escape(gt.alts[i]), c.File)
		}
		if gt.note != "" {
			b.WriteString(gt.note + "\n\n")
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

// fileStems returns the file-name part of each table's charts: its
// package, unit and other configuration values, slugified, without a value every table
// shares (a "go: downloading …" line of every package) and without the
// common prefix of the packages' paths ("github.com/gofiber/fiber/v3/
// middleware/"), so that the names tell the tables apart within
// slugify's 40 bytes.
func fileStems(tables []*model.Table) []string {
	first := make(map[string]string)
	same := make(map[string]bool)
	count := make(map[string]int)
	var pkgs []string
	for _, t := range tables {
		for _, c := range t.Own {
			count[c.Key]++
			if v, ok := first[c.Key]; !ok {
				first[c.Key], same[c.Key] = c.Value, true
			} else if v != c.Value {
				same[c.Key] = false
			}
			if c.Key == "pkg" {
				pkgs = append(pkgs, c.Value)
			}
		}
	}
	common := ""
	if len(pkgs) > 1 {
		common = pkgs[0]
		for _, p := range pkgs[1:] {
			for !strings.HasPrefix(p, common) {
				common = common[:len(common)-1]
			}
		}
		common = common[:strings.LastIndex(common, "/")+1]
	}
	stems := make([]string, len(tables))
	for i, t := range tables {
		parts := []string{t.Unit} // after the package, before any other value
		for _, c := range t.Own {
			if len(tables) > 1 && same[c.Key] && count[c.Key] == len(tables) {
				continue
			}
			v := c.Value
			if c.Key == "pkg" {
				v = strings.TrimPrefix(v, common)
				parts = append([]string{v}, parts...)
				continue
			}
			parts = append(parts, v)
		}
		stems[i] = slugify(strings.Join(parts, " "))
	}
	return stems
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
// that key, a line per column. With one column, a line per alternative
// (see alternatives) in a panel per workload; else, with few groups, one
// panel with a line per group.
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
	// With one column, the series are the alternatives within each
	// workload: a panel per workload.
	var alt *altDim
	if len(t.Cols) == 1 {
		alt = alternatives(names, "")
	}
	type panel struct {
		name   string
		series []*chart.Series
	}
	var panels []*panel
	index := make(map[string]int)      // a panel's index by its name
	xnames := make(map[float64]string) // each x as the names write it
	for i, row := range t.Rows {
		x, ok := parseNumber(values[i])
		if !ok {
			continue // a row without the key (another naming) has no place on the axis
		}
		if _, ok := xnames[x]; !ok {
			xnames[x] = values[i]
		}
		pname := names[group[i]]
		var sname []string // a series' name per column
		for _, col := range t.Cols {
			sname = append(sname, g.colLabel(col))
		}
		if alt != nil && alt.value[group[i]] != "" {
			pname, sname = alt.workload[group[i]], []string{alt.value[group[i]]}
		}
		k, ok := index[pname]
		if !ok {
			k = len(panels)
			index[pname] = k
			panels = append(panels, &panel{name: pname})
		}
		p := panels[k]
		for j, col := range t.Cols {
			c := t.Cell(row, col)
			if c == nil {
				continue
			}
			si := slices.IndexFunc(p.series, func(s *chart.Series) bool { return s.Name == sname[j] })
			if si < 0 {
				si = len(p.series)
				p.series = append(p.series, &chart.Series{Name: sname[j]})
			}
			p.series[si].Points = append(p.series[si].Points, chart.Point{X: x, Y: chart.NewInterval(c.Summary.Center, c.Summary.Lo, c.Summary.Hi)})
		}
	}
	// A panel whose lines have one point each draws no line: it says
	// nothing the table does not.
	panels = slices.DeleteFunc(panels, func(p *panel) bool {
		return !slices.ContainsFunc(p.series, func(s *chart.Series) bool { return len(s.Points) >= 2 })
	})
	if len(panels) == 0 {
		return nil
	}
	xLabel := key
	if key == "gomaxprocs" {
		xLabel = "GOMAXPROCS (the -cpu suffix)"
	}
	l := &chart.Lines{
		Title:  t.Title() + " by " + xLabel,
		XLabel: xLabel,
		YLabel: t.Unit,
		YUnit:  t.Unit,
		Better: chart.DirectionOf(t.Better),
		XNames: xnames,
	}
	if alt == nil && len(t.Cols) == 1 && len(panels) <= chart.MaxSeries {
		one := chart.LinePanel{}
		for _, p := range panels {
			s := *p.series[0]
			s.Name = p.name
			one.Series = append(one.Series, s)
		}
		l.Panels = append(l.Panels, one)
	} else {
		for _, p := range panels {
			lp := chart.LinePanel{Title: p.name}
			for _, s := range p.series {
				lp.Series = append(lp.Series, *s)
			}
			l.Panels = append(l.Panels, lp)
		}
	}
	l.Subtitle = withMachine(bandSubtitle(l.Banded()), g.in.Tables.Common)
	return &lineChart{key: key, title: l.Title, chart: l}
}

// bandSubtitle is a line chart's subtitle: its medians with their
// intervals as bands, or, when the chart draws no band (no series has two
// medians with an interval: fewer samples than one takes), medians
// alone, so that the chart is not read as precise for the bands it lacks.
func bandSubtitle(banded bool) string {
	if banded {
		return "median with its interval as a band"
	}
	return "median; no interval: too few samples"
}

// pivot draws a one-column table whose names have a part that names
// alternatives (see alternatives): within each workload (the rest of the
// name), each alternative against the reference alternative: opts.Ref
// when it is one of them, else the one that the most workloads have. A
// workload without the reference is left out, and the chart says how
// many rows that leaves out; rows of different workloads are never
// compared. It returns the part's key ("#1" is named "part 2").
func (g *generic) pivot(t *model.Table) (*chart.Ratios, string) {
	labels, ok := g.labels(t)
	if !ok {
		return nil, ""
	}
	x, _ := numericKey(labels, g.opts.X)
	alt := alternatives(labels, x)
	if alt == nil {
		return nil, ""
	}
	col := t.Cols[0]
	cells := make(map[string]map[string]*model.Cell) // by workload, then alternative
	have := make(map[string]int)                     // workloads with each alternative
	for i, row := range t.Rows {
		w, v := alt.workload[i], alt.value[i]
		if v == "" {
			continue
		}
		if cells[w] == nil {
			cells[w] = make(map[string]*model.Cell)
		}
		if c := t.Cell(row, col); c != nil {
			cells[w][v] = c
			have[v]++
		}
	}
	ref := alt.values[0]
	for _, v := range alt.values {
		if have[v] > have[ref] {
			ref = v
		}
	}
	if slices.Contains(alt.values, g.opts.Ref) {
		ref = g.opts.Ref
	}
	name := altName(alt.key)
	c := &chart.Ratios{
		Title:    t.Title() + ": each " + name + " against " + ref,
		Subtitle: g.subtitle(t),
		Unit:     t.Unit,
		Better:   chart.DirectionOf(t.Better),
		Ref:      ref,
		Cols:     alt.values,
		Alpha:    g.in.Tables.Spec.Alpha,
		ColNoun:  name,
		// The values chart beside it gives each alternative the glyph of
		// its index: the same glyph names the same alternative in both.
		ShapeByIndex: true,
	}
	if len(alt.values) == 2 { // one compared: name it, the points do not
		other := alt.values[0]
		if other == ref {
			other = alt.values[1]
		}
		named := func(v string) string {
			if strings.HasPrefix(alt.key, "#") {
				return v
			}
			return alt.key + "=" + v
		}
		c.Title = t.Title() + ": " + named(other) + " against " + named(ref)
	}
	var pairs [][]cellPair
	for _, w := range alt.workloads {
		base := cells[w][ref]
		if base == nil {
			continue
		}
		rr := chart.RatioRow{Label: w}
		var ps []cellPair
		for j, v := range alt.values {
			cell := cells[w][v]
			if v == ref || cell == nil {
				continue
			}
			rr.Points = append(rr.Points, point(t, j, cell, base))
			ps = append(ps, cellPair{cell, base})
		}
		if len(rr.Points) > 0 {
			c.Rows = append(c.Rows, rr)
			pairs = append(pairs, ps)
		}
	}
	intervals(t, c, pairs)
	if flat(c.Rows) {
		return nil, ""
	}
	if n := len(alt.workloads) - len(c.Rows); n > 0 {
		c.Notes = append(c.Notes, fmt.Sprintf("%d of %d workloads without %s (or without another %s) not compared", n, len(alt.workloads), ref, name))
	}
	return c, name
}

// altName names the part of a name that names alternatives: its key;
// for names without key=value, "benchmark" (the base name),
// "sub-benchmark" (the first part after it), "sub-benchmark N" for the
// N-th.
func altName(key string) string {
	switch {
	case key == "#0":
		return "benchmark"
	case key == "#1":
		return "sub-benchmark"
	case strings.HasPrefix(key, "#"):
		n, _ := strconv.Atoi(key[1:])
		return fmt.Sprintf("sub-benchmark %d", n)
	}
	return key
}

// values draws each row's median with its interval, for a one-column
// table: grouped by workload, a line per alternative, when the names have
// a part that names alternatives; else a band per row.
func (g *generic) values(t *model.Table) *chart.Values {
	labels, ok := g.labels(t)
	if !ok || len(t.Rows) < 2 {
		return nil
	}
	if _, same := sameMedians(t); same {
		return nil // a chart of one value drawn again and again (see hint)
	}
	cls := benchunit.ClassOf(t.Unit)
	v := &chart.Values{
		Title:    t.Title() + ": each benchmark's median",
		Subtitle: withMachine(fmt.Sprintf("median with its %.0f%% interval (benchstat's)", t.Confidence*100), g.in.Tables.Common),
		Unit:     t.Unit,
		Better:   chart.DirectionOf(t.Better),
		Format:   func(x float64) string { return benchunit.Scale(x, cls) },
		Interval: fmt.Sprintf("the %.0f%% interval of the median", t.Confidence*100),
	}
	col := t.Cols[0]
	point := func(row model.Key, j int) (chart.ValuePoint, bool) {
		c := t.Cell(row, col)
		if c == nil {
			return chart.ValuePoint{}, false
		}
		return chart.ValuePoint{Col: j, Value: chart.NewInterval(c.Summary.Center, c.Summary.Lo, c.Summary.Hi)}, true
	}
	if alt := alternatives(labels, ""); alt != nil {
		v.Title = t.Title() + ": each " + altName(alt.key) + " by workload"
		v.Cols, v.ColNoun = alt.values, altName(alt.key)
		band := make(map[string]int)
		for i, row := range t.Rows {
			w, name := alt.workload[i], alt.value[i]
			if name == "" {
				w, name = labels[i], ""
			}
			b, ok := band[w]
			if !ok {
				b = len(v.Rows)
				band[w] = b
				v.Rows = append(v.Rows, chart.ValueRow{Label: w})
			}
			if p, ok := point(row, slices.Index(alt.values, name)); ok {
				v.Rows[b].Points = append(v.Rows[b].Points, p)
			}
		}
		return v
	}
	for i, row := range t.Rows {
		if p, ok := point(row, 0); ok {
			v.Rows = append(v.Rows, chart.ValueRow{Label: labels[i], Points: []chart.ValuePoint{p}})
		}
	}
	return v
}

// sameMedians returns the median every cell of t has, if they all have
// the same (0 B/op, 0 allocs/op of benchmarks that allocate nothing).
func sameMedians(t *model.Table) (float64, bool) {
	first, n := 0.0, 0
	for _, row := range t.Rows {
		for _, col := range t.Cols {
			c := t.Cell(row, col)
			if c == nil {
				continue
			}
			if n > 0 && c.Summary.Center != first {
				return 0, false
			}
			first = c.Summary.Center
			n++
		}
	}
	return first, n > 0
}

// hint says why a table has no chart and what might give it one.
func (g *generic) hint(t *model.Table, labels []string) string {
	if v, same := sameMedians(t); same && len(t.Rows) > 1 && len(t.Cols) == 1 {
		return fmt.Sprintf("No chart: every benchmark's median is %s %s, nothing to tell apart.", benchunit.Scale(v, benchunit.ClassOf(t.Unit)), t.Unit)
	}
	switch {
	case len(t.Rows) == 1 && len(t.Cols) == 1:
		if split := g.splitBy(); split != "" {
			return fmt.Sprintf("No chart: this table holds one benchmark. The tables are split by %s, which differ between results; `-ignore %s` pools them into fewer tables.", split, split)
		}
		return "No chart: this table holds one benchmark in one column, nothing to compare it with; a second input (another run or commit) gives it a column to compare."
	case len(t.Cols) >= 2:
		return "No chart: every value equals its reference's in every column (a count that never changes), or has no ratio to it (a reference of 0)."
	}
	keys := nameKeyList(labels)
	if len(keys) > 0 {
		return fmt.Sprintf("No chart applies. The names have the keys %s: `-col /%s` compares its values side by side, `-x /KEY` draws a numeric key on the x axis, `-row` changes what a row is.", strings.Join(keys, ", "), keys[0])
	}
	return "No chart applies: `-col KEY` compares the values of a key side by side, `-x /KEY` draws a numeric name key on the x axis, `-row` changes what a row is."
}

// splitBy lists the configuration keys whose values set the tables
// apart, comma-separated.
func (g *generic) splitBy() string {
	if g.split != nil {
		return *g.split
	}
	var keys []string
	for _, t := range g.in.Tables.Tables {
		for _, c := range t.Own {
			if !slices.Contains(keys, c.Key) {
				keys = append(keys, c.Key)
			}
		}
	}
	s := strings.Join(keys, ",")
	g.split = &s
	return s
}

// nameKeyList lists the key=value keys of labels, in order, as "/key".
func nameKeyList(labels []string) []string {
	var out []string
	for _, l := range labels {
		keys, _ := nameKeys(l)
		for _, k := range keys {
			if k != "gomaxprocs" && !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// disjointWarnings names each column that shares no benchmark with the
// first column in any table: its names differ from the reference's (a
// renamed sub-benchmark, Sleep=001ms_Concurrency=1 become
// Sleep=001ms/Concurrency=1), so nothing of it is compared and its
// charts hold the other column's points only.
func (g *generic) disjointWarnings() []string {
	// Columns by the name itself (-col .fullname or .name), or by package
	// (-col pkg), share no benchmark by design: nothing to warn of.
	for _, f := range model.ProjectionKeys(g.in.Tables.Spec.Col) {
		if f == ".fullname" || f == ".name" || f == "pkg" {
			return nil
		}
	}
	type pair struct{ a, b string }
	shared := make(map[pair]int)
	example := make(map[pair][2]string)
	var order []pair
	for _, t := range g.in.Tables.Tables {
		if len(t.Cols) < 2 {
			continue
		}
		ref := t.Cols[0]
		for _, col := range t.Cols[1:] {
			p := pair{g.colLabel(ref), g.colLabel(col)}
			if _, ok := shared[p]; !ok {
				shared[p] = 0
				order = append(order, p)
			}
			for _, row := range t.Rows {
				in, inRef := t.Cell(row, col) != nil, t.Cell(row, ref) != nil
				if in && inRef {
					shared[p]++
				}
				e := example[p]
				if inRef && !in && e[0] == "" {
					e[0] = model.Label(row)
				}
				if in && !inRef && e[1] == "" {
					e[1] = model.Label(row)
				}
				example[p] = e
			}
		}
	}
	var out []string
	for _, p := range order {
		e := example[p]
		if shared[p] > 0 || e[0] == "" || e[1] == "" {
			continue
		}
		out = append(out, fmt.Sprintf("no benchmark of %s has the name of one of %s, so nothing of it is compared: the names differ (such as %s in %s, %s in %s)",
			p.b, p.a, text.Code(e[1]), p.b, text.Code(e[0]), p.a))
	}
	return out
}

// flagWarnings names the chart flags that matched nothing, which would
// otherwise change the charts without a word: a -ref that is no column's
// label and no alternative's value (the charts then compare with the
// first column), an -x that is no numeric name key of any table.
func (g *generic) flagWarnings() []string {
	if g.opts.Ref == "" && g.opts.X == "" {
		return nil
	}
	var out []string
	var cols, numeric []string
	refFound, xFound := g.opts.Ref == "", g.opts.X == ""
	for _, t := range g.in.Tables.Tables {
		for _, c := range t.Cols {
			full, short := model.Label(c), g.colLabel(c)
			name := full // either names it for -ref
			if short != full {
				name += " (or " + short + ")"
			}
			if !slices.Contains(cols, name) {
				cols = append(cols, name)
			}
			refFound = refFound || full == g.opts.Ref || short == g.opts.Ref
		}
		labels := make([]string, len(t.Rows))
		for i, r := range t.Rows {
			labels[i] = model.Label(r)
		}
		if !refFound {
			// An alternative, as the pivot chart finds them, or any value
			// of a key=value part.
			if alt := alternatives(labels, ""); alt != nil && slices.Contains(alt.values, g.opts.Ref) {
				refFound = true
			}
			for _, l := range labels {
				_, vals := nameKeys(l)
				for _, v := range vals {
					refFound = refFound || v == g.opts.Ref
				}
			}
		}
		if g.opts.X != "" {
			for _, k := range nameKeyList(labels) {
				if _, ok := numericKey(labels, k); ok && !slices.Contains(numeric, "/"+k) {
					numeric = append(numeric, "/"+k)
				}
			}
			if !xFound {
				_, xFound = numericKey(labels, g.opts.X)
			}
		}
	}
	if !refFound {
		out = append(out, fmt.Sprintf("-ref %q: no column is labeled so and no benchmark name has it as a value; the charts compare with the first column, or with the alternative that most workloads have (columns: %s)", g.opts.Ref, strings.Join(cols, ", ")))
	}
	if !xFound {
		keys := "none"
		if len(numeric) > 0 {
			keys = strings.Join(numeric, ", ")
		}
		out = append(out, fmt.Sprintf("-x %s: no table's rows vary in a numeric name key of that name over 3 values or more, so no line chart is drawn along it (such keys here: %s)", g.opts.X, keys))
	}
	return out
}

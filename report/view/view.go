package view

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/concbench/concbench/report/model"
)

// A Format is one of the views of the tables.
type Format string

// The formats.
const (
	Text     Format = "text"
	Markdown Format = "md"
	CSV      Format = "csv"
	JSON     Format = "json"
)

// ParseFormat returns the Format called s, or an error listing them.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Text, Markdown, CSV, JSON:
		return f, nil
	case "markdown":
		return Markdown, nil
	}
	return "", fmt.Errorf("-format %q: want text, md, csv or json", s)
}

// Write renders ts in format f to w. CSV writes its warnings, as benchstat
// does, to warnings (cell references first) so as not to break the CSV.
func Write(w, warnings io.Writer, ts *model.Tables, f Format) error {
	switch f {
	case Text:
		return WriteText(w, ts)
	case Markdown:
		return WriteMarkdown(w, ts, 0)
	case CSV:
		return WriteCSV(w, warnings, ts)
	case JSON:
		return WriteJSON(w, ts)
	}
	return fmt.Errorf("unknown format %q", f)
}

// changes calls hdr for each field of table i's key (but its unit) whose
// value differs from table i-1's, as benchstat prints its table headers.
func changes(ts *model.Tables, i int, hdr func(key, value string)) {
	k := ts.Keys[i]
	for _, f := range k.Projection().FlattenedFields() {
		if f.Name == ".unit" {
			continue
		}
		v := k.Get(f)
		if i == 0 || v != ts.Keys[i-1].Get(f) {
			hdr(f.Name, v)
		}
	}
}

// WriteText writes ts in benchstat's text order: before each table the
// configuration that changed, then the table and its footnotes. The
// numbers and footnotes are benchstat's; the layout is this package's
// grid (a multi-field column label on one line, a footnote mark beside
// the cell it is about), not benchstat's character for character: the
// CSV is the byte-for-byte format.
func WriteText(w io.Writer, ts *model.Tables) error {
	for i, t := range ts.Tables {
		if i > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		var hdr strings.Builder
		changes(ts, i, func(k, v string) { fmt.Fprintf(&hdr, "%s: %s\n", k, v) })
		if _, err := io.WriteString(w, hdr.String()); err != nil {
			return err
		}
		if err := newGrid(t).writeText(w); err != nil {
			return err
		}
	}
	return nil
}

// WriteMarkdown writes ts as markdown: what every result shares as a list,
// then each table under a heading of level (0 for none) naming what is
// its own and its unit.
func WriteMarkdown(w io.Writer, ts *model.Tables, level int) error {
	var b strings.Builder
	if len(ts.Common) > 0 {
		for _, c := range ts.Common {
			fmt.Fprintf(&b, "- %s: `%s`\n", c.Key, c.Value)
		}
		b.WriteString("\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	for _, t := range ts.Tables {
		if err := WriteMarkdownTable(w, t, level); err != nil {
			return err
		}
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
	}
	return nil
}

// WriteMarkdownTable writes one table, under a heading of level (0 for a
// bold line) that names what is its own and its unit.
func WriteMarkdownTable(w io.Writer, t *model.Table, level int) error {
	title := t.Title()
	if level > 0 {
		title = strings.Repeat("#", level) + " " + title
	} else {
		title = "**" + title + "**"
	}
	if _, err := io.WriteString(w, title+"\n\n"); err != nil {
		return err
	}
	return newGrid(t).writeMarkdown(w)
}

// WriteCSV writes ts in benchstat's CSV layout, cell for cell.
func WriteCSV(w, warnings io.Writer, ts *model.Tables) error {
	o := csv.NewWriter(w)
	row := 1
	for i, t := range ts.Tables {
		if i > 0 {
			o.Write([]string{""})
			row++
		}
		changes(ts, i, func(k, v string) {
			o.Write([]string{fmt.Sprintf("%s: %s", k, v)})
			row++
		})
		row += tableCSV(o, t, row, warnings)
	}
	o.Flush()
	return o.Error()
}

// tableCSV is benchtab's Table.ToCSV.
func tableCSV(o *csv.Writer, t *model.Table, startRow int, warnings io.Writer) (rowCount int) {
	const labelCols, centerCols, deltaCols = 1, 2, 2
	startCol := func(exp int) int {
		if exp == 0 {
			return labelCols
		}
		return labelCols + centerCols + (exp-1)*(centerCols+deltaCols)
	}
	var row []string
	clearTo := func(col int) {
		for len(row) < col {
			row = append(row, "")
		}
	}
	emit := func() {
		o.Write(row)
		row = row[:0]
		rowCount++
	}
	warn := func(msgs []error) {
		for _, msg := range msgs {
			fmt.Fprintf(warnings, "%s%d: %s\n", colName(len(row)), startRow+rowCount, msg)
		}
	}
	for _, field := range t.Cols[0].Projection().FlattenedFields() {
		for exp, key := range t.Cols {
			clearTo(startCol(exp))
			row = append(row, key.Get(field))
		}
		clearTo(startCol(len(t.Cols)))
		emit()
	}
	for exp := range t.Cols {
		clearTo(startCol(exp))
		row = append(row, t.Unit, "CI")
		if exp > 0 {
			row = append(row, "vs base", "P")
		}
	}
	emit()
	for _, rk := range t.Rows {
		row = append(row, rk.StringValues())
		for exp, ck := range t.Cols {
			c := t.Cell(rk, ck)
			if c == nil {
				continue
			}
			clearTo(startCol(exp))
			warn(c.Sample.Warnings)
			warn(c.Summary.Warnings)
			row = append(row, fmt.Sprint(c.Summary.Center), c.Summary.PctRangeString())
			if exp > 0 && c.Baseline != nil {
				warn(c.Comparison.Warnings)
				row = append(row, c.Comparison.FormatDelta(c.Baseline.Summary.Center, c.Summary.Center), c.Comparison.String())
			}
		}
		emit()
	}
	row = append(row, "geomean")
	for exp, key := range t.Cols {
		s := t.Summary[key]
		clearTo(startCol(exp))
		warn(s.Warnings)
		if s.HasSummary {
			row = append(row, fmt.Sprint(s.Summary))
		}
		if exp > 0 {
			clearTo(startCol(exp) + centerCols)
			if s.HasRatio {
				row = append(row, fmt.Sprintf("%+.2f%%", (s.Ratio-1)*100))
			} else {
				row = append(row, "?")
			}
		}
	}
	clearTo(startCol(len(t.Cols)))
	emit()
	return rowCount
}

// colName is a spreadsheet column name, as benchtab computes it.
func colName(x int) string {
	name := make([]byte, 10)
	pos := len(name)
	for ; x > 0; x /= 26 {
		pos--
		name[pos] = 'A' + byte(x%26)
	}
	if pos == len(name) {
		pos--
		name[pos] = 'A'
	}
	return string(name[pos:])
}

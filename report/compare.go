package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/concbench/concbench/report/parse"
	"github.com/concbench/concbench/report/stats"
)

// CompareOptions configures Compare.
type CompareOptions struct {
	// Old and New are the benchmark files of the two runs.
	Old, New string

	// Threshold is the slowdown that counts as a regression when it is
	// also significant: 0.05 is 5%. It must be ≥ 0.
	Threshold float64

	// OutDir receives compare.png; "" draws no chart.
	OutDir string

	// Warnings receives non-fatal problems, one per line; nil discards
	// them.
	Warnings io.Writer
}

// DefaultThreshold is concbench compare's default threshold: 5%.
const DefaultThreshold = 0.05

// A Regression is a benchmark that got significantly slower by more than
// the threshold.
type Regression struct {
	Name     string
	Old, New float64 // median seconds per op
	Change   float64 // New/Old − 1
	P        float64 // Mann-Whitney U p-value
}

// Compare prints the delta tables of opts.Old and opts.New to stdout,
// benchstat-style, followed by a verdict line, and writes
// OutDir/compare.png. It reports regressed when any benchmark's time per
// op (sec/op) is significantly higher in New (Mann-Whitney U, α = 0.05,
// benchstat's test) by more than Threshold. A benchmark in only one of
// the files is a warning, not a regression.
func Compare(opts CompareOptions, stdout io.Writer) (regressed bool, err error) {
	regs, err := CompareRegressions(opts, stdout)
	return len(regs) > 0, err
}

// CompareRegressions is Compare, returning the regressions themselves.
func CompareRegressions(opts CompareOptions, stdout io.Writer) ([]Regression, error) {
	if math.IsNaN(opts.Threshold) || opts.Threshold < 0 || math.IsInf(opts.Threshold, 0) {
		return nil, fmt.Errorf("threshold %v: want a finite value ≥ 0, such as 0.05 for 5%%", opts.Threshold)
	}
	if opts.Old == "" || opts.New == "" {
		return nil, errors.New("compare needs two benchmark files, OLD and NEW")
	}
	set, err := parse.Files(opts.Old, opts.New)
	if err != nil {
		return nil, err
	}
	ts := stats.Summarize(set, statsOptions)
	timeTable := ts.Unit("sec/op")
	if timeTable == nil {
		return nil, fmt.Errorf("%s, %s: no sec/op (ns/op) results to compare", opts.Old, opts.New)
	}
	common, onlyOld, onlyNew := 0, 0, 0
	for _, row := range timeTable.Rows {
		switch {
		case row.Cells[0] != nil && row.Cells[1] != nil:
			common++
		case row.Cells[0] != nil:
			onlyOld++
		default:
			onlyNew++
		}
	}
	if common == 0 {
		return nil, fmt.Errorf("%s and %s have no benchmark in common", set.Runs[0].Label, set.Runs[1].Label)
	}

	var warnings []string
	for _, w := range set.Warnings {
		warnings = append(warnings, w.String())
	}
	warnings = append(warnings, configChanges(set.Runs, true)...)
	if onlyOld > 0 {
		warnings = append(warnings, fmt.Sprintf("%d benchmarks are only in %s", onlyOld, set.Runs[0].Label))
	}
	if onlyNew > 0 {
		warnings = append(warnings, fmt.Sprintf("%d benchmarks are only in %s", onlyNew, set.Runs[1].Label))
	}
	a := &analysis{set: set, tables: ts, cur: 1, run: set.Runs[1]}
	warnings = append(warnings, a.statWarnings()...)
	if opts.Warnings != nil {
		for _, w := range warnings {
			fmt.Fprintln(opts.Warnings, w)
		}
	}

	var regs []Regression
	for _, row := range timeTable.Rows {
		c := row.Cells[1]
		if c == nil || c.Baseline == nil || !c.Significant() || c.Baseline.Summary.Center <= 0 {
			continue
		}
		change := c.Summary.Center/c.Baseline.Summary.Center - 1
		if change > opts.Threshold {
			regs = append(regs, Regression{row.Name, c.Baseline.Summary.Center, c.Summary.Center, change, c.Comparison.P})
		}
	}

	if err := writeText(stdout, set, ts); err != nil {
		return nil, err
	}
	if err := writeVerdict(stdout, regs, common, opts.Threshold); err != nil {
		return nil, err
	}
	if opts.OutDir != "" {
		if c := compareChart(ts, 0, 1, opts.Threshold); c != nil {
			if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
				return nil, fmt.Errorf("creating output directory: %w", unwrapPath(err))
			}
			path := filepath.Join(opts.OutDir, compareFile)
			if err := writeFile(path, c.WritePNG); err != nil {
				return nil, fmt.Errorf("writing %s: %w", path, err)
			}
		}
	}
	return regs, nil
}

func writeVerdict(w io.Writer, regs []Regression, common int, threshold float64) error {
	var b strings.Builder
	if len(regs) == 0 {
		fmt.Fprintf(&b, "no regression: no benchmark of %d is significantly slower by more than %s\n", common, pctString(threshold))
	} else {
		fmt.Fprintf(&b, "REGRESSION: %d of %d benchmarks are significantly slower by more than %s:\n", len(regs), common, pctString(threshold))
		for _, r := range regs {
			fmt.Fprintf(&b, "  %s: %s → %s, %+.2f%% (p=%.3f)\n", r.Name, stats.HumanTime(r.Old), stats.HumanTime(r.New), 100*r.Change, r.P)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func pctString(f float64) string {
	return strconv.FormatFloat(100*f, 'g', 4, 64) + "%"
}

// writeText prints the configuration common to both runs and a table per
// unit, as benchstat does.
func writeText(w io.Writer, set *parse.Set, ts *stats.Tables) error {
	var b strings.Builder
	for _, c := range set.Runs[0].Config {
		same := true
		for _, r := range set.Runs[1:] {
			same = same && r.Get(c.Key) == c.Value
		}
		if same {
			fmt.Fprintf(&b, "%s: %s\n", c.Key, c.Value)
		}
	}
	for _, t := range ts.Tables {
		b.WriteString("\n")
		textTable(&b, t)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// textTable writes one unit's table: a row per benchmark, the median ±
// interval of each run, then the change against the first run, its
// p-value and sample sizes; footnotes for benchmath's warnings.
func textTable(b *strings.Builder, t *stats.Table) {
	var notes []string
	index := make(map[string]int)
	mark := func(lists ...[]error) string {
		var ms []string
		for _, l := range lists {
			for _, e := range l {
				i, ok := index[e.Error()]
				if !ok {
					notes = append(notes, e.Error())
					i = len(notes)
					index[e.Error()] = i
				}
				ms = append(ms, "["+strconv.Itoa(i)+"]")
			}
		}
		return strings.Join(ms, "")
	}
	head := []string{t.Unit}
	for i, r := range t.Runs {
		head = append(head, r, "")
		if i > 0 {
			head = append(head, "vs base", "")
		}
	}
	rows := [][]string{head}
	for _, row := range t.Rows {
		sc := t.RowScaler(row)
		cells := []string{row.Name}
		for i, c := range row.Cells {
			if c == nil {
				cells = append(cells, "", "")
				if i > 0 {
					cells = append(cells, "", "")
				}
				continue
			}
			cells = append(cells, stats.Center(sc, c)+" ± "+stats.Range(c), mark(c.Sample.Warnings, c.Summary.Warnings))
			if i > 0 {
				cells = append(cells, stats.Delta(c), "("+stats.PN(c)+")"+mark(c.Comparison.Warnings))
			}
		}
		rows = append(rows, cells)
	}
	if len(t.Rows) > 1 {
		cells := []string{"geomean"}
		for i, g := range t.Geomean {
			v := ""
			if g.HasSummary {
				v = stats.Number(g.Summary, t.Unit)
			}
			cells = append(cells, v, mark(g.Warnings))
			if i > 0 {
				cells = append(cells, stats.GeomeanDelta(g), "")
			}
		}
		rows = append(rows, cells)
	}
	align(b, rows)
	for i, n := range notes {
		fmt.Fprintf(b, "[%d] %s\n", i+1, n)
	}
}

// align writes rows as columns: the first left-aligned, the value and
// delta columns right-aligned, the notes left-aligned.
func align(b *strings.Builder, rows [][]string) {
	var width []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var line strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			switch {
			case i == 0:
				line.WriteString(c + pad)
			case (i-1)%2 == 0: // a value or a delta
				line.WriteString("  " + pad + c)
			default: // its notes, or p and n
				line.WriteString(" " + c + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

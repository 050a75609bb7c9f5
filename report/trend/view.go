package trend

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"golang.org/x/perf/benchunit"

	"github.com/concbench/concbench/report/changepoint"
)

// WriteText writes the trend as text: the runs in order, the changes
// found, each benchmark's medians run by run (changed first, a | at each
// change point), then the gate's verdicts on the newest run.
func (r *FileResult) WriteText(w io.Writer) error {
	var b strings.Builder
	b.WriteString("runs, oldest first:\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for i, run := range r.Runs {
		// a file without commit lines ends its row early: no trailing blanks
		row := strings.TrimRight(fmt.Sprintf("  %d\t%s\t%s\t%s", i+1, run.Label, run.CommitTime, run.Ref), "\t")
		fmt.Fprintln(tw, row)
	}
	tw.Flush()
	cfg := r.Detect.WithDefaults()
	fmt.Fprintf(&b, "\nchanges (%s; α = %v, at least %s a side):\n", changepoint.Method, cfg.Alpha, plural(cfg.MinSegment, "run"))
	n := 0
	for _, t := range r.Trends {
		for _, c := range t.Changes {
			n++
			fmt.Fprintf(&b, "  %s (%s): from run %d (%s): %s [%s, %s], p = %.2g\n",
				t.Name, t.Unit, c.Index+1, base(r.Runs[c.Index].Label), pctChange(c.Ratio), pctChange(c.Lo), pctChange(c.Hi), c.P)
		}
	}
	switch {
	case r.TooFew:
		fmt.Fprintf(&b, "  none can be seen in %d runs: a change needs %s on each side\n", len(r.Runs), plural(cfg.MinSegment, "run"))
	case n == 0 && r.followed() == 0:
		fmt.Fprintf(&b, "  none can be seen: no benchmark is in %d or more of the %d runs\n", 2*cfg.MinSegment, len(r.Runs))
	case n == 0 && r.untested() != "":
		fmt.Fprintf(&b, "  none (%s cannot be found)\n", r.untested())
	case n == 0:
		b.WriteString("  none\n")
	}
	b.WriteString("\nmedians, run by run (| marks a change):\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, t := range r.Trends {
		cls := benchunit.ClassOf(t.Unit)
		fmt.Fprintf(tw, "%s (%s)\t", t.Name, t.Unit)
		next := 0
		for j, p := range t.Points {
			mark := ""
			if next < len(t.Changes) && t.Changes[next].Index == j {
				mark = "| "
				next++
			}
			v := "-"
			if p.N > 0 {
				v = benchunit.Scale(p.Median, cls)
			}
			fmt.Fprintf(tw, "%s%s\t", mark, v)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	against := "its level since the last change (the runs that do not differ from the one before it and are within the threshold of it, pooled)"
	if r.TooFew {
		against = "the run before it"
	}
	fmt.Fprintf(&b, "\nnewest run (%s) against %s:\n", base(r.Runs[len(r.Runs)-1].Label), against)
	if note := r.blindNote(); note != "" {
		b.WriteString(note + "\n")
	}
	if note := r.goneNote(); note != "" {
		b.WriteString(note + "\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	return r.Gate.WriteText(w)
}

func base(label string) string { return filepath.Base(label) }

func pctChange(ratio float64) string {
	if math.IsNaN(ratio) || math.IsInf(ratio, 0) {
		return "?"
	}
	return fmt.Sprintf("%+.1f%%", 100*(ratio-1))
}

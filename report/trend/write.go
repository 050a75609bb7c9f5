package trend

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/concbench/concbench/internal/atomicfile"
	"github.com/concbench/concbench/report/chart"
	"github.com/concbench/concbench/report/gate"
)

// The files WriteDir writes.
const (
	MarkdownFile = "TREND.md"
	ChartFile    = "trend.png"
)

// Chart returns the trend as small multiples: a panel per series (the
// ones that changed first, by the size of their step), each run's median
// and interval, the change points marked; runs are labelled by Short.
func (r *FileResult) Chart() *chart.Trend {
	unit := ""
	for i, t := range r.Trends {
		if i == 0 || t.Unit == unit {
			unit = t.Unit
		} else {
			unit = ""
			break
		}
	}
	changed := 0
	for _, t := range r.Trends {
		if len(t.Changes) > 0 {
			changed++
		}
	}
	title := fmt.Sprintf("Benchmarks across %d runs, oldest first", len(r.Runs))
	if unit != "" {
		title = fmt.Sprintf("%s of each benchmark across %d runs, oldest first", unit, len(r.Runs))
	}
	sub := fmt.Sprintf("change points (dashed lines) in %d of %d series", changed, len(r.Trends))
	against := ""
	switch {
	case r.TooFew:
		sub = fmt.Sprintf("no change point can be seen in %d runs (it needs %d on each side)", len(r.Runs), r.Detect.WithDefaults().MinSegment)
		against = " against the run before"
	case changed == 0 && r.followed() == 0:
		sub = fmt.Sprintf("no change point can be seen: no benchmark is in %d or more runs", 2*r.Detect.WithDefaults().MinSegment)
	case changed == 0:
		sub = fmt.Sprintf("no change point in %d series", len(r.Trends))
	}
	sub += fmt.Sprintf("; newest run %s%s: %s", r.Short(len(r.Runs)-1), against, r.Gate.Decision)
	var counts []string
	for _, k := range []gate.Kind{gate.Slower, gate.Faster, gate.Inconclusive} {
		if n := r.Gate.Count(k); n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, k))
		}
	}
	if len(counts) > 0 {
		sub += " (" + strings.Join(counts, ", ") + ")"
	}
	c := &chart.Trend{Title: title, Subtitle: sub}
	for _, t := range r.Trends {
		s := chart.TrendSeries{Label: t.Name, Unit: t.Unit, Better: chart.DirectionOf(int(t.Better)),
			Flagged: t.Verdict != nil && (t.Verdict.Kind == gate.Slower || t.Verdict.Kind == gate.Faster)}
		for j, p := range t.Points {
			s.Runs = append(s.Runs, chart.TrendRun{Label: r.Short(j), Center: p.Median, Lo: p.Lo, Hi: p.Hi})
		}
		for _, ch := range t.Changes {
			s.ChangePoints = append(s.ChangePoints, ch.Index)
		}
		c.Benchmarks = append(c.Benchmarks, s)
	}
	return c
}

// WriteDir writes dir/TREND.md and dir/trend.png, creating dir if needed,
// and returns their paths. Both are written beside their places and put
// there together (atomicfile.Batch): after an error, dir holds the two
// files it held before.
func (r *FileResult) WriteDir(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating output directory: %w", err)
	}
	md, png := filepath.Join(dir, MarkdownFile), filepath.Join(dir, ChartFile)
	var b atomicfile.Batch
	defer b.Abort()
	if err := b.Write(png, r.Chart().WritePNG); err != nil {
		return nil, fmt.Errorf("writing %s: %w", png, err)
	}
	if err := b.Write(md, func(w io.Writer) error { return r.WriteMarkdown(w, ChartFile) }); err != nil {
		return nil, fmt.Errorf("writing %s: %w", md, err)
	}
	if err := b.Commit(); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	// Recorded as concbench's, so that a bench of the working tree does
	// not count them as uncommitted changes (atomicfile.Owned).
	if _, err := atomicfile.OwnAs(dir, "trend", []string{MarkdownFile, ChartFile}); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	return []string{md, png}, nil
}

// A NamedChart is a chart of a report and its file name.
type NamedChart struct {
	File     string
	WritePNG func(io.Writer) error
}

// Section follows the runs of a report (paths, as Files takes them) and
// returns its "## Changes" section and the chart the section shows
// (trend.png). The report's other sections do not depend on it: a
// caller that gets an error reports it and goes on.
func Section(paths []string, opts FileOptions) (markdown string, charts []NamedChart, err error) {
	res, err := Files(paths, opts)
	if err != nil {
		return "", nil, err
	}
	return res.Section()
}

// Section returns the "## Changes" section of r and the chart it shows.
func (r *FileResult) Section() (markdown string, charts []NamedChart, err error) {
	return r.Markdown(ChartFile), []NamedChart{{ChartFile, r.Chart().WritePNG}}, nil
}

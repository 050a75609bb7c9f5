package trend

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchunit"

	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/changepoint"
	"github.com/concbench/concbench/report/gate"
)

// Short returns run i's label for a chart axis: its commit abbreviated to
// 7 digits when the file has a commit: line (with a + when an earlier run
// has the same commit: a dirty working tree measured on top of it), else
// the part of its label that tells it apart from the other runs' (Run.Short).
func (r *FileResult) Short(i int) string {
	run := r.Runs[i]
	if run.Commit == "" {
		if run.Short != "" {
			return run.Short
		}
		return base(run.Label)
	}
	c := abbrev(run.Commit)
	for _, prev := range r.Runs[:i] {
		if prev.Commit == run.Commit {
			c += "+"
		}
	}
	return c
}

func abbrev(commit string) string {
	if len(commit) > 7 {
		return commit[:7]
	}
	return commit
}

// runName names run i in prose: "run 3 (`abc1234`, c2.txt)".
func (r *FileResult) runName(i int) string {
	run := r.Runs[i]
	if run.Commit == "" {
		return fmt.Sprintf("run %d (%s)", i+1, mdCode(base(run.Label)))
	}
	ref := ""
	if run.Ref != "" && !strings.HasPrefix(run.Commit, run.Ref) {
		ref = " " + mdEscape(run.Ref)
	}
	return fmt.Sprintf("run %d (%s%s, %s)", i+1, mdCode(r.Short(i)), ref, mdCode(base(run.Label)))
}

// WriteMarkdown writes the trend as TREND.md: the runs in order, the
// chart (chartFile, "" for none), the change points with their evidence,
// the gate's verdict on the newest run, and each benchmark's median and
// interval run by run.
func (r *FileResult) WriteMarkdown(w io.Writer, chartFile string) error {
	var b strings.Builder
	b.WriteString("# Benchmark trend\n\n")
	fmt.Fprintf(&b, "%d runs, oldest first (%s), of %d series (a benchmark in a unit).\n\n", len(r.Runs), r.orderNote(), len(r.Trends))
	b.WriteString(r.orderCaveats())
	b.WriteString("| run | commit | commit time | ref | file |\n|--:|:--|:--|:--|:--|\n")
	for i, run := range r.Runs {
		commit := ""
		if run.Commit != "" {
			commit = mdCode(r.Short(i))
		}
		ref := run.Ref
		if run.Commit != "" && strings.HasPrefix(run.Commit, ref) {
			ref = "" // a commit named by its hash
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s |\n", i+1, commit, mdEscape(run.CommitTime), mdEscape(ref), mdCode(base(run.Label)))
	}
	b.WriteString("\n")
	b.WriteString(r.runKeysNote())
	r.changes(&b, "##", chartFile)
	r.medians(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

// Markdown returns the "## Changes" section of a report: the chart
// (chartFile, "" for none), the change points with their evidence, and
// the gate's verdict on the newest run.
func (r *FileResult) Markdown(chartFile string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Changes\n\n%d runs, oldest first (%s): %s.\n\n", len(r.Runs), r.orderNote(), r.runList())
	b.WriteString(r.orderCaveats())
	b.WriteString(r.runKeysNote())
	r.changes(&b, "###", chartFile)
	return b.String()
}

func (r *FileResult) orderNote() string {
	if r.OrderedBy == "" {
		return orderNotes[""]
	}
	return r.OrderedBy
}

func (r *FileResult) runList() string {
	parts := make([]string, len(r.Runs))
	for i := range r.Runs {
		parts[i] = strings.TrimPrefix(r.runName(i), "run ")
	}
	return strings.Join(parts, ", ")
}

// changes writes the change points and the verdict on the newest run;
// head is the heading level of the verdict's section.
func (r *FileResult) changes(b *strings.Builder, head, chartFile string) {
	cfg := r.Detect.WithDefaults()
	if head == "##" {
		b.WriteString("## Changes\n\n")
	}
	if chartFile != "" {
		fmt.Fprintf(b, "![each benchmark's median and interval run by run, change points marked](%s)\n\n", chartFile)
	}
	n := 0
	for _, t := range r.Trends {
		n += len(t.Changes)
	}
	fmt.Fprintf(b, "Change points by %s: α = %v per split, %d permutations, at least %d runs on each side; the step is the change of the median from the level before to the level after, with its %.0f%% bootstrap interval.\n\n",
		changepoint.Method, cfg.Alpha, cfg.Permutations, cfg.MinSegment, 100*cfg.Confidence)
	seen := r.followed()
	switch {
	case r.TooFew:
		fmt.Fprintf(b, "**No change point can be seen in %d runs**: the test needs %d runs on each side of a change, %d runs or more. So nothing here says that a benchmark stayed at its level; the newest run is judged against the run before it alone, as `concbench compare` would.\n\n",
			len(r.Runs), cfg.MinSegment, 2*cfg.MinSegment)
	case n == 0 && seen == 0:
		fmt.Fprintf(b, "**No change point can be seen**: no benchmark is in %d or more of the %d runs, as the test needs (%d runs on each side of a change). So nothing here says that a benchmark stayed at its level.\n\n",
			2*cfg.MinSegment, len(r.Runs), cfg.MinSegment)
	case n == 0:
		fmt.Fprintf(b, "No change point found in the %s in %d or more of the %d runs", plural(seen, "series", "series"), 2*cfg.MinSegment, len(r.Runs))
		if rest := len(r.Trends) - seen; rest > 0 {
			fmt.Fprintf(b, "; the other %d, in fewer runs, cannot show one", rest)
		}
		if cfg.MinSegment > 1 {
			fmt.Fprintf(b, ". A change needs %d runs on each side to be found, so one %s cannot be: the newest run is judged below.\n\n", cfg.MinSegment, lastRuns(cfg.MinSegment-1))
		} else {
			b.WriteString(". The newest run is judged below.\n\n")
		}
	default:
		fmt.Fprintf(b, "%s:\n\n", plural(n, "change point"))
		b.WriteString("| benchmark | unit | first run at the new level | step | interval | p |\n|:--|:--|:--|--:|:--|--:|\n")
		for _, t := range r.Trends {
			for _, c := range t.Changes {
				fmt.Fprintf(b, "| %s | %s | %s | %s %s | [%s, %s] | %.2g |\n", mdEscape(t.Name), mdEscape(t.Unit), r.runName(c.Index),
					pctChange(c.Ratio), stepWord(c.Ratio, t.Unit, t.Better), pctChange(c.Lo), pctChange(c.Hi), c.P)
			}
		}
		b.WriteString("\n")
	}
	r.verdict(b, head)
}

// followed returns how many series have results in enough runs for a
// change point to be seen: MinSegment on each side, 2 × MinSegment.
func (r *FileResult) followed() int {
	min := 2 * r.Detect.WithDefaults().MinSegment
	n := 0
	for _, t := range r.Trends {
		in := 0
		for _, xs := range t.Samples {
			if len(xs) > 0 {
				in++
			}
		}
		if in >= min {
			n++
		}
	}
	return n
}

// lastRuns says where a change cannot be found: "in the newest run",
// "in the last 2 runs".
func lastRuns(n int) string {
	if n == 1 {
		return "in the newest run"
	}
	return fmt.Sprintf("in the last %d runs", n)
}

// runKeysNote is runKeysAdvice as a paragraph of markdown, "" when no
// key names the runs.
func (r *FileResult) runKeysNote() string {
	if len(r.RunKeys) == 0 {
		return ""
	}
	return r.runKeysText(mdCode) + ".\n\n"
}

// runKeysAdvice says which configuration keys seem to name the runs and
// how to follow the benchmarks across them.
func (r *FileResult) runKeysAdvice() string {
	return r.runKeysText(func(s string) string { return s })
}

// runKeysText is runKeysAdvice with the keys and the flag written by code.
func (r *FileResult) runKeysText(code func(string) string) string {
	keys := make([]string, len(r.RunKeys))
	for i, k := range r.RunKeys {
		keys[i] = code(k)
	}
	n := len(keys)
	return fmt.Sprintf("%s %s one value in each file, which sets each run's benchmarks apart from the other runs': to follow a benchmark across %s, as across commits, give %s (as to benchstat)",
		text.List(keys), text.Plural(n, "takes", "take"), text.Plural(n, "its values", "their values"), code("-ignore "+strings.Join(append(splitList(r.ignore), r.RunKeys...), ",")))
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, k := range strings.Split(s, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// stepWord says whether a step is worse or better in the unit's
// direction, in the gate's words: slower or faster for time, else worse
// or better.
func stepWord(ratio float64, unit string, better gate.Better) string {
	worse, improved := gate.Words(unit, better)
	if (ratio > 1) == (better == gate.HigherIsBetter) {
		return "(" + improved + ")"
	}
	return "(" + worse + ")"
}

// verdict writes the gate's verdict on the newest run.
func (r *FileResult) verdict(b *strings.Builder, head string) {
	g := r.Gate
	newest := len(r.Runs) - 1
	fmt.Fprintf(b, "%s Newest run\n\n", head)
	against := fmt.Sprintf("against each benchmark's level: the runs since its last change point before it that the run before the newest cannot be told from (Mann–Whitney U, p > %v), pooled", LevelAlpha)
	if r.TooFew {
		against = "against the run before it (too few runs for a level)"
	}
	fmt.Fprintf(b, "**%s**: %s. The newest run, %s, %s, by compare's gate: %s.\n\n",
		strings.ToUpper(g.Decision.String()), mdEscape(g.Reason), r.runName(newest), against, mdEscape(g.Summary()))
	var rows []string
	same := 0
	for _, t := range r.Trends {
		v := t.Verdict
		if v == nil {
			continue
		}
		if v.Kind == gate.NoChange {
			same++
			continue
		}
		cls := benchunit.ClassOf(t.Unit)
		level := fmt.Sprint(newest)
		if t.Level+1 < newest {
			level = fmt.Sprintf("%d–%d", t.Level+1, newest)
		}
		rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s | %s | %+.1f%% | %.2g | %s |", mdEscape(t.Name), mdEscape(t.Unit), level,
			benchunit.Scale(v.OldMedian, cls), benchunit.Scale(v.NewMedian, cls), 100*v.Change, v.PWorse, mdEscape(v.Phrase(g))))
	}
	if len(rows) > 0 {
		b.WriteString("| benchmark | unit | level (runs) | level median | newest | change | p(worse) | verdict |\n|:--|:--|:--|--:|--:|--:|--:|:--|\n")
		b.WriteString(strings.Join(rows, "\n") + "\n\n")
	}
	if same > 0 {
		if len(rows) > 0 {
			fmt.Fprintf(b, "The other %d: no change.\n\n", same)
		} else {
			fmt.Fprintf(b, "All %d: no change.\n\n", same)
		}
	}
	if len(g.Missing) > 0 {
		fmt.Fprintf(b, "Missing: %s.\n\n", mdEscape(strings.Join(g.Missing, ", ")))
	}
}

// medians writes each unit's table of medians: a row per benchmark, a
// column per run, the first run at a new level in bold.
func (r *FileResult) medians(b *strings.Builder) {
	b.WriteString("## Medians run by run\n\n")
	fmt.Fprintf(b, "Each run's median ± its 95%% interval (the larger distance from the median, as benchstat prints it; ∞: too few samples), the benchmarks that changed first; **bold**: the first run at a new level.\n\n")
	var units []string
	for _, t := range r.Trends {
		if !slices.Contains(units, t.Unit) {
			units = append(units, t.Unit)
		}
	}
	for _, u := range units {
		if len(units) > 1 {
			fmt.Fprintf(b, "### %s\n\n", mdEscape(u))
		}
		fmt.Fprintf(b, "| %s |", mdEscape(u))
		for i := range r.Runs {
			fmt.Fprintf(b, " %d %s |", i+1, mdCode(r.Short(i)))
		}
		b.WriteString("\n|:--|" + strings.Repeat("--:|", len(r.Runs)) + "\n")
		for _, t := range r.Trends {
			if t.Unit != u {
				continue
			}
			var centers []float64
			for _, p := range t.Points {
				if p.N > 0 {
					centers = append(centers, p.Median)
				}
			}
			sc := benchunit.CommonScale(centers, benchunit.ClassOf(u))
			fmt.Fprintf(b, "| %s |", mdEscape(t.Name))
			next := 0
			for j, p := range t.Points {
				cell := "–"
				if p.N > 0 {
					s := benchmath.Summary{Center: p.Median, Lo: p.Lo, Hi: p.Hi}
					cell = sc.Format(p.Median) + " ± " + s.PctRangeString()
				}
				if next < len(t.Changes) && t.Changes[next].Index == j {
					cell = "**" + cell + "**"
					next++
				}
				fmt.Fprintf(b, " %s |", cell)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
}

// The report's words (package text): one escaper, one plural.
var (
	mdEscape = text.Escape
	plural   = text.Count
)

// mdCode is s as inline code, "" when empty.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	if strings.Contains(s, "`") {
		return mdEscape(s)
	}
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}

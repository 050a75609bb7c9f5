package trend

import (
	"fmt"
	"io"
	"math"
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
	fmt.Fprintf(b, "Change points by %s: α = %v per split, %d permutations, at least %s on each side; the step is the change of the median from the level before to the level after, with its %.0f%% bootstrap interval.\n\n",
		changepoint.Method, cfg.Alpha, cfg.Permutations, plural(cfg.MinSegment, "run"), 100*cfg.Confidence)
	seen := r.followed()
	switch {
	case r.TooFew:
		fmt.Fprintf(b, "**No change point can be seen in %d runs**: the test needs %s on each side of a change, %d runs or more. So nothing here says that a benchmark stayed at its level; the newest run is judged against the run before it alone, as `concbench compare` would.\n\n",
			len(r.Runs), plural(cfg.MinSegment, "run"), 2*cfg.MinSegment)
	case n == 0 && seen == 0:
		fmt.Fprintf(b, "**No change point can be seen**: no benchmark is in %d or more of the %d runs, as the test needs (%s on each side of a change). So nothing here says that a benchmark stayed at its level.\n\n",
			2*cfg.MinSegment, len(r.Runs), plural(cfg.MinSegment, "run"))
	case n == 0:
		fmt.Fprintf(b, "No change point found in the %s in %d or more of the %d runs", plural(seen, "series", "series"), 2*cfg.MinSegment, len(r.Runs))
		if rest := len(r.Trends) - seen; rest > 0 {
			fmt.Fprintf(b, "; the other %d, in fewer runs, cannot show one", rest)
		}
		if u := r.untested(); u != "" {
			fmt.Fprintf(b, ". A change needs %s on each side to be found, so %s cannot be: the newest run is judged below.\n\n", plural(cfg.MinSegment, "run"), u)
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

// untested says which runs a change point cannot be found at, too close
// to either end for MinSegment runs on each side: "a step at run 2 (too
// close to the oldest) or at run 7 (too close to the newest)"; "" when
// every run can be tested (MinSegment 1) or none (Result.TooFew).
func (r *FileResult) untested() string {
	ms, n := r.Detect.WithDefaults().MinSegment, len(r.Runs)
	if ms < 2 || r.TooFew {
		return ""
	}
	return fmt.Sprintf("a step at %s (too close to the oldest) or at %s (too close to the newest)", runSpan(1, ms-1), runSpan(n-ms+1, n-1))
}

// runSpan names the runs from first to last (from 0): "run 2", "runs 2–3".
func runSpan(first, last int) string {
	if first == last {
		return fmt.Sprintf("run %d", first+1)
	}
	return fmt.Sprintf("runs %d–%d", first+1, last+1)
}

// levelRuns names the runs of t's level: "run 5", "runs 1–5".
func levelRuns(t *Trend) string {
	last := len(t.Samples) - 2
	for last > t.Level && len(t.Samples[last]) == 0 {
		last--
	}
	return runSpan(t.Level, last)
}

// blindNote says, in words, that the U test cannot tell the runs apart
// at their sample sizes, and so which levels are not pooled (Trend.Blind):
// "3 samples a run cannot tell runs apart (…): the newest run is gated
// against the run before it alone"; "" when no level stopped so.
func (r *FileResult) blindNote() string {
	var first *Blind
	n, alone, judged := 0, true, 0
	for i := range r.Trends {
		t := &r.Trends[i]
		if t.Verdict != nil {
			judged++
		}
		if t.Blind == nil {
			continue
		}
		n++
		if first == nil {
			first = t.Blind
		}
		alone = alone && !strings.HasPrefix(levelRuns(t), "runs ")
	}
	if n == 0 {
		return ""
	}
	who := fmt.Sprintf("%d samples a run cannot tell runs apart", first.N1)
	if first.N1 != first.N2 {
		who = fmt.Sprintf("%d samples cannot be told from %d", first.N1, first.N2)
	}
	what := "the newest run is gated against the run before it alone"
	if !alone {
		what = "the newest run's level stops at the run before the first it cannot tell apart"
	}
	scope := ""
	if n < judged {
		scope = fmt.Sprintf(" (%d of the %d series judged)", n, judged)
	}
	return fmt.Sprintf("%s (Mann–Whitney U: %d+%d samples allow no p below %.2g, above %v): %s%s, never pooled with runs a step might separate from it",
		who, first.N1, first.N2, first.MinP, LevelAlpha, what, scope)
}

// noChangeNote says what change the rows of no change could have seen:
// "no change (each could detect a worsening of 5–69%; the least
// sensitive, X-2 (sec/op): 69%)".
func noChangeNote(ts []Trend) string {
	lo, hi, none := math.Inf(1), math.Inf(-1), 0
	var worst *Trend
	for i := range ts {
		v := ts[i].Verdict
		switch {
		case v == nil || v.Kind != gate.NoChange:
			continue
		case math.IsNaN(v.Detectable) || math.IsInf(v.Detectable, 0):
			none++
			continue
		}
		lo = min(lo, v.Detectable)
		if v.Detectable > hi {
			hi, worst = v.Detectable, &ts[i]
		}
	}
	var parts []string
	switch {
	case worst == nil:
	case gate.DetectPct(lo) == gate.DetectPct(hi):
		parts = append(parts, "each could detect a worsening of "+gate.DetectPct(hi))
	default:
		parts = append(parts, fmt.Sprintf("each could detect a worsening of %s–%s; the least sensitive, %s (%s): %s",
			strings.TrimSuffix(gate.DetectPct(lo), "%"), gate.DetectPct(hi), worst.Name, worst.Unit, gate.DetectPct(hi)))
	}
	if none > 0 {
		parts = append(parts, plural(none, "could", "could")+" detect none")
	}
	if len(parts) == 0 {
		return "no change"
	}
	return "no change (" + strings.Join(parts, "; ") + ")"
}

// runKeysNote is runKeysAdvice as a paragraph of markdown, "" when no
// key names the runs.
func (r *FileResult) runKeysNote() string {
	var s string
	if r.Settings != "" {
		s = "**" + mdEscape(strings.ToUpper(r.Settings[:1])+r.Settings[1:]) + ".**\n\n"
	}
	if len(r.RunKeys) == 0 {
		return s
	}
	return s + r.runKeysText(mdCode) + ".\n\n"
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
	against := fmt.Sprintf("against each benchmark's level: the runs since its last change point before it that the run before the newest cannot be told from (Mann–Whitney U, p > %v) and whose medians are within the threshold of its, pooled", LevelAlpha)
	if r.TooFew {
		against = "against the run before it (too few runs for a level)"
	}
	if r.OrderedBy == "" || r.OrderedBy == orderNotes[""] {
		// nothing says these are runs in time: alternatives, perhaps
		b.WriteString("If these files are runs in the order given (no line in them says so; they may as well be alternatives, for which a plain report's columns are the comparison): ")
	}
	fmt.Fprintf(b, "**%s**: %s. The newest run, %s, %s, by compare's gate: %s.\n\n",
		strings.ToUpper(g.Decision.String()), mdEscape(g.Reason), r.runName(newest), against, mdEscape(g.Summary()))
	if note := r.blindNote(); note != "" {
		b.WriteString(mdEscape(note) + ".\n\n")
	}
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
		rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s | %s | %+.1f%% | %.2g | %s |", mdEscape(t.Name), mdEscape(t.Unit), levelRuns(&t),
			benchunit.Scale(v.OldMedian, cls), benchunit.Scale(v.NewMedian, cls), 100*v.Change, v.PWorse, mdEscape(v.Phrase(g))))
	}
	if len(rows) > 0 {
		b.WriteString("| benchmark | unit | level (runs) | level median | newest | change | p(worse) | verdict |\n|:--|:--|:--|--:|--:|--:|--:|:--|\n")
		b.WriteString(strings.Join(rows, "\n") + "\n\n")
	}
	if same > 0 {
		if len(rows) > 0 {
			fmt.Fprintf(b, "The other %d: %s.\n\n", same, mdEscape(noChangeNote(r.Trends)))
		} else {
			fmt.Fprintf(b, "All %d: %s.\n\n", same, mdEscape(noChangeNote(r.Trends)))
		}
	}
	if len(g.Missing) > 0 {
		fmt.Fprintf(b, "Missing from the newest run (the run before it has them): %s.\n\n", mdEscape(strings.Join(g.Missing, ", ")))
	}
	if note := r.goneNote(); note != "" {
		b.WriteString(mdEscape(note) + ".\n\n")
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

// goneNote names the benchmarks the newest run has no verdict on that are
// not missing from it, "" when there are none: those gone before the run
// before the newest (Result.Gone), by the run they were last seen in, and
// those with no level to judge them against (Result.New).
func (r *FileResult) goneNote() string {
	var parts, seen []string
	for i := 0; i < len(r.Gone); {
		j := i
		var names []string
		for ; j < len(r.Gone) && r.Gone[j].LastSeen == r.Gone[i].LastSeen; j++ {
			names = append(names, r.Gone[j].Name+" ("+r.Gone[j].Unit+")")
		}
		seen = append(seen, fmt.Sprintf("last seen in run %d: %s", r.Gone[i].LastSeen+1, strings.Join(names, ", ")))
		i = j
	}
	if len(seen) > 0 {
		parts = append(parts, fmt.Sprintf("Not missing from the newest run, as the run before it (its level) lacks %s too: %s",
			text.Plural(len(r.Gone), "it", "them"), strings.Join(seen, "; ")))
	}
	if len(r.New) > 0 {
		parts = append(parts, fmt.Sprintf("Not judged, in the newest run but in no run of %s level: %s",
			text.Plural(len(r.New), "its", "their"), strings.Join(r.New, ", ")))
	}
	return strings.Join(parts, ". ")
}

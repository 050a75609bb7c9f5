package suite

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchunit"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report/model"
)

// This file reads the trade-off beside time: the per-piece units that
// fanout.Benchmark and the IO benchmarks report (contract.PieceUnits: a
// piece's p50, p99 and longest latency, and the goroutines a run holds at
// its peak). For each group that has them it picks, after the fastest
// strategy, the one with the lowest p99 and the one holding the fewest
// goroutines, and compares each with the fastest on time, p99 and
// goroutines: the ratio of the medians with the table's test inverted as
// its interval (model.Table.RatioOf, Mann-Whitney U by default), claimed
// only where the test finds a difference at α.

// The per-piece units as the model's tables name them: benchfmt tidies a
// unit in nanoseconds to seconds (p99-latency-ns → p99-latency-sec).
var (
	unitP50  = tidied(contract.UnitP50Latency)
	unitP99  = tidied(contract.UnitP99Latency)
	unitMax  = tidied(contract.UnitMaxLatency)
	unitPeak = tidied(contract.UnitPeakGoroutines)
)

// pieceUnits are the per-piece units as the model names them, in the
// order of the tables' columns.
var pieceUnits = []string{unitP50, unitP99, unitMax, unitPeak}

// costUnits are the columns of the costs beside time in a task's tables,
// when present: the per-piece units, then the allocations.
var costUnits = append(slices.Clone(pieceUnits), "B/op", "allocs/op")

// tidied returns unit as benchfmt stores it.
func tidied(unit string) string {
	_, u := benchunit.Tidy(1, unit)
	return u
}

// columnNames are the headings of the per-piece columns.
var columnNames = map[string]string{unitP50: "p50 latency", unitP99: "p99 latency", unitMax: "max latency", unitPeak: "peak goroutines"}

// columnName returns the heading of the column of an extra unit.
func columnName(unit string) string {
	if n, ok := columnNames[unit]; ok {
		return n
	}
	return unit
}

// extraNumber formats a median of an extra unit: a latency as a time
// ("4.52 ms"), anything else as benchstat prints it ("58.60", "171.6Ki").
func extraNumber(v float64, unit string) string {
	switch unit {
	case unitP50, unitP99, unitMax:
		return humanTime(v)
	}
	return number(v, unit)
}

// A choice is a strategy of a group as the trade-off reads it: the
// reference or a member.
type choice struct {
	label string
	value string // the axis key's: "processes"
	row   *row
}

// choices returns the group's reference (when it has one) and members.
func choices(g *table) []choice {
	var out []choice
	if g.Base != nil && g.BaseCell != nil {
		out = append(out, choice{refLabel(g), g.Axis.Base, g.Base})
	}
	for _, s := range g.Members {
		out = append(out, choice{s.Label(), s.Value, s.Row})
	}
	return out
}

// median returns the median of unit of c in the group's run, NaN when it
// has none.
func (g *table) median(unit string, c choice) float64 {
	if cell := g.run.cell(unit, c.row.Key); cell != nil {
		return cell.Summary.Center
	}
	return math.NaN()
}

// hasPieces reports whether some strategy of the group has the per-piece
// units.
func hasPieces(g *table) bool {
	return slices.ContainsFunc(choices(g), func(c choice) bool { return !math.IsNaN(g.median(unitP99, c)) })
}

// A tradeoff is what a group's per-piece units say beside its time.
type tradeoff struct {
	fastest   choice // the winner, else the fastest median
	winner    bool   // fastest is the group's winner
	lowestP99 choice // of every strategy
	fewest    choice // of the members: the reference runs on the caller's goroutine
	// fewestToo are the other members holding as few goroutines at the
	// median: a tie the verdict names.
	fewestToo []choice
}

// oneWorker reports whether a choice runs one worker: no concurrency,
// not a candidate for "the fewest goroutines of the concurrent
// strategies".
func oneWorker(c choice) bool {
	return slices.Contains(strings.Fields(c.label), "workers=1")
}

// tradeoffOf returns the trade-off of a group, false when it has no
// per-piece units or no member has all three medians.
func tradeoffOf(g *table) (tradeoff, bool) {
	var t tradeoff
	cs := choices(g)
	if !hasPieces(g) || len(g.Members) == 0 {
		return t, false
	}
	argmin := func(unit string, from []choice) (choice, bool) {
		var best choice
		ok := false
		for _, c := range from {
			v := g.median(unit, c)
			if math.IsNaN(v) {
				continue
			}
			// Of equal medians, the faster.
			if !ok || v < g.median(unit, best) || v == g.median(unit, best) && g.median("sec/op", c) < g.median("sec/op", best) {
				best, ok = c, true
			}
		}
		return best, ok
	}
	var members []choice
	for _, c := range cs {
		if c.row != g.Base && !oneWorker(c) {
			members = append(members, c)
		}
	}
	if len(members) == 0 { // one-worker members alone: they are what there is
		for _, c := range cs {
			if c.row != g.Base {
				members = append(members, c)
			}
		}
	}
	var ok1, ok2, ok3 bool
	if w := g.Winner(); w != nil && len(tied(g.group, g.Ranked(), w)) == 0 {
		t.fastest, t.winner, ok1 = choice{w.Label(), w.Value, w.Row}, true, true
	} else {
		t.fastest, ok1 = argmin("sec/op", cs)
	}
	t.lowestP99, ok2 = argmin(unitP99, cs)
	t.fewest, ok3 = argmin(unitPeak, members)
	if ok3 {
		for _, c := range members {
			if c != t.fewest && g.median(unitPeak, c) == g.median(unitPeak, t.fewest) {
				t.fewestToo = append(t.fewestToo, c)
			}
		}
	}
	return t, ok1 && ok2 && ok3
}

// compare returns the ratio of a's median of unit to b's (RatioOf: the
// test and its interval), false when either lacks the unit.
func (g *table) compare(unit string, a, b choice) (model.Ratio, bool) {
	t := g.run.units[unit]
	ca, cb := g.run.cell(unit, a.row.Key), g.run.cell(unit, b.row.Key)
	if t == nil || ca == nil || cb == nil {
		return model.Ratio{}, false
	}
	return t.RatioOf(ca, cb), true
}

// tradeoffVerdict is the paragraph on the trade-off of a group: the
// strategy with the lowest p99 and the one with the fewest goroutines,
// each against the fastest; "" without per-piece units.
func tradeoffVerdict(g *table) string {
	t, ok := tradeoffOf(g)
	if !ok {
		return ""
	}
	what := "the fastest median"
	if t.winner {
		what = "the winner"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Beside time, against **%s** (%s), by the Mann-Whitney U test at α = %.2g (ratios of medians, in parentheses the test's interval):", escape(t.fastest.label), what, spec.Alpha)
	type role struct {
		c    choice
		says []string
	}
	var roles []role
	add := func(c choice, says string) {
		for i := range roles {
			if roles[i].c == c {
				roles[i].says = append(roles[i].says, says)
				return
			}
		}
		roles = append(roles, role{c, []string{says}})
	}
	add(t.lowestP99, "has the lowest p99 piece latency")
	add(t.fewest, "holds the fewest goroutines of the concurrent strategies"+asDo(t.fewestToo))
	for _, ro := range roles {
		c := ro.c
		if c == t.fastest {
			fmt.Fprintf(&b, " **%s** itself %s (p99 %s, %s).", escape(c.label), andList(ro.says), humanTime(g.median(unitP99, c)), goroutines(g.median(unitPeak, c)))
			continue
		}
		var parts []string
		if r, ok := g.compare("sec/op", c, t.fastest); ok {
			parts = append(parts, change(r, "it is", "slower", "faster", "its time does not differ significantly"))
		}
		if r, ok := g.compare(unitP99, c, t.fastest); ok {
			parts = append(parts, change(r, "its p99 piece latency is", "higher", "lower", "its p99 piece latency does not differ significantly"))
		}
		if r, ok := g.compare(unitPeak, c, t.fastest); ok {
			parts = append(parts, peakClause(r, g.median(unitPeak, c), g.median(unitPeak, t.fastest))+childrenNote(c))
		}
		fmt.Fprintf(&b, " **%s** %s: %s.", escape(c.label), andList(ro.says), andList(parts))
	}
	return b.String()
}

// tradeoffSummary is the trade-off of a group in a line of the summary:
// "beside time: **pool workers=8** has the lowest p99, 5.00× lower than
// goroutines', and is 10% slower; **pool workers=2** holds the fewest
// goroutines, 2, not 10,003, and is 12.5× slower."; "" without the
// per-piece units.
func tradeoffSummary(g *table) string {
	t, ok := tradeoffOf(g)
	if !ok {
		return ""
	}
	f := escape(t.fastest.label)
	var why string // said once, at the end: the samples were too few to test
	slower := func(c choice) string {
		r, ok := g.compare("sec/op", c, t.fastest)
		switch {
		case !ok:
			return ""
		case !r.Significant && untestable(r):
			why = tooFewFor(r)
			return ", its time untested"
		case !r.Significant:
			return ", in no significantly different time"
		}
		return ", and is " + magnitude(r, "slower", "faster")
	}
	var parts []string
	if c := t.lowestP99; c == t.fastest {
		parts = append(parts, fmt.Sprintf("**%s** also has the lowest p99", f))
	} else if r, ok := g.compare(unitP99, c, t.fastest); ok {
		p99 := "not significantly lower than " + possessive(f)
		if untestable(r) {
			p99, why = "untested against "+possessive(f), tooFewFor(r)
		}
		if r.Significant {
			p99 = magnitude(r, "higher", "lower") + " than " + possessive(f)
		}
		parts = append(parts, fmt.Sprintf("**%s** has the lowest p99, %s%s", escape(c.label), p99, slower(c)))
	}
	if c := t.fewest; c == t.fastest {
		parts = append(parts, fmt.Sprintf("**%s** also holds the fewest goroutines%s", f, asDo(t.fewestToo)))
	} else if r, ok := g.compare(unitPeak, c, t.fastest); ok {
		n := fmt.Sprintf("%s, not %s", countString(g.median(unitPeak, c)), countString(g.median(unitPeak, t.fastest)))
		switch {
		case !r.Significant && untestable(r):
			n, why = "untested against "+f, tooFewFor(r)
		case !r.Significant:
			n = "not significantly fewer than " + f
		}
		parts = append(parts, fmt.Sprintf("**%s** holds the fewest goroutines, %s%s%s%s", escape(c.label), n, asDo(t.fewestToo), childrenNote(c), slower(c)))
	}
	if len(parts) == 0 {
		return ""
	}
	s := "beside time: " + strings.Join(parts, "; ")
	if why != "" {
		s += " (untested: " + why + ")"
	}
	return s + "."
}

// untestable reports whether r's samples are too few for the U test to
// find any difference at α, whatever the values: its smallest two-sided
// p-value, 2 / C(n1+n2, n1) without ties, is above α (3 samples a side:
// 0.1).
func untestable(r model.Ratio) bool {
	if r.N1 <= 0 || r.N2 <= 0 {
		return false
	}
	// C(n1+n2, n1), stopped once it is large enough for any α
	c := 1.0
	for i := 1; i <= r.N1 && c*spec.Alpha <= 2; i++ {
		c = c * float64(r.N2+i) / float64(i)
	}
	return 2/c > spec.Alpha
}

// tooFewFor says why r was not tested: "3 samples each are too few for
// the U test at α = 0.05".
func tooFewFor(r model.Ratio) string {
	n := fmt.Sprintf("%d and %d samples are", r.N1, r.N2)
	if r.N1 == r.N2 {
		n = fmt.Sprintf("%d samples each are", r.N1)
	}
	return fmt.Sprintf("%s too few for the U test at α = %.2g", n, spec.Alpha)
}

// asDo names the others of a tie: ", as do pool workers=2 and errgroup
// workers=2"; "" for none.
func asDo(cs []choice) string {
	if len(cs) == 0 {
		return ""
	}
	var names []string
	for _, c := range cs {
		names = append(names, escape(c.label))
	}
	if len(names) == 1 {
		return ", as does " + names[0]
	}
	return ", as do " + andList(names)
}

// possessive returns "goroutines'", "pool workers=8's".
func possessive(s string) string {
	if strings.HasSuffix(s, "s") {
		return s + "'"
	}
	return s + "'s"
}

// magnitude says how far a ratio is from 1, without its interval: "10%
// slower", "5.00× lower".
func magnitude(r model.Ratio, more, less string) string {
	f, word := r.Center, more
	if r.Center < 1 {
		f, word = 1/r.Center, less
	}
	if f >= 2 {
		return times(f) + " " + word
	}
	return strings.TrimSuffix(strconv.FormatFloat(100*(f-1), 'f', 1, 64), ".0") + "% " + word
}

// change says how a ratio a/b differs from 1, after subject: "it is
// 9.8% slower (8.1–11.5%, p=0.002)", "its p99 piece latency is 5.20×
// lower (4.10–6.30×, p=0.002)"; or, when the test finds no difference,
// unlike with the p-value: "its time does not differ significantly
// (p=0.240)".
func change(r model.Ratio, subject, more, less, unlike string) string {
	if !r.Significant {
		return fmt.Sprintf("%s (p=%.3f)", unlike, r.P)
	}
	f, lo, hi, word := r.Center, r.Lo, r.Hi, more
	if r.Center < 1 {
		f, lo, hi, word = 1/r.Center, 1/r.Hi, 1/r.Lo, less
	}
	if f >= 2 {
		return fmt.Sprintf("%s %s %s (%s, p=%.3f)", subject, times(f), word, timesInterval(model.Ratio{Center: f, Lo: lo, Hi: hi}), r.P)
	}
	pct := func(v float64) string {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return "∞"
		}
		return strconv.FormatFloat(100*(v-1), 'f', 1, 64) // one notation, 0.6–5.7%, not 0.627–5.72%
	}
	return fmt.Sprintf("%s %s%% %s (%s–%s%%, p=%.3f)", subject, pct(f), word, pct(lo), pct(hi), r.P)
}

// peakClause says how many goroutines a strategy holds at its peak
// against the fastest: "it holds 8 goroutines at its peak, not 10,003
// (p=0.002)".
func peakClause(r model.Ratio, a, b float64) string {
	as, bs := countStrings(a, b)
	held := as + " goroutines"
	if as == "1" {
		held = "1 goroutine"
	}
	switch {
	case !r.Significant:
		return fmt.Sprintf("its peak goroutines do not differ significantly (%s against %s, p=%.3f)", as, bs, r.P)
	case a < b:
		return fmt.Sprintf("it holds %s at its peak, not %s (p=%.3f)", held, bs, r.P)
	}
	return fmt.Sprintf("it holds %s at its peak, more than %s (p=%.3f)", held, bs, r.P)
}

// countStrings writes two counts with countString, or, where that writes
// them alike (268.4 and 268.1 as "268"), with as many decimals as tell
// them apart, up to three: a sentence never says "268, more than 268".
func countStrings(a, b float64) (string, string) {
	as, bs := countString(a), countString(b)
	for d := 1; as == bs && a != b && d <= 3; d++ {
		as, bs = strconv.FormatFloat(a, 'f', d, 64), strconv.FormatFloat(b, 'f', d, 64)
	}
	return as, bs
}

// childrenNote says, of a strategy that runs its work in child processes,
// that its goroutines are the benchmark's process's only.
func childrenNote(c choice) string {
	if c.value == contract.StrategyProcesses {
		return " (in the benchmark's process: its child processes' are not counted)"
	}
	return ""
}

// goroutines writes a count of goroutines: "8 goroutines", "1 goroutine",
// "10,003 goroutines", "1.2 goroutines" (a mean over runs).
func goroutines(v float64) string {
	if v == 1 {
		return "1 goroutine"
	}
	return countString(v) + " goroutines"
}

// countString writes a count: "10,003", "58.6", "8".
func countString(v float64) string {
	if math.IsNaN(v) {
		return "?"
	}
	if v >= 100 {
		return thousands(int64(math.Round(v)))
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

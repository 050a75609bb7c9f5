package suite

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/model"
)

// spreadLimit is the widest interval, relative to the median, that the
// suite holds its benchmarks to on an idle machine (±5%).
const spreadLimit = 0.05

// throttleSpread explains the wide intervals of a throttled group: a
// member turned away by the throttle that waits out a Retry-After of a
// whole second per 429 (waitsOut), where how many of its requests get one
// varies from run to run, so its spread is the strategy's own behaviour,
// a result rather than noise. It returns nothing for other groups, or
// when every interval is within ±5%.
func throttleSpread(g *table) []string {
	if !strings.Contains(g.Name, "Throttled") {
		return nil
	}
	var wide, steady []string
	for _, s := range g.Members {
		spread := relSpread(s.Cell)
		if math.IsNaN(spread) {
			continue
		}
		n, ok := throttled(g, s)
		switch {
		case waitsOut(g, s) && spread > spreadLimit:
			wide = append(wide, fmt.Sprintf("%s (±%s, %.0f 429s per run)", s.Label(), widePct(spread), n))
		case ok && n == 0:
			steady = append(steady, fmt.Sprintf("%s (±%.0f%%)", s.Label(), 100*spread))
		}
	}
	if len(wide) == 0 {
		return nil
	}
	what := "The wide intervals of %s are the strategies' own behaviour"
	if len(wide) == 1 {
		what = "The wide interval of %s is the strategy's own behaviour"
	}
	note := fmt.Sprintf(what+", not noise: each 429 sends a request back for a whole second (Retry-After has a resolution of one second), and how many requests are turned away, and so how many whole seconds a run waits, varies from run to run. The spread is a result: an unpaced strategy against a throttle is slow and unpredictable.",
		strings.Join(wide, ", "))
	if len(steady) > 0 {
		note += fmt.Sprintf(" Never turned away: %s.", strings.Join(steady, ", "))
	}
	return []string{note}
}

// throttled returns the median 429s per run of member s in its group's
// run, and whether it has that metric.
func throttled(g *table, s *speedup) (float64, bool) {
	if c := g.run.cell(contract.UnitThrottled, s.Row.Key); c != nil {
		return c.Summary.Center, true
	}
	return 0, false
}

// waitsOut reports whether member s of group g waited out the throttle's
// Retry-After: it was turned away (throttled/op > 0) and is not adaptive,
// which takes a 429 as a signal to slow down and waits out no Retry-After
// of a second or less (fanout.Adaptive). Adaptive's spread, if wide, is
// the other notes' to explain: turned away 89 times a run in 0.29 s at the
// report scale, 148 times in 2.84 s at the full scale.
func waitsOut(g *table, s *speedup) bool {
	n, _ := throttled(g, s)
	return n > 0 && s.Value != contract.StrategyAdaptive
}

// together says how a group's benchmarks were measured side by side: "in
// the same rounds" for results of concbench bench (cells with rounds),
// else "one after another in the same run" (plain go test output, where
// a benchmark's samples run back to back).
func together(g *table) string {
	cells := []*model.Cell{g.BaseCell}
	for _, s := range g.Members {
		cells = append(cells, s.Cell)
	}
	for _, c := range cells {
		if c != nil && c.Measured != nil {
			return "in the same rounds"
		}
	}
	return "one after another in the same run"
}

// widePct writes a spread that a note calls wide, or compares with the
// ±5% limit: to a tenth of a percent under 10% (±5.3%, which a whole
// percent would round to the limit itself), else to a whole percent.
func widePct(x float64) string {
	if 100*x < 9.95 {
		return fmt.Sprintf("%.1f%%", 100*x)
	}
	return fmt.Sprintf("%.0f%%", 100*x)
}

// relSpread returns the wider half of the cell's interval relative to its
// median: 0.05 for ±5%; NaN when there is no positive median, or no
// finite interval (fewer than 6 samples, which the table says): too few
// samples tell nothing of the machine or the strategy.
func relSpread(c *model.Cell) float64 {
	if c == nil || !(c.Summary.Center > 0) {
		return math.NaN()
	}
	sp := max(c.Summary.Hi-c.Summary.Center, c.Summary.Center-c.Summary.Lo) / c.Summary.Center
	if math.IsInf(sp, 0) {
		return math.NaN()
	}
	return sp
}

// steadyLimit is the interval, relative to the median, within which the
// rest of a group must stay for a wider member's spread to count as that
// member's own.
const steadyLimit = 0.02

// spreadWhy says, for the strategies whose own behaviour varies from one
// run of the test binary to the next, why.
var spreadWhy = map[string]string{
	contract.StrategyGoroutines: "it starts a goroutine for every piece of work at once and leaves their order and placement to the Go scheduler, which change from run to run, and with them when the last piece ends",
	contract.StrategyProcesses:  "it runs its work in child processes (the test binary started again), and what starting a process costs varies from run to run",
}

// spreads sorts a group's intervals by the ±5% limit and the ±2% of a
// steady member, for ownSpread and sharedSpread alike: the members wider
// than ±5% (but those that waited out the throttle, throttleSpread's), and,
// written "label ±1%", the reference of the group's own runs and the
// members within ±2%.
func spreads(g *table) (wide []*speedup, steady []string) {
	if g.BaseCell != nil && !g.Borrowed {
		if sp := relSpread(g.BaseCell); sp <= steadyLimit {
			steady = append(steady, fmt.Sprintf("%s ±%.0f%%", g.Axis.Base, 100*sp))
		}
	}
	for _, s := range g.Members {
		switch sp := relSpread(s.Cell); {
		case sp > spreadLimit && !waitsOut(g, s):
			wide = append(wide, s)
		case sp <= steadyLimit:
			steady = append(steady, fmt.Sprintf("%s ±%.0f%%", s.Label(), 100*sp))
		}
	}
	return wide, steady
}

// ownSpread explains a member's interval wider than ±5% when the evidence
// is in the group: at least two other members, measured in the same
// interleaved rounds (the reference included), stay within ±2%, so the
// machine was not unsteady for the whole group. That leaves two causes,
// which the group cannot tell apart: the strategy's cost varies by
// itself, or the machine's slow spells hit it harder than the steady ones
// (docs/STEADY.md: jobs on both hyper-threads, or with many requests in
// flight). A strategy whose cost is known to vary (spreadWhy) gets a note
// of its own that names its cause; the others share one note that names
// both. Members that waited out a throttle are throttleSpread's.
func ownSpread(g *table) []string {
	wide, steady := spreads(g)
	if len(wide) == 0 || len(steady) < 2 || refWide(g) {
		return nil // a wide reference is the machine's: sharedSpread's
	}
	evidence := fmt.Sprintf("%d others of the group, measured %s, stayed within ±2%% (%s)", len(steady), together(g), strings.Join(steady, ", "))
	var notes, open []string
	for _, s := range wide {
		label := fmt.Sprintf("%s (±%s)", s.Label(), widePct(relSpread(s.Cell)))
		if why, ok := spreadWhy[s.Value]; ok {
			notes = append(notes, fmt.Sprintf("The wide interval of %s comes from the strategy, not from a machine unsteady for the whole group: %s. Its cost varies by itself: %s.", label, evidence, why))
			continue
		}
		open = append(open, label)
	}
	if n := len(open); n > 0 {
		notes = append(notes, fmt.Sprintf("The wide %s of %s %s not the machine's unsteadiness over the whole group: %s. Either %s by %s, or the machine's slow spells hit %s harder than the steady ones.",
			text.Plural(n, "interval"), andList(open), text.Plural(n, "is", "are"), evidence,
			text.Plural(n, "its cost varies", "their costs vary"), text.Plural(n, "itself", "themselves"), text.Plural(n, "it", "them")))
	}
	return notes
}

// refWide reports whether the group's own reference, measured in the same
// rounds, is wider than ±5%: the machine's width, since sequential code's
// cost does not vary by itself.
func refWide(g *table) bool {
	return g.BaseCell != nil && !g.Borrowed && relSpread(g.BaseCell) > spreadLimit
}

// variesByItself reports whether s is a strategy whose cost is known to
// vary from run to run by itself (spreadWhy).
func variesByItself(s *speedup) bool {
	_, ok := spreadWhy[s.Value]
	return ok
}

// knownSpread says of each member wider than ±5% whose cost is known to
// vary by itself (spreadWhy) what ownSpread cannot, for want of two
// steady members in the group, and sharedSpread does not: its known cause,
// without ruling the machine out. (make report, 2026-12-05: "the machine
// was unsteady while this group ran (sequential ±5.4%, processes
// workers=2 ±17%)" bounded what the machine may have done by processes'
// own width.)
func knownSpread(g *table) []string {
	if g.run.get(contract.Scale) == contract.ScaleShort {
		return nil // quick mode's spread is its shrunk work's
	}
	wide, steady := spreads(g)
	if len(steady) >= 2 && !refWide(g) {
		return nil // ownSpread's
	}
	_, shared, _ := machineSpread(g)
	var notes []string
	for _, s := range wide {
		why, ok := spreadWhy[s.Value]
		// No interval is too few samples, which the table says.
		if !ok || slices.Contains(shared, s) || math.IsNaN(relSpread(s.Cell)) {
			continue
		}
		notes = append(notes, fmt.Sprintf("The interval of %s (±%s) is wide. Its cost varies by itself: %s. Fewer than two of the rest of the group stayed within ±2%%, so part of the width may be the machine's.",
			s.Label(), widePct(relSpread(s.Cell)), why))
	}
	return notes
}

// machineSpread returns, when the evidence points at the machine (see
// sharedSpread), the spread of g's reference and the members wider than
// ±5% (when the reference is wide too, those whose cost does not vary by
// itself, which may be none); ok is false otherwise, and in quick mode,
// whose spread is its shrunk work's.
func machineSpread(g *table) (base float64, wide []*speedup, ok bool) {
	if g.BaseCell == nil || g.Borrowed { // a reference of another group ran in other runs of the binary
		return 0, nil, false
	}
	if g.run.get(contract.Scale) == contract.ScaleShort {
		return 0, nil, false
	}
	base = relSpread(g.BaseCell)
	if math.IsNaN(base) {
		return 0, nil, false
	}
	wide, steady := spreads(g)
	n := len(wide) // the group's members wider than ±5%, the reference among them when it is
	if base > spreadLimit {
		n++
	}
	if len(wide) == 0 || n < 2 || (len(steady) >= 2 && base <= spreadLimit) {
		return 0, nil, false
	}
	if g.Axis.Key != strategyAxis.Key && base <= spreadLimit {
		return 0, nil, false // the CPUs' case is the strategies': the checkers run on one
	}
	if base > spreadLimit {
		// The reference's width is the machine's: its cost does not vary
		// by itself. A member's that does is no more evidence of it, and
		// its width no bound on what the machine did: knownSpread's.
		wide = slices.DeleteFunc(slices.Clone(wide), variesByItself)
	}
	return base, wide, true
}

// alternatives is what g's members are called: "strategies", or
// "alternatives" on another axis (the checkers', say).
func alternatives(g *table) string {
	if g.Axis.Key == strategyAxis.Key {
		return "strategies"
	}
	return "alternatives"
}

// spreadRange writes the widths from lo to hi: "±8.7–23%", or one width
// when both round alike.
func spreadRange(lo, hi float64) string {
	if widePct(lo) == widePct(hi) {
		return "±" + widePct(hi)
	}
	return "±" + strings.TrimSuffix(widePct(lo), "%") + "–" + widePct(hi)
}

// unsteadyLine is the summary's warning under a group's headline when the
// machine was unsteady while the group ran (sharedSpread's second case:
// its reference as wide as one or more of its members), or "". Like the
// section's note, it bounds what the machine may have done: a difference
// smaller than the widths, not a winner well clear of them.
func unsteadyLine(g *table) string {
	base, wide, ok := machineSpread(g)
	if !ok || base <= spreadLimit {
		return ""
	}
	if len(wide) == 0 {
		return fmt.Sprintf("the machine was unsteady while this group ran (%s ±%s): a difference smaller than this width may be the machine's; measure again on an idle machine, with more samples, before choosing by it.", escape(refName(g.group)), widePct(base))
	}
	others := fmt.Sprintf("%s ±%s", wide[0].Label(), widePct(relSpread(wide[0].Cell)))
	if len(wide) > 1 {
		lo, hi := math.Inf(1), 0.0
		for _, s := range wide {
			lo, hi = min(lo, relSpread(s.Cell)), max(hi, relSpread(s.Cell))
		}
		others = fmt.Sprintf("%d of its %s %s", len(wide), alternatives(g), spreadRange(lo, hi))
		if len(wide) == len(g.Members) {
			others = fmt.Sprintf("its %d %s %s", len(wide), alternatives(g), spreadRange(lo, hi))
		}
	}
	return fmt.Sprintf("the machine was unsteady while this group ran (%s ±%s, %s): a difference smaller than these widths may be the machine's; measure again on an idle machine, with more samples, before choosing by it.", escape(refName(g.group)), widePct(base), escape(others))
}

// wideList lists members with their spreads: "goroutines (±10%) and pool
// workers=2 (±8.0%)".
func wideList(wide []*speedup) string {
	var spans []string
	for _, s := range wide {
		spans = append(spans, fmt.Sprintf("%s (±%s)", s.Label(), widePct(relSpread(s.Cell))))
	}
	return andList(spans)
}

// sharedSpread says why a group's intervals are wide when the evidence
// points at the machine rather than at one strategy (ownSpread's case,
// two or more of the group within ±2%, is left to it): two or more of its
// strategies wider than ±5% while its reference, measured in the same
// rounds, stayed within ±5%, which is what jobs on several CPUs show on a
// machine whose CPUs share a core (docs/STEADY.md; strategy groups only);
// or its reference as wide as one or more of its members, which is the
// machine's throughout (on any axis: a checker's group of one reference
// and one alternative too). Either
// way a difference between the strategies smaller than their intervals
// may be the machine's, and the note says so: it is what keeps a winner
// by a few percent from reading as a lesson. Throttled members are
// throttleSpread's. prefix is the task's ("io" words the IO task's case).
func sharedSpread(g *table, prefix string) []string {
	base, wide, ok := machineSpread(g)
	if !ok {
		return nil
	}
	if base > spreadLimit && len(wide) == 0 {
		return []string{fmt.Sprintf("The interval of %s, the reference, is wide (±%s), and its cost does not vary by itself: the machine was unsteady while this group ran. A difference between the %s smaller than its interval may be the machine's; measure again on an idle machine, with more samples, before choosing by it.",
			refName(g.group), widePct(base), alternatives(g))}
	}
	list := wideList(wide)
	ref := fmt.Sprintf("%s's (±%s)", refName(g.group), widePct(base))
	if base > spreadLimit {
		n := len(wide)
		return []string{fmt.Sprintf("The %s of %s %s wide, and so is %s, measured %s: the machine was unsteady while this group ran. A difference between %s smaller than their intervals may be the machine's; measure again on an idle machine, with more samples, before choosing by it.",
			text.Plural(n, "interval"), list, text.Plural(n, "is", "are"), ref, together(g), text.Plural(n, "the two", "these "+alternatives(g)))}
	}
	jobs := "jobs that run on several CPUs at once far more than sequential code"
	if prefix == "io" { // the IO task waits on timers: its CPU work is handling the responses
		jobs = "jobs with many requests in flight (each response waits for a CPU to handle it, and one spell delays many) far more than requests made one at a time"
	}
	return []string{fmt.Sprintf("The intervals of %s are wider than %s, measured %s: a machine's slow spells hit %s (so they did on the VM that docs/STEADY.md measured, whose two vCPUs are one core's hyper-threads). Part of their spread may be the machine's, and so may a difference between them smaller than their intervals.",
		list, ref, together(g), jobs)}
}

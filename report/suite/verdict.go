package suite

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report/model"
)

// headline is the one-line result of a group for the summary.
func headline(g *table) string {
	ref := refName(g.group)
	w := g.Winner()
	r := g.Ranked()
	switch {
	case len(r) == 0:
		return "no speedup could be computed."
	case w != nil:
		if ties := tied(g.group, r, w); len(ties) > 0 {
			return tieLine(g, ref, append([]*speedup{w}, ties...)) + "."
		}
		return fmt.Sprintf("**%s** wins, **%s %s %s** (%s).", escape(w.Label()), times(w.Ratio.Center), g.Axis.Verb, escape(ref), timesInterval(w.Ratio))
	case r[0].Ratio.Center < 1 && r[0].Clear():
		return fmt.Sprintf("every alternative is slower than %s; the closest, %s, takes %s as long.", escape(ref), escape(r[0].Label()), times(1/r[0].Ratio.Center))
	}
	if r[0].Ratio.Center > 1 && r[0].Significant() && openInterval(r[0].Ratio) {
		// the U test needs fewer samples than a median's interval: the
		// difference is there, how large it is the samples cannot say
		return fmt.Sprintf("**%s** is %s %s by the U test (%s, p=%.3f), but %s give no interval for the speedup (%s): too few samples to name a winner or its size.",
			escape(r[0].Label()), g.Axis.Verb, escape(ref), times(r[0].Ratio.Center), r[0].Comparison.P, samplesOf(r[0]), escape(noIntervalMsg(g.BaseCell, r[0])))
	}
	if r[0].Ratio.Center > 1 && r[0].Significant() { // significant, but its interval holds 1×
		return fmt.Sprintf("nothing is %s %s beyond noise (highest median: %s, %s, p=%.3f, but its interval, %s, includes 1×).",
			g.Axis.Verb, escape(ref), escape(r[0].Label()), times(r[0].Ratio.Center), r[0].Comparison.P, timesInterval(r[0].Ratio))
	}
	s := fmt.Sprintf("nothing is significantly %s %s (highest median: %s, %s, p=%.3f)", g.Axis.Verb, escape(ref), escape(r[0].Label()), times(r[0].Ratio.Center), r[0].Comparison.P)
	if tooFew(r[0]) {
		s += fmt.Sprintf(": too few samples to tell, %d per benchmark (%s)", r[0].Comparison.N2, escape(tooFewMsg(r[0])))
	}
	// One ranked lower may pass the U test, its table row without ~, while
	// its speedup interval holds 1×: say so, or the table and this line
	// seem to disagree.
	for _, o := range r[1:] {
		if o.Ratio.Center > 1 && o.Significant() && !openInterval(o.Ratio) {
			s += fmt.Sprintf("; %s is by the U test (%s, p=%.3f), but its interval, %s, includes 1×", escape(o.Label()), times(o.Ratio.Center), o.Comparison.P, timesInterval(o.Ratio))
			break
		}
	}
	return s + "."
}

// tied returns the members ranked after the winner w that the numbers
// cannot tell from it: w's speedup interval holds their speedup, or the
// Mann-Whitney test finds no difference between the two samples. A winner
// the report names must be clear of the runner-up on both counts;
// otherwise the report calls it a tie.
func tied(g *group, r []*speedup, w *speedup) []*speedup {
	var out []*speedup
	seen := false
	for _, s := range r {
		if s == w {
			seen = true
			continue
		}
		if seen && (s.Ratio.Center >= w.Ratio.Lo || !significantlyFaster(g, w, s)) {
			out = append(out, s)
		}
	}
	return out
}

// tieLine says that the members ms tie: "**a** and **b** tie, **2.06×**
// and **2.03× faster than sequential** (1.72–2.19×, 1.70–2.21×)".
func tieLine(g *table, ref string, ms []*speedup) string {
	var names, ratios, ivs, unclear []string
	for _, s := range ms {
		names = append(names, "**"+escape(s.Label())+"**")
		ratios = append(ratios, times(s.Ratio.Center))
		ivs = append(ivs, timesInterval(s.Ratio))
		if !s.Clear() {
			unclear = append(unclear, escape(s.Label()))
		}
	}
	line := fmt.Sprintf("%s tie, **%s %s %s** (%s)", andList(names), andList(ratios), g.Axis.Verb, escape(ref), strings.Join(ivs, ", "))
	if len(unclear) > 0 {
		line += fmt.Sprintf(", though %s cannot be told from %s either", andList(unclear), escape(ref))
	}
	return line
}

// after returns the member ranked after w, or nil.
func after(r []*speedup, w *speedup) *speedup {
	for i, s := range r {
		if s == w && i+1 < len(r) {
			return r[i+1]
		}
	}
	return nil
}

// above returns the members ranked above w: faster medians whose
// difference from the reference is not significant, or whose speedup
// interval includes 1×.
func above(r []*speedup, w *speedup) []*speedup {
	for i, s := range r {
		if s == w {
			return r[:i]
		}
	}
	return nil
}

// significantlyFaster reports whether a's sample is significantly faster
// than b's.
func significantlyFaster(g *group, a, b *speedup) bool {
	if g.Assumption == nil {
		return false
	}
	c := g.Assumption.Compare(b.Cell.Sample, a.Cell.Sample)
	return !(c.P > c.Alpha) && a.Cell.Summary.Center < b.Cell.Summary.Center
}

// verdict is the paragraphs under a group's table: who wins on time
// (timeVerdict), then, with the per-piece units, the trade-off beside
// time (tradeoffVerdict).
func verdict(g *table) string {
	var paras []string
	for _, p := range []string{timeVerdict(g), tradeoffVerdict(g)} {
		if p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

// timeVerdict is the paragraph on time: who wins, by how much, how close
// to the limit, and whether the runner-up is really slower.
func timeVerdict(g *table) string {
	if g.Scaling {
		return scalingVerdict(g)
	}
	r := g.Ranked()
	if len(r) == 0 || g.BaseCell == nil {
		return ""
	}
	ref := refName(g.group)
	w := g.Winner()
	var b strings.Builder
	if w == nil {
		h := headline(g)
		return strings.ToUpper(h[:1]) + h[1:]
	}
	ties := tied(g.group, r, w)
	if len(ties) > 0 {
		fmt.Fprintf(&b, "%s: no winner.", tieLine(g, ref, append([]*speedup{w}, ties...)))
		fmt.Fprintf(&b, " **%s** has the highest speedup (median %s against %s for %s, p=%.3f against %s),",
			escape(w.Label()), humanTime(w.Cell.Summary.Center), humanTime(g.BaseCell.Summary.Center), escape(ref), w.Comparison.P, escape(ref))
		var why []string
		for _, s := range ties {
			c := g.Assumption.Compare(s.Cell.Sample, w.Cell.Sample)
			why = append(why, fmt.Sprintf("%s (%s, p=%.3f against it)", escape(s.Label()), times(s.Ratio.Center), c.P))
		}
		fmt.Fprintf(&b, " but on this machine it cannot be told from %s: the speedup is inside its interval, %s, or the difference is not significant.",
			andList(why), timesInterval(w.Ratio))
	} else {
		fmt.Fprintf(&b, "**%s** wins: %s against %s for %s, **%s %s %s** (interval %s, p=%.3f).",
			escape(w.Label()), humanTime(w.Cell.Summary.Center), humanTime(g.BaseCell.Summary.Center), escape(ref),
			times(w.Ratio.Center), g.Axis.Verb, escape(ref), timesInterval(w.Ratio), w.Comparison.P)
	}
	if g.Limit != nil {
		if l, ok := g.Limit(w); ok && l > 0 {
			fmt.Fprintf(&b, " That is %.0f%% of the %s limit", 100*w.Ratio.Center/l, times(l))
			switch {
			case w.Ratio.Center <= l:
				b.WriteString(".")
			case w.Ratio.Lo <= l:
				b.WriteString(": above it by no more than noise.")
			default:
				b.WriteString(": above it beyond noise, so the limit's assumptions (a fixed latency, an even split of the work) do not quite hold here.")
			}
		}
	}
	higher := above(r, w)
	for _, s := range higher {
		median := times(s.Ratio.Center)
		if median == times(w.Ratio.Center) { // higher, yet printed alike
			median = fmt.Sprintf("%.3f× against %.3f×", s.Ratio.Center, w.Ratio.Center)
		}
		if s.Comparison.P > s.Comparison.Alpha {
			fmt.Fprintf(&b, " (%s has a higher median, %s, but differs from %s by no more than noise: p=%.3f, interval %s.)",
				escape(s.Label()), median, escape(ref), s.Comparison.P, timesInterval(s.Ratio))
		} else {
			// The U test and the paired interval disagree: say both.
			fmt.Fprintf(&b, " (%s has a higher median, %s, and differs from %s by the U test, p=%.3f, but its interval, %s, includes 1×.)",
				escape(s.Label()), median, escape(ref), s.Comparison.P, timesInterval(s.Ratio))
		}
	}
	if next := after(r, w); next != nil && len(ties) == 0 {
		c := g.Assumption.Compare(next.Cell.Sample, w.Cell.Sample)
		lead, whose := "It beats the runner-up", "the runner-up's"
		if len(higher) > 0 { // those above were named: the next is not the second best
			lead, whose = "It beats the next below it", "its"
		}
		fmt.Fprintf(&b, " %s, %s (%s, outside the winner's interval): %s median time is %s (p=%.3f).",
			lead, escape(next.Label()), times(next.Ratio.Center), whose, magnitude(model.Ratio{Center: next.Cell.Summary.Center / w.Cell.Summary.Center}, "longer", "shorter"), c.P)
	}
	var slower []string
	for _, s := range r {
		if s.Ratio.Center < 1 && s.Clear() {
			slower = append(slower, escape(s.Label()))
		}
	}
	if len(slower) > 0 {
		fmt.Fprintf(&b, " Slower than %s (by the U test at α = %g, with an interval below 1×): %s.", escape(ref), r[0].Comparison.Alpha, strings.Join(slower, ", "))
	}
	return b.String()
}

// tooFew reports whether a comparison had too few samples to find any
// difference significant.
func tooFew(s *speedup) bool {
	for _, w := range s.Comparison.Warnings {
		if strings.Contains(w.Error(), "samples to detect") {
			return true
		}
	}
	return false
}

// openInterval reports whether a speedup's interval is open on a side:
// the samples (or pairs) were too few for benchmath to bound the median.
func openInterval(r model.Ratio) bool {
	return !(r.Lo > 0) || math.IsInf(r.Lo, 0) || !(r.Hi < math.Inf(1))
}

// samplesOf says how many samples or pairs a speedup comes from: "5
// pairs", "5 and 6 samples".
func samplesOf(s *speedup) string {
	switch {
	case s.Pairs > 0:
		return fmt.Sprintf("%d pairs", s.Pairs)
	case s.Comparison.N1 == s.Comparison.N2:
		return fmt.Sprintf("%d samples each", s.Comparison.N2)
	}
	return fmt.Sprintf("%d and %d samples", s.Comparison.N1, s.Comparison.N2)
}

// noIntervalMsg returns benchmath's warning that a sample was too small
// for a confidence interval, or a sentence of its own.
func noIntervalMsg(ref *model.Cell, s *speedup) string {
	for _, c := range []*model.Cell{s.Cell, ref} {
		for _, w := range c.Summary.Warnings {
			if strings.Contains(w.Error(), "confidence interval") {
				return w.Error()
			}
		}
	}
	return "too few for a confidence interval"
}

// tooFewMsg returns benchmath's warning about too few samples.
func tooFewMsg(s *speedup) string {
	for _, w := range s.Comparison.Warnings {
		if strings.Contains(w.Error(), "samples to detect") {
			return w.Error()
		}
	}
	return ""
}

// scalingVerdict says, per strategy, the best speedup, at how many
// workers, and the fewest workers within 5% of it.
func scalingVerdict(g *table) string {
	type best struct {
		top  *speedup
		knee *speedup
	}
	var order []string
	bests := make(map[string]*best)
	for _, s := range g.Members {
		if math.IsNaN(s.Ratio.Center) {
			continue
		}
		b := bests[s.Value]
		if b == nil {
			b = &best{}
			bests[s.Value] = b
			order = append(order, s.Value)
		}
		if b.top == nil || s.Ratio.Center > b.top.Ratio.Center {
			b.top = s
		}
	}
	var parts []string
	for _, v := range order {
		b := bests[v]
		for _, s := range g.Members {
			if s.Value == v && s.Ratio.Center >= 0.95*b.top.Ratio.Center && (b.knee == nil || workers(s) < workers(b.knee)) {
				b.knee = s
			}
		}
		p := fmt.Sprintf("**%s** peaks at %s with %s", escape(v), times(b.top.Ratio.Center), escape(strings.Join(b.top.Free, " ")))
		if g.Limit != nil {
			if l, ok := g.Limit(b.top); ok && l > 0 {
				p += fmt.Sprintf(" (limit %s)", times(l))
			}
		}
		if b.knee != b.top {
			p += fmt.Sprintf(" and is within 5%% of that from %s on", escape(strings.Join(b.knee.Free, " ")))
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "; ") + "."
}

// workers returns the member's worker count, or 0.
func workers(s *speedup) int {
	n, _ := strconv.Atoi(s.Key(contract.Workers))
	return n
}

package report

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/parse"
)

// probeWhat says in words what the runner's machine probe is.
const probeWhat = "The machine probe of concbench bench (the same fixed work on every CPU at once, before and after every group run: one run of a test binary for one -bench group)"

// remeasuredNote says, for the inputs whose runner probed the machine
// around its group runs (contract.ProbeLine), how many of those runs the
// probe found disturbed, how slow the probes next to them were against the
// bound, and how many were set aside and measured again, dropped (still
// disturbed when the runner could measure them again no more) or, in files
// of earlier runners, kept all the same; "" when no input carries the
// probe's lines. Which runs count was decided by the probes and the stalls alone, when
// the runs were measured: the note reports it, from the input's notes, and
// changes nothing.
func remeasuredNote(inputs []parse.InputInfo) string {
	var calm, notes []string
	stalled := false // a calm input had its runs' stall read
	for _, in := range inputs {
		s := probeSummary(in.Notes)
		switch {
		case s.probes == 0:
			continue
		case s.aside+s.kept == 0:
			c := fmt.Sprintf("%s (bound %s)", text.Code(in.Label), s.bound)
			if s.stalls.n > 0 {
				stalled = true
				c = fmt.Sprintf("%s (bound %s; the runs' CPU stall %s of their time)", text.Code(in.Label), s.bound, s.stalls)
			}
			calm = append(calm, c)
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "found disturbed group runs in %s: %d, in %s of %d, ", text.Code(in.Label), s.aside+s.kept, roundList(s.disturbedRounds), s.rounds)
		probed := fmt.Sprintf("next to a probe %s slower than the run's typical probe (beyond the bound of %s)", s.slow, s.bound)
		byStall := fmt.Sprintf("whose CPU stall (the share of the run's time in which some task of the system waited for a CPU) was %s points above its group's typical stall (beyond the stall bound of %s points)",
			s.stall.points(), s.stallBound.points())
		switch {
		case s.stall.n == 0:
			b.WriteString(probed + ".")
		case s.slow.n == 0:
			b.WriteString(byStall + ".")
		default:
			fmt.Fprintf(&b, "%d %s, and %d %s.", s.slow.n, probed, s.stall.n, byStall)
		}
		if s.aside > 0 {
			fmt.Fprintf(&b, " Set aside and measured again in the same round: %d; the results set aside stay in the file as comment lines, which this report, like benchstat, leaves out.", s.aside)
		}
		if s.dropped > 0 {
			runs := fmt.Sprintf("%d group runs", s.dropped)
			if s.dropped == 1 {
				runs = "1 group run"
			}
			fmt.Fprintf(&b, " Still disturbed after the runner had measured them again as often as it may: %s, in %s, so that those rounds have no result of those groups (n counts the results kept).", runs, roundList(s.droppedRounds))
		}
		if s.kept > 0 {
			var why []string
			if s.keptSlow.n > 0 {
				why = append(why, s.keptSlow.String()+" slower")
			}
			if s.keptStall.n > 0 {
				why = append(why, "a stall "+s.keptStall.points()+" points above typical")
			}
			fmt.Fprintf(&b, " Kept all the same, the runner having measured their group again as often as it may: %d (%s); those results are in the figures (a group keeps its least disturbed run of a round when it was disturbed in most rounds, or when dropping the round would leave its benchmarks fewer than 6 samples, too few for an interval, or fewer than 7 where 7 or more rounds were planned, too few for the regression gate over a suite).", s.kept, strings.Join(why, "; "))
		}
		notes = append(notes, b.String())
	}
	var out []string
	if len(calm) > 0 {
		stall := ""
		if stalled {
			stall = ", and no run's CPU stall (the share of its time in which some task of the system waited for a CPU) exceeded its group's typical stall by more than the stall bound"
		}
		out = append(out, fmt.Sprintf("%s found no disturbed group run in %s: no probe next to a group run was slower than the run's typical probe by more than the bound%s.",
			probeWhat, strings.Join(calm, ", "), stall))
	}
	for _, n := range notes {
		what := probeWhat
		if len(out) > 0 {
			what = "The machine probe"
		}
		out = append(out, what+" "+n)
	}
	return strings.Join(out, " ")
}

// roundList writes rounds 2, 5 and 6 as "rounds 2, 5 and 6", one as
// "round 2".
func roundList(rounds map[int]bool) string {
	var ns []string
	for _, r := range slices.Sorted(maps.Keys(rounds)) {
		ns = append(ns, strconv.Itoa(r))
	}
	return text.Plural(len(ns), "round") + " " + text.List(ns)
}

// A probeStats is what an input's notes say of its machine probe.
type probeStats struct {
	probes, rounds  int
	slowish         int  // probes more than slowishProbe slower than typical (see unsteadyNote)
	manyCPUs        bool // a probe of more than 2 CPUs
	aside, kept     int
	dropped         int // of aside: the last runs of their group in a round, none kept
	disturbedRounds map[int]bool
	droppedRounds   map[int]bool
	bound           span // the bounds the probes were judged by
	slow, keptSlow  span // the slowness of the runs disturbed by their probes, and of those kept
	// stall is the stall excess of the runs named by their stall (the
	// rule they failed most), stallBound the stall bounds they were
	// judged by.
	stall, stallBound span
	keptStall         span // of stall: those kept
	stalls            span // the stall of every run whose probe after it gives one
}

func probeSummary(notes []string) probeStats {
	s := probeStats{disturbedRounds: make(map[int]bool), droppedRounds: make(map[int]bool)}
	probeRounds := make(map[int]bool)
	for _, line := range notes {
		if p, ok := contract.ParseProbe(line); ok {
			s.probes++
			probeRounds[p.Round] = true
			if p.Slow > slowishProbe {
				s.slowish++
			}
			s.manyCPUs = s.manyCPUs || len(p.CPUs) > 2
			s.bound.add(p.Bound)
			if p.Stalled {
				s.stalls.add(p.Stall)
			}
		}
		if _, ok := contract.RoundDone(line); ok {
			s.rounds++
		}
		d, ok := contract.ParseDisturbed(line)
		if !ok {
			continue
		}
		s.disturbedRounds[d.Round] = true
		slow := max(d.Before, d.After)
		// A run is named by the rule it failed most, as the runner scores
		// it: its probes' slowness over their bound, or its stall's excess
		// over the stall bound (the header's figures are rounded to a
		// tenth of a percent, so a run just beyond a bound may read as on
		// it).
		x, all, kept := slow, &s.slow, &s.keptSlow
		if d.StallBound > 0 && d.Bound > 0 && d.Stall/d.StallBound > slow/d.Bound {
			x, all, kept = d.Stall, &s.stall, &s.keptStall
			s.stallBound.add(d.StallBound)
		}
		all.add(x)
		if d.Kept {
			s.kept++
			kept.add(x)
		} else {
			s.aside++
		}
		if d.Dropped {
			s.dropped++
			s.droppedRounds[d.Round] = true
		}
	}
	if s.rounds == 0 { // a file cut short: count the rounds probed
		s.rounds = len(probeRounds)
	}
	return s
}

// A span is the range of some fractions, written as percentages.
type span struct {
	lo, hi float64
	n      int
}

func (s *span) add(x float64) {
	if s.n == 0 || x < s.lo {
		s.lo = x
	}
	if s.n == 0 || x > s.hi {
		s.hi = x
	}
	s.n++
}

// points writes 0.23–0.41 as 23–41, points of a share.
func (s span) points() string { return strings.TrimSuffix(s.String(), "%") }

// String writes 0.23–0.41 as 23–41%, and one value as 23%.
func (s span) String() string {
	lo, hi := fmt.Sprintf("%.0f", 100*s.lo), fmt.Sprintf("%.0f", 100*s.hi)
	if lo == hi {
		return lo + "%"
	}
	return lo + "–" + hi + "%"
}

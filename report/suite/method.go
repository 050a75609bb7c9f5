package suite

import "fmt"

// A speedupMethod says how the speedups of tables were computed: how many
// paired by round (see pairedSpeedup), how many from the medians.
type speedupMethod struct{ paired, medians int }

// add counts the members of g that have a speedup.
func (s *speedupMethod) add(g *table) {
	if g.BaseCell == nil {
		return
	}
	for _, m := range g.Members {
		if m.Pairs > 0 {
			s.paired++
		} else {
			s.medians++
		}
	}
}

// methodOf counts the speedups of the tables by method.
func methodOf(tables ...*table) speedupMethod {
	var s speedupMethod
	for _, g := range tables {
		s.add(g)
	}
	return s
}

// mixed reports whether some speedups are paired and some are not.
func (s speedupMethod) mixed() bool { return s.paired > 0 && s.medians > 0 }

// sentence names the method of a task's or a table's speedups in one
// sentence, or "" when it has none.
func (s speedupMethod) sentence() string {
	switch {
	case s.mixed():
		return fmt.Sprintf("%d speedups are paired by round, %d (of results without rounds) the ratio of the medians; each table says which (see [Method](#method)).", s.paired, s.medians)
	case s.paired > 0:
		return "Speedups are paired by round: the median of the reference's time over the strategy's, of runs measured in the same round (see [Method](#method))."
	case s.medians > 0:
		return "Speedups are the ratio of the medians, with a conservative interval: these results have no rounds to pair (see [Method](#method))."
	}
	return ""
}

// howTo describes the speedup column for the "How to read" paragraph.
func (s speedupMethod) howTo(confidence float64) string {
	paired := fmt.Sprintf("paired by round, the median over the pairs of runs of the reference and the strategy measured in the same round of the reference's time over the strategy's, in parentheses the %.0f%% interval of that median (∞: too few pairs for one)", confidence*100)
	medians := fmt.Sprintf("the reference's median time over the strategy's, in parentheses its interval from the two medians' %.0f%% intervals (conservative; ∞: too few samples for one)", confidence*100)
	switch {
	case s.mixed():
		return paired + " where the results have rounds, else " + medians
	case s.paired > 0:
		return paired
	}
	return medians
}

// methodItems are the "## Method" items on the speedups the report shows.
func (s speedupMethod) methodItems(confidence float64) []string {
	group := " A strategy is named faster or slower than its reference, and drawn filled in the speedup charts, only when both hold: the Mann-Whitney U test finds the difference at α, and its speedup interval leaves out 1×." +
		" A group is a benchmark and its name keys other than strategy, workers and order; a benchmark without its own sequential (the scaling benchmarks) uses the sequential of the benchmark with the same keys."
	paired := fmt.Sprintf("**Speedup, paired by round** (results of `concbench bench`, whose every round runs each benchmark group, most of them at its start and again at its end): in each round, the k-th run of the reference (`strategy=sequential` of the same group) and the k-th run of the strategy form a pair (where they ran a different number of times in a round, the round gives one pair, of the geometric means of their runs); the speedup is the median of the pairs' ratios, the reference's time over the strategy's, and its interval the distribution-free %.0f%% interval of that median (benchmath's, as benchstat's interval of a median). A slow spell of the machine that hits both runs of a pair leaves their ratio as it is, where an interval from the two medians' intervals spans it.", confidence*100)
	medians := fmt.Sprintf("**Speedup** = median time of the reference (`strategy=sequential` of the same group) / median time of the strategy, with the interval [reference low / strategy high, reference high / strategy low] from the two medians' %.0f%% intervals: conservative, it holds whenever both do.", confidence*100)
	switch {
	case s.mixed():
		return []string{paired + group, medians + " Used for the results without rounds (plain `go test -count` output)."}
	case s.paired > 0:
		return []string{paired + group}
	}
	return []string{medians + group}
}

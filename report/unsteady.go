package report

import (
	"fmt"
	"strings"

	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/parse"
)

// Slow spells shorter than a group run pass between the machine probes
// unseen, but they slow some probes too: the share of probes more than
// slowishProbe slower than typical says how much of a run's time the
// machine spent in them. On the 2-vCPU reference machine (docs/STEADY.md,
// 2026-12-05) make report's runs had 2.0–6.5% such probes when 5–6 of
// their 50 benchmarks missed ±5%, 9.6–14.8% when 11–22 did, and, on
// another host that evening, 30.5–43.2% when 28–32 did. unsteadyShare is
// the share beyond which the report says the machine was often unsteady:
// above every calm run, at the noisy ones.
const (
	slowishProbe  = 0.10
	unsteadyShare = 0.10
	// unsteadyMin is the fewest probes the share is judged on: at 20, a
	// calm machine whose share is 5–6.5% still shows more than a tenth
	// slow 7–14% of the time.
	unsteadyMin = 40
)

// unsteadyNote says, of the inputs whose runner probed the machine, those
// in which more than unsteadyShare of the probes ran more than slowishProbe
// slower than typical: a machine often unsteady, whose spells the runs
// measured again cannot remove, since most are shorter than a run. It
// reads the probes alone, never a benchmark's value; "" when no input was
// unsteady.
func unsteadyNote(inputs []parse.InputInfo) string {
	var noisy []string
	manyCPUs := false
	for _, in := range inputs {
		s := probeSummary(in.Notes)
		manyCPUs = manyCPUs || s.manyCPUs
		if s.probes < unsteadyMin || float64(s.slowish) <= unsteadyShare*float64(s.probes) {
			continue
		}
		noisy = append(noisy, fmt.Sprintf("%s (%d of its %d probes, %.0f%%)", text.Code(in.Label), s.slowish, s.probes, 100*float64(s.slowish)/float64(s.probes)))
	}
	if len(noisy) == 0 {
		return ""
	}
	basis := "calm runs on concbench's reference machine, of 2 CPUs, had 2–7% (docs/STEADY.md in its repository)"
	if manyCPUs {
		basis += "; a probe is as slow as its slowest CPU, so on more CPUs a calm machine shows more such probes"
	}
	return fmt.Sprintf("The machine was often unsteady during the runs of %s: that share of the machine probes ran more than %.0f%% slower than typical, where %s. Most such spells are shorter than a group run and fall between two probes, so measuring again the runs next to slow probes cannot remove them: they widen the intervals of every benchmark, sequential ones too. Unless this report gives an interval a cause of its own, one wider than ±5%% here is most likely the machine's: close other programs, or take more samples (-count), and measure again before choosing by a difference smaller than it.",
		strings.Join(noisy, ", "), 100*slowishProbe, basis)
}

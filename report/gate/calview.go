package gate

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// WriteText writes the calibration: the false-alarm rate at the method's
// threshold, the smallest threshold that holds α, a row per benchmark
// with the rounds each side has a value in, its A/A noise, the change it
// could detect and its false alarms,
// and, when measured, each test's false alarms and power, and the one the
// rule chooses.
func (c *Calibration) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "calibration: %d A/A trials of %d vs %d rounds, resampled by whole rounds from the recording (%d benchmarks)\n",
		c.Trials, c.N, c.N, len(c.Noise))
	fmt.Fprintf(&b, "method: %s: α = %s, threshold %s\n", c.Method.name(), pct(c.Method.Alpha), pct(c.Method.Threshold))
	fmt.Fprintf(&b, "false alarms at threshold %s: %.1f%% of trials (the gate holds them at %s)", pct(c.Method.Threshold), 100*c.FalseAlarm, pct(c.Method.Alpha))
	fmt.Fprintf(&b, "; with no threshold: %.1f%%", 100*c.NoThreshold)
	if c.Undecided > 0 {
		fmt.Fprintf(&b, "; could not decide in %.1f%%: too few samples", 100*c.Undecided)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "smallest threshold that keeps false alarms ≤ %s: %s", pct(c.Method.Alpha), pct(c.MinThreshold))
	if c.MinThreshold == 0 {
		b.WriteString(" (Holm's procedure alone holds the rate; set -threshold to the smallest change worth failing CI for)")
	} else {
		b.WriteString(" (set -threshold at least this high)")
	}
	b.WriteString("\n\n")
	rows := [][]string{{"benchmark", "unit", "rounds A/B", "A/A change 95%", "could detect", "false alarms"}}
	for _, n := range c.Noise {
		d := "never"
		if !math.IsInf(n.Detectable, 0) && !math.IsNaN(n.Detectable) {
			d = "≥ " + DetectPct(n.Detectable)
		}
		rows = append(rows, []string{n.Name, n.Unit, fmt.Sprintf("%d/%d of %d", n.RoundsA, n.RoundsB, n.Rounds), fmt.Sprintf("%+.1f%% … %+.1f%%", 100*n.Lo, 100*n.Hi), d, fmt.Sprint(n.Alarms)})
	}
	align(&b, rows)
	if len(c.Candidates) > 0 {
		fmt.Fprintf(&b, "\ntests compared in the same trials, at α = %s and threshold %s (false alarms: trials in which the gate failed at all; power: one benchmark made slower, named and nothing else):\n\n",
			pct(c.Method.Alpha), pct(c.Method.Threshold))
		head := []string{"test", "-pair", "false alarms"}
		for _, f := range Factors {
			head = append(head, fmt.Sprintf("×%g named", f))
		}
		head = append(head, "paired", "")
		rows := [][]string{head}
		for _, f := range c.Candidates {
			row := []string{f.Pairing.Test(), f.Pairing.String(), fmt.Sprintf("%.1f%%", 100*f.FalseAlarm)}
			for _, p := range f.Power {
				row = append(row, fmt.Sprintf("%.1f%%", 100*p))
			}
			row = append(row, fmt.Sprintf("%.0f%%", 100*f.Paired), "")
			rows = append(rows, row)
		}
		align(&b, rows)
		fmt.Fprintf(&b, "\nthe rule (the paired test with the most power at ×%g among those with false alarms ≤ α, if it beats unpaired's by %s) chooses: %s (%s); the gate now uses %s (-pair sets it)\n",
			ChoiceFactor, pct(ChoiceMargin), c.Choice, c.Why, c.Method.Pairing.resolve())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

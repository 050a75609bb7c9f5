package trend

import (
	"math"
	"strings"
	"testing"

	"github.com/concbench/concbench/report/changepoint"
	"github.com/concbench/concbench/report/gate"
)

// three returns a sample of three values around each level.
func three(levels ...float64) [][]float64 {
	var rs [][]float64
	for i, l := range levels {
		rs = append(rs, []float64{l * 0.99, l * (1 + float64(i%3)*0.001), l * 1.01})
	}
	return rs
}

// Rule: with 3 samples a run the U test cannot tell one run from another
// (no two-sided p below 0.1), so the level is never pooled blind: the
// reviewer's shape, six runs of 3 samples with a +20% step at run 5 that
// the change-point test misses (-min-segment 3) and run 6 equal to run 5,
// gates run 6 against run 5 alone and does not call it slower; the report
// says why, in words.
func TestLevelNotPooledBlind(t *testing.T) {
	for _, minSegment := range []int{2, 3} {
		res, err := Analyze([]Series{
			{Name: "A-2", Unit: "sec/op", Better: gate.LowerIsBetter, Samples: three(1, 1, 1, 1, 1.2, 1.2)},
			{Name: "B-2", Unit: "sec/op", Better: gate.LowerIsBetter, Samples: three(1, 1, 1, 1, 1, 1)},
		}, Options{Detect: changepoint.Config{MinSegment: minSegment}})
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range res.Trends {
			if tr.Level != 4 {
				t.Errorf("-min-segment %d: %s: level from run %d, want run 5 alone", minSegment, tr.Name, tr.Level+1)
			}
			if tr.Verdict == nil || tr.Verdict.Kind == gate.Slower {
				t.Errorf("-min-segment %d: %s: newest run %+v, want not slower", minSegment, tr.Name, tr.Verdict)
			}
		}
		if res.Gate.Decision == gate.Regression {
			t.Errorf("-min-segment %d: %s: %s", minSegment, res.Gate.Decision, res.Gate.Reason)
		}
		if minSegment == 3 {
			fr := &FileResult{Result: res, Runs: make([]Run, 6)}
			var text strings.Builder
			if err := fr.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			md := fr.Markdown("")
			const want = "3 samples a run cannot tell runs apart"
			for name, out := range map[string]string{"TREND.md": md, "stdout": text.String()} {
				if !strings.Contains(out, want) || !strings.Contains(out, "gated against the run before it alone") {
					t.Errorf("%s does not say that the level is not pooled:\n%s", name, out)
				}
			}
		}
	}
}

// Rule: the level stops at a run the U test cannot tell apart at these
// sizes even when its median is within the threshold (Blind says so), and
// at a run whose median is beyond the gate's threshold from the run
// before the newest even when the U test cannot reject.
func TestLevelStops(t *testing.T) {
	level, blind := steadyFrom(three(1, 1, 1, 1, 1.03, 1.03), 0, 5, gate.Default.Threshold)
	if level != 4 || blind == nil || blind.Run != 3 || blind.N1 != 3 || blind.N2 != 3 || math.Abs(blind.MinP-0.1) > 1e-9 {
		t.Errorf("3 samples a run: level from run %d, %+v; want run 5 alone, run 4 blind at p ≥ 0.1", level+1, blind)
	}
	// Five overlapping samples a run whose medians differ by 10%: the U
	// test cannot reject (p > 0.05) although it could at these sizes.
	noisy := [][]float64{
		{1.0, 0.8, 1.25, 0.9, 1.15},
		{1.0, 0.8, 1.25, 0.9, 1.15},
		{1.1, 0.85, 1.3, 0.95, 1.2},
		{1.1, 0.85, 1.3, 0.95, 1.2},
	}
	if differ(noisy[1], noisy[2]) {
		t.Fatal("the noisy runs differ by the U test: not a test of the threshold")
	}
	if level, blind := steadyFrom(noisy, 0, 3, 1); level != 0 || blind != nil {
		t.Fatalf("no threshold: level from run %d, %+v; want runs 1–3 pooled", level+1, blind)
	}
	if level, blind := steadyFrom(noisy, 0, 3, gate.Default.Threshold); level != 2 || blind != nil {
		t.Errorf("threshold 5%%: level from run %d, %+v; want run 3 alone (run 2 is 10%% lower)", level+1, blind)
	}
}

package changepoint

import (
	"strings"
	"testing"
)

func runs(levels ...float64) [][]float64 {
	var rs [][]float64
	for i, l := range levels {
		rs = append(rs, []float64{l * 0.99, l, l * 1.01, l * 1.005, l * 0.995, l * (1 + float64(i%3)*0.001)})
	}
	return rs
}

// TestAnalyze: the series that changed comes first, with its change
// point; the newest run's verdict follows the gate's rules, the direction
// of the unit, and says when too few samples cannot decide.
func TestAnalyze(t *testing.T) {
	series := []Series{
		{Name: "Flat", Unit: "sec/op", Runs: runs(1, 1, 1, 1, 1)},
		{Name: "Stepped", Unit: "sec/op", Runs: runs(1, 1, 2, 2, 2)},
		{Name: "NewestSlower", Unit: "sec/op", Runs: runs(1, 1, 1, 1, 1.5)},
		{Name: "NewestFewerOps", Unit: "ops/s", HigherIsBetter: true, Runs: runs(10, 10, 10, 10, 5)},
		{Name: "NewestFaster", Unit: "sec/op", Runs: runs(1, 1, 1, 1, 0.5)},
		{Name: "Tiny", Unit: "sec/op", Runs: [][]float64{{1}, {1}, {2}}},
		{Name: "Missing", Unit: "sec/op", Runs: [][]float64{{1, 1}, {1, 1}, nil}},
	}
	trends, err := Analyze(series, Config{}, Gate{Threshold: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	if trends[0].Name != "Stepped" || len(trends[0].Changes) != 1 || trends[0].Changes[0].Index != 2 {
		t.Fatalf("first trend %s with changes %+v, want Stepped with a change at run 2", trends[0].Name, trends[0].Changes)
	}
	want := map[string]Kind{
		"Flat": Same, "Stepped": Same, "NewestSlower": Regression, "NewestFewerOps": Regression,
		"NewestFaster": Improvement, "Tiny": Undecided, "Missing": Undecided,
	}
	for _, tr := range trends {
		if tr.Newest.Kind != want[tr.Name] {
			t.Errorf("%s: newest run %v (%+v), want %v", tr.Name, tr.Newest.Kind, tr.Newest, want[tr.Name])
		}
		if len(tr.Points) != len(tr.Runs) {
			t.Errorf("%s: %d points for %d runs", tr.Name, len(tr.Points), len(tr.Runs))
		}
	}
	for _, tr := range trends {
		if tr.Name == "Stepped" && tr.Newest.Baseline != 2 {
			t.Errorf("Stepped: newest run compared from run %d, want 2 (the level since the change)", tr.Newest.Baseline)
		}
		if tr.Name == "Tiny" && !strings.Contains(tr.Newest.Reason, "cannot reach significance") {
			t.Errorf("Tiny: reason %q", tr.Newest.Reason)
		}
	}
	if _, err := Analyze(series, Config{}, Gate{Alpha: 3}); err == nil {
		t.Error("gate alpha 3 accepted")
	}
}

package parse

import (
	"slices"
	"testing"
)

// Rule: a label made from a path is the shortest part that tells it apart
// from the others; a given label wins.
func TestShortLabels(t *testing.T) {
	in := func(labels ...string) []InputInfo {
		var out []InputInfo
		for _, l := range labels {
			src := Sources([]string{l})[0]
			out = append(out, InputInfo{Run: Run{Label: src.Label}, Named: src.Named})
		}
		return out
	}
	for _, c := range []struct {
		inputs []InputInfo
		want   []string
	}{
		{in("/r/javor_bench_v1_sequential.txt", "/r/javor_bench_v1_worker_pool.txt", "/r/javor_bench_v6_worker_pool.txt"),
			[]string{"v1_sequential", "v1_worker_pool", "v6_worker_pool"}},
		{in("old.txt", "new.txt"), []string{"old", "new"}},
		{in("runs/a/bench.txt", "runs/b/bench.txt"), []string{"a", "b"}},
		{in("runs/1.txt", "runs/2.txt", "runs/10.txt"), []string{"1", "2", "10"}},
		{in("../testdata/x.txt"), []string{"x.txt"}},
		{in("base=/r/a.txt", "/r/b_x.txt", "/r/b_y.txt"), []string{"base", "x", "y"}},
		{in("x.txt", "x.txt.bak"), []string{"x.txt", "x.txt.bak"}},
		{in("testdata/plain.txt", "testdata/plain.old.txt"), []string{"plain.txt", "plain.old.txt"}},
		{in("-", "a.txt"), []string{"-", "a.txt"}},
		// A short label that would equal a given one: whole labels.
		{in("old=a.txt", "/r/old.txt", "/r/new.txt"), []string{"old", "/r/old.txt", "/r/new.txt"}},
	} {
		var labels []string
		for _, i := range c.inputs {
			labels = append(labels, i.Label)
		}
		if got := ShortLabels(c.inputs); !slices.Equal(got, c.want) {
			t.Errorf("ShortLabels(%q) = %q, want %q", labels, got, c.want)
		}
	}
	// The same path twice is told apart by its "#N".
	srcs := Sources([]string{"a.txt", "a.txt"})
	two := []InputInfo{{Run: Run{Label: srcs[0].Label}}, {Run: Run{Label: srcs[1].Label}}}
	if got, want := ShortLabels(two), []string{"#0", "#1"}; !slices.Equal(got, want) {
		t.Errorf("ShortLabels(a.txt twice) = %q, want %q", got, want)
	}
}

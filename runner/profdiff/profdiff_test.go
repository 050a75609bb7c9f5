package profdiff

import (
	"strings"
	"testing"
	"time"

	"github.com/google/pprof/profile"
)

// cpuProfile builds a CPU profile of stacks (leaf first) and their times.
func cpuProfile(stacks map[string]time.Duration) *profile.Profile {
	p := &profile.Profile{SampleType: []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}}}
	funcs := map[string]*profile.Function{}
	for stack, d := range stacks {
		s := &profile.Sample{Value: []int64{int64(d / (10 * time.Millisecond)), int64(d)}}
		for _, name := range strings.Split(stack, " ") {
			f := funcs[name]
			if f == nil {
				f = &profile.Function{ID: uint64(len(funcs) + 1), Name: name}
				funcs[name] = f
				p.Function = append(p.Function, f)
			}
			loc := &profile.Location{ID: uint64(len(p.Location) + 1), Line: []profile.Line{{Function: f}}}
			p.Location = append(p.Location, loc)
			s.Location = append(s.Location, loc)
		}
		p.Sample = append(p.Sample, s)
	}
	return p
}

// TestCompare: flat time is the leaf's, cumulative every function's on
// the stack once, a preemption frame counts for the function it
// interrupted, and the lists put the largest growth first.
func TestCompare(t *testing.T) {
	ms := time.Millisecond
	base := cpuProfile(map[string]time.Duration{
		"main.Mix main.Bench":                      800 * ms,
		"main.Prep main.Bench":                     200 * ms,
		"runtime.asyncPreempt main.Mix main.Bench": 100 * ms,
	})
	nw := cpuProfile(map[string]time.Duration{
		"main.Mix main.Bench":                      1000 * ms,
		"main.Prep main.Bench":                     210 * ms,
		"runtime.asyncPreempt main.Mix main.Bench": 200 * ms,
		"main.Mix main.Mix main.Bench":             50 * ms, // recursion counts once in cum
	})
	d, err := Compare(base, nw)
	if err != nil {
		t.Fatal(err)
	}
	flat := d.Flat(Top)
	if len(flat) != 2 || flat[0].Name != "main.Mix" || flat[0].BaseFlat != 900*ms || flat[0].NewFlat != 1250*ms || flat[1].Name != "main.Prep" {
		t.Errorf("flat: %+v", flat)
	}
	cum := d.Cum(Top)
	if len(cum) != 3 || cum[0].Name != "main.Bench" || cum[0].CumGrowth() != 360*ms || cum[1].Name != "main.Mix" || cum[1].NewCum != 1250*ms {
		t.Errorf("cum: %+v", cum)
	}
	for _, f := range d.Funcs {
		if f.Name == "runtime.asyncPreempt" {
			t.Errorf("the preemption frame is listed: %+v", f)
		}
	}
	if d.BaseTotal != 1100*ms || d.NewTotal != 1460*ms {
		t.Errorf("totals %v → %v", d.BaseTotal, d.NewTotal)
	}
	var text, md strings.Builder
	d.WriteText(&text)
	d.WriteMarkdown(&md)
	if !strings.Contains(text.String(), "+350ms   flat 900ms → 1.25s") || !strings.Contains(md.String(), "| `main.Mix` | 900ms → 1.25s | +350ms |") {
		t.Errorf("text:\n%s\nmarkdown:\n%s", text.String(), md.String())
	}
	if _, err := Compare(&profile.Profile{SampleType: []*profile.ValueType{{Type: "alloc_space", Unit: "bytes"}}}, nw); err == nil {
		t.Error("a heap profile compared as a CPU profile")
	}
}

package bisect

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report/gate"
)

// TestReadSamplesPasses: the values of two results files measured in the
// same pass of the runner get the same number, so that the gate pairs
// them; a pass of another run, or a round without one, another number; a
// span keeps only its rounds; the header's pkg applies to every round.
func TestReadSamplesPasses(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, passes ...contract.Pass) string {
		text := "commit: abc\npkg: example.com/m\n"
		for i, p := range passes {
			text += "BenchmarkX-2 \t 10\t 100 ns/op\n" + contract.RoundDoneIn(i+1, p)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	a1, a2, b1 := contract.Pass{Run: "A", Index: 1}, contract.Pass{Run: "A", Index: 2}, contract.Pass{Run: "B", Index: 1}
	good := write("good.txt", a1, a2, b1)
	commit := write("commit.txt", b1, contract.Pass{})
	ps := make(passes)
	g, err := readSamples(good, nil, ps)
	if err != nil {
		t.Fatal(err)
	}
	c, err := readSamples(commit, nil, ps)
	if err != nil {
		t.Fatal(err)
	}
	k := Key{Pkg: "example.com/m", Name: "BenchmarkX", Procs: "-2"}
	gp, cp := g.passes[k], c.passes[k]
	if len(gp) != 3 || len(cp) != 2 || len(g.values[k]) != 3 {
		t.Fatalf("passes %v and %v, values %v; want 3 and 2 of %v", gp, cp, g.values, k)
	}
	if gp[2] != cp[0] || slices.Contains(gp[:2], cp[0]) || slices.Contains(gp, cp[1]) || gp[0] == gp[1] {
		t.Errorf("GOOD's passes %v, the commit's %v: want only GOOD's third equal to the commit's first", gp, cp)
	}
	s, err := readSamples(good, []span{{From: 2, To: 3}}, make(passes))
	if err != nil || len(s.values[k]) != 1 {
		t.Errorf("span (2, 3]: %v values (%v), want the third round's", s.values[k], err)
	}
}

// TestDecideRenamed: helper 30's case. BAD has no results of a benchmark
// GOOD has (BenchmarkSum renamed BenchmarkAdd between them): BAD's step
// compares the benchmarks both have, finds Mix slower, and the result
// notes Sum as not hunted, where BAD was "could not be measured"; with no
// benchmark in common, it is skipped, saying why.
func TestDecideRenamed(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, benches map[string]float64) string {
		text := "commit: abc\npkg: example.com/m\n"
		for i := range 8 {
			for _, n := range slices.Sorted(maps.Keys(benches)) {
				text += fmt.Sprintf("Benchmark%s-2 \t 1000\t %.0f ns/op\n", n, benches[n]*(1+float64(i%4)/100))
			}
			text += contract.RoundDoneIn(i+1, contract.Pass{Run: "A", Index: i + 1})
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("good.txt", map[string]float64{"Mix": 1000, "Sum": 500})
	bad := write("bad.txt", map[string]float64{"Mix": 1300, "Add": 500})
	b := &bisector{cfg: Config{Method: gate.Default}, res: Result{StepMethod: gate.Default, MaxLooks: 1}, badChange: map[Key]float64{}}
	var st Step
	if err := b.decide(&st, nil, good, nil, bad, nil); err != nil {
		t.Fatal(err)
	}
	if st.Outcome != Slower || len(b.res.Notes) != 1 || !strings.Contains(b.res.Notes[0], "not hunted: ") || !strings.Contains(b.res.Notes[0], "BenchmarkSum") {
		t.Errorf("outcome %v (%v), notes %q; want slower, Sum noted as not hunted", st.Outcome, st.Err, b.res.Notes)
	}
	none := write("none.txt", map[string]float64{"Add": 500})
	st = Step{}
	if err := b.decide(&st, nil, good, nil, none, nil); err != nil {
		t.Fatal(err)
	}
	if st.Outcome != Skipped || st.Err == nil || !strings.Contains(st.Err.Error(), "no benchmark of GOOD's has results at BAD") {
		t.Errorf("no benchmark in common: %v, %v", st.Outcome, st.Err)
	}
}

package bisect

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/concbench/concbench/contract"
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

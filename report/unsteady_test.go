package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/contract"
)

// slowProbesRun writes a results file of rounds rounds with two probes
// each (before and after the one group run), of which the first slowish
// ones (in order) ran 12% slower than typical and the rest 3%.
func slowProbesRun(t *testing.T, name string, rounds, slowish int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(contract.BenchPrefix + `pkg="./bench" bench="."` + "\ngoos: linux\npkg: example.com/x\n")
	n := 0
	probe := func(r int) {
		slow := 0.03
		if n < slowish {
			slow = 0.12
		}
		n++
		b.WriteString(contract.ProbeLine(contract.Probe{Round: r, Slow: slow, Bound: 0.2, CPUs: []contract.CPUTime{{CPU: 0, Time: 50 * time.Millisecond}}}))
	}
	for r := 1; r <= rounds; r++ {
		probe(r)
		fmt.Fprintf(&b, "BenchmarkX-2   \t     100\t     %d ns/op\n", 1000+r)
		probe(r)
		b.WriteString(contract.RoundDoneLine(r))
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestUnsteadyNote: the note names the inputs in which more than a tenth
// of the probes ran more than 10% slow, with their counts, and only those;
// too few probes are not judged.
func TestUnsteadyNote(t *testing.T) {
	calm := slowProbesRun(t, "calm.txt", 20, 4)    // 4 of 40: 10%, not more
	noisy := slowProbesRun(t, "noisy.txt", 20, 14) // 14 of 40
	short := slowProbesRun(t, "short.txt", 15, 30) // 30 of 30, too few to judge
	if n := unsteadyNote(scanInputs(t, 20, calm)); n != "" {
		t.Errorf("calm: %q, want no note", n)
	}
	if n := unsteadyNote(scanInputs(t, 15, short)); n != "" {
		t.Errorf("30 probes: %q, want no note", n)
	}
	n := unsteadyNote(scanInputs(t, 20, calm, noisy))
	for _, want := range []string{
		"The machine was often unsteady during the runs of `" + noisy + "` (14 of its 40 probes, 35%)",
		"more than 10% slower than typical",
		"sequential ones too",
		"of 2 CPUs, had 2–7%",
		"take more samples (-count)",
	} {
		if !strings.Contains(n, want) {
			t.Errorf("note %q\nlacks %q", n, want)
		}
	}
	if strings.Contains(n, calm) {
		t.Errorf("note names the calm input: %q", n)
	}
}

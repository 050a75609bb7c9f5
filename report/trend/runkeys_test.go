package trend

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/concbench/concbench/internal/recorded"
)

// stamped writes the recorded standard-library output testdata/stdlib/
// crc32.txt once per entry of heads, each copy under its own header
// lines, as another harness writes them (golang.org/x/perf's benchseries
// inputs carry a bentstamp: and a runstamp: line per file).
func stamped(t *testing.T, heads []string) []string {
	return recorded.Stamped(t, "stdlib/crc32.txt", heads)
}

// Rule: a key with one value in each file and three or more over the
// files seems to name the runs: the trend says so, and how to follow the
// benchmarks across its values (-ignore), rather than claiming that no
// benchmark changed; a key of two values (a toolchain) and the machine's
// keys are not taken for one. With -ignore, each benchmark is followed.
func TestRunKeys(t *testing.T) {
	var heads []string
	for i := range 4 {
		heads = append(heads, fmt.Sprintf("bentstamp: 2022010%dT213212\ntoolchain: %s\n", i+1, []string{"Base", "Tip"}[i%2]))
	}
	var warn strings.Builder
	res, err := Files(stamped(t, heads), FileOptions{Warnings: &warn})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"bentstamp"}; !slices.Equal(res.RunKeys, want) {
		t.Errorf("run keys %q, want %q", res.RunKeys, want)
	}
	md := res.Markdown("")
	for _, want := range []string{
		"`bentstamp` takes one value in each file, which sets each run's benchmarks apart from the other runs': to follow a benchmark across its values, as across commits, give `-ignore bentstamp` (as to benchstat).",
		"**No change point can be seen**: no benchmark is in 4 or more of the 4 runs",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Changes section lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "No change point found") {
		t.Errorf("Changes section claims a search it could not make:\n%s", md)
	}
	if !strings.Contains(warn.String(), "give -ignore bentstamp") {
		t.Errorf("warnings %q lack the advice", warn.String())
	}

	// Stamps alone, ignored as the advice says: every series is in every
	// run, and the keys are gone.
	for i := range heads {
		heads[i] = fmt.Sprintf("bentstamp: 2022010%dT213212\nrunstamp: 2022010%dT213212\n", i+1, i+1)
	}
	files := stamped(t, heads)
	if res, err = Files(files, FileOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"bentstamp", "runstamp"}; !slices.Equal(res.RunKeys, want) {
		t.Errorf("run keys %q, want %q", res.RunKeys, want)
	}
	if md := res.Markdown(""); !strings.Contains(md, "`bentstamp` and `runstamp` take one value in each file") || !strings.Contains(md, "give `-ignore bentstamp,runstamp`") {
		t.Errorf("Changes section lacks the advice:\n%s", md)
	}
	spec := DefaultSpec
	spec.Ignore += ",bentstamp,runstamp"
	if res, err = Files(files, FileOptions{Spec: spec}); err != nil {
		t.Fatal(err)
	}
	if len(res.RunKeys) != 0 {
		t.Errorf("run keys %q after -ignore, want none", res.RunKeys)
	}
	for _, tr := range res.Trends {
		if n := runsWith(tr); n != 4 {
			t.Errorf("%s: in %d runs, want 4", tr.Name, n)
		}
	}
	md = res.Markdown("")
	for _, want := range []string{"in 4 or more of the 4 runs", "a step at run 2 (too close to the oldest) or at run 4 (too close to the newest) cannot be"} {
		if !strings.Contains(md, want) {
			t.Errorf("Changes section lacks %q:\n%s", want, md)
		}
	}

	// Another machine in each run is never a run's name (numcpu: the
	// recording has no such line of its own to override it).
	for i := range heads {
		heads[i] = fmt.Sprintf("numcpu: %d\n", i+1)
	}
	if res, err = Files(stamped(t, heads), FileOptions{}); err != nil {
		t.Fatal(err)
	}
	if len(res.RunKeys) != 0 {
		t.Errorf("run keys %q for a numcpu per file, want none", res.RunKeys)
	}
}

func runsWith(tr Trend) int {
	n := 0
	for _, xs := range tr.Samples {
		if len(xs) > 0 {
			n++
		}
	}
	return n
}

package trend

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// stamped writes the recorded standard-library output testdata/stdlib/
// crc32.txt once per entry of heads, each copy under its own header
// lines, as another harness writes them (golang.org/x/perf's benchseries
// inputs carry a bentstamp: and a runstamp: line per file).
func stamped(t *testing.T, heads []string) []string {
	t.Helper()
	data, err := os.ReadFile("../../testdata/stdlib/crc32.txt")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var paths []string
	for i, h := range heads {
		p := filepath.Join(dir, fmt.Sprintf("run%d.txt", i+1))
		if err := os.WriteFile(p, []byte(h+string(data)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// Rule: a key with one value in each file and three or more over the
// files names the runs: each benchmark is followed across its values (and
// REPORT.md says so), while a key of two values (a toolchain) keeps its
// series apart.
func TestRunKeys(t *testing.T) {
	var heads []string
	for i := range 4 {
		heads = append(heads, fmt.Sprintf("bentstamp: 2022010%dT213212\ntoolchain: %s\n", i+1, []string{"Base", "Tip"}[i%2]))
	}
	res, err := Files(stamped(t, heads), FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"bentstamp"}; !slices.Equal(res.RunKeys, want) {
		t.Errorf("run keys %q, want %q", res.RunKeys, want)
	}
	for _, tr := range res.Trends {
		if !strings.HasPrefix(tr.Name, "toolchain=") || strings.Contains(tr.Name, "bentstamp") {
			t.Errorf("series %q: want it named by its toolchain, not its stamp", tr.Name)
		}
		if n := runsWith(tr); n != 2 {
			t.Errorf("%s: in %d runs, want 2 (its toolchain's)", tr.Name, n)
		}
	}
	md := res.Markdown("")
	for _, want := range []string{"`bentstamp` takes one value in each file", "**No change point can be seen**: no benchmark is in 4 or more of the 4 runs"} {
		if !strings.Contains(md, want) {
			t.Errorf("Changes section lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "No change point found") {
		t.Errorf("Changes section claims a search it could not make:\n%s", md)
	}

	// Stamps alone: every series is in every run.
	for i := range heads {
		heads[i] = fmt.Sprintf("bentstamp: 2022010%dT213212\nrunstamp: 2022010%dT213212\n", i+1, i+1)
	}
	res, err = Files(stamped(t, heads), FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"bentstamp", "runstamp"}; !slices.Equal(res.RunKeys, want) {
		t.Errorf("run keys %q, want %q", res.RunKeys, want)
	}
	for _, tr := range res.Trends {
		if n := runsWith(tr); n != 4 {
			t.Errorf("%s: in %d runs, want 4", tr.Name, n)
		}
	}
	md = res.Markdown("")
	for _, want := range []string{"`bentstamp` and `runstamp` take one value in each file", "in 4 or more of the 4 runs", "in the newest run cannot be"} {
		if !strings.Contains(md, want) {
			t.Errorf("Changes section lacks %q:\n%s", want, md)
		}
	}

	// Another machine in each run is never a run's name.
	for i := range heads {
		heads[i] = fmt.Sprintf("cpu: CPU model %d\n", i+1)
	}
	if res, err = Files(stamped(t, heads), FileOptions{}); err != nil {
		t.Fatal(err)
	}
	if len(res.RunKeys) != 0 {
		t.Errorf("run keys %q for a cpu per file, want none", res.RunKeys)
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

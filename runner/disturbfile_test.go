package runner_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/runner"
	"github.com/concbench/concbench/runner/runnertest"
)

// spellBench is a test file whose BenchmarkSlow, at its first run, leaves
// the file $SPELL_DIR/slow: the machine probe the test injects reads it as
// a slow spell. BenchmarkSlow reports how many times its binary ran it
// (the unit runs), so that a reader can tell which runs it read.
const spellBench = `package tiny

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func BenchmarkFast(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = i * i
	}
}

var counted bool

func BenchmarkSlow(b *testing.B) {
	dir := os.Getenv("SPELL_DIR")
	count := filepath.Join(dir, "count")
	if !counted {
		counted = true
		n, _ := os.ReadFile(count)
		k, _ := strconv.Atoi(string(n))
		os.WriteFile(count, []byte(strconv.Itoa(k+1)), 0o644)
		if k == 0 {
			os.WriteFile(filepath.Join(dir, "slow"), nil, 0o644)
		}
	}
	n, _ := os.ReadFile(count)
	k, _ := strconv.Atoi(string(n))
	for i := 0; i < b.N; i++ {
		_ = i * i
	}
	b.ReportMetric(float64(k), "runs")
}
`

// TestDisturbedFile: a slow spell after BenchmarkSlow's first run marks
// that run disturbed; the runner measures it again, and the results file
// keeps both runs, the disturbed one as comment lines after its header and
// with the probes' figures, so that benchfmt and benchstat read the runs
// kept only, one per group and round.
func TestDisturbedFile(t *testing.T) {
	dir, _ := runnertest.New(t, map[string]string{"tiny_test.go": spellBench})
	spell := t.TempDir()
	t.Setenv("SPELL_DIR", spell)
	probe := func() []time.Duration {
		slow := filepath.Join(spell, "slow")
		if err := os.Remove(slow); errors.Is(err, fs.ErrNotExist) {
			return []time.Duration{50 * time.Millisecond, 51 * time.Millisecond}
		}
		return []time.Duration{50 * time.Millisecond, 70 * time.Millisecond}
	}
	var c counter
	var again int
	cfg := runner.Config{
		Dir: dir, Count: 2, OutDir: t.TempDir(),
		Groups: []runner.Group{{Bench: "Fast", Benchtime: "5x"}, {Bench: "Slow", Benchtime: "5x"}},
		// Budget: re-runs whatever they cost, the calm wait (0.25 s) too,
		// however fast the runs are (a fast machine ran these in 5 ms).
		Probe: runner.MachineProbe{Measure: probe, Budget: 1e6},
		Progress: func(s runner.Status) {
			c.progress(s)
			if s.Again {
				again++
			}
		},
	}
	res, err := runner.Run(context.Background(), cfg)
	if err != nil || len(res.Files) != 1 {
		t.Fatalf("%+v, %v", res, err)
	}
	if c.runs != 5 || again != 1 {
		t.Errorf("%d runs, %d of them again; want 5, 1", c.runs, again)
	}
	path := res.Files[0].Path
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var probes, rounds, aside int
	var headers []contract.Disturbed
	for _, line := range strings.Split(string(data), "\n") {
		if p, ok := contract.ParseProbe(line); ok {
			probes++
			if len(p.CPUs) != 2 || p.CPUs[1].CPU != 1 || p.Bound != runner.DefaultProbeBound {
				t.Errorf("probe line %q", line)
			}
		}
		if d, ok := contract.ParseDisturbed(line); ok {
			headers = append(headers, d)
		}
		if _, ok := contract.RoundDone(line); ok {
			rounds++
		}
		if l, ok := contract.SetAside(line); ok && strings.HasPrefix(l, "BenchmarkSlow") {
			aside++
		}
	}
	// Round 1: a probe, Fast, a probe, Slow, the slow probe, a fresh
	// probe, Slow again, a probe; round 2: three probes.
	if probes != 8 || rounds != 2 || aside != 1 {
		t.Errorf("%d probe lines, %d rounds, %d results set aside; want 8, 2, 1:\n%s", probes, rounds, aside, data)
	}
	if len(headers) != 1 || headers[0].Round != 1 || headers[0].Kept || headers[0].Group != "^BenchmarkSlow$@5x" || headers[0].Package != "example.com/tiny" || headers[0].After < 0.3 {
		t.Errorf("headers %+v, want one: Slow@5x set aside in round 1, after +37%%", headers)
	}
	// benchfmt reads the kept runs: the second and third of BenchmarkSlow.
	if runs := metric(t, path, "Slow", "runs"); len(runs) != 2 || runs[0] != 2 || runs[1] != 3 {
		t.Errorf("BenchmarkSlow's runs read: %v, want [2 3]", runs)
	}
	if n := len(values(t, path, "Fast")); n != 2 {
		t.Errorf("%d results of BenchmarkFast, want 2", n)
	}
	// benchstat reads the file as it reads the file without the set-aside
	// lines, and otherwise than with them restored.
	var without, restored []string
	for _, line := range strings.Split(string(data), "\n") {
		if l, ok := contract.SetAside(line); ok {
			restored = append(restored, l)
			continue
		}
		without = append(without, line)
		restored = append(restored, line)
	}
	got := benchstat(t, path)
	if want := benchstat(t, writeFile(t, without)); got != want {
		t.Errorf("benchstat of the file:\n%s\nof the file without the disturbed run:\n%s", got, want)
	}
	if all := benchstat(t, writeFile(t, restored)); got == all {
		t.Errorf("benchstat reads the disturbed run:\n%s", got)
	}
}

// metric returns the values of unit in Benchmark<name>'s results in path.
func metric(t *testing.T, path, name, unit string) []float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var vs []float64
	r := benchfmt.NewReader(f, path)
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok && string(res.Name.Base()) == name {
			if v, ok := res.Value(unit); ok {
				vs = append(vs, v)
			}
		}
	}
	return vs
}

func writeFile(t *testing.T, lines []string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "results.txt")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// benchstat runs the benchstat pinned in go.mod on path, as CSV.
func benchstat(t *testing.T, path string) string {
	t.Helper()
	cmd := exec.Command("go", "tool", "benchstat", "-format", "csv", "-filter", ".unit:runs", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go tool benchstat: %v\n%s", err, stderr.Bytes())
	}
	return strings.ReplaceAll(string(out), path, "FILE")
}

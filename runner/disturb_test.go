//go:build unix

package runner

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/contract"
)

// fakeBinary is a test binary for one round's groups: a shell script that
// prints one result of Benchmark<GROUP> whose value counts the runs, so
// that a test can tell which run of a group the round kept.
const fakeBinary = `#!/bin/sh
for a; do case $a in -test.bench=*) b=${a#-test.bench=};; esac; done
n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count
echo "goos: fake"
echo "Benchmark$b 	       1	        $n ns/op"
echo PASS
`

// scripted is a machine probe whose slowness the test scripts: after calm
// calls, each call returns the next factor for the second of two CPUs (1
// once the script ends), the first CPU staying at its time.
type scripted struct {
	factors []float64
	calm    int
	calls   int
}

func (s *scripted) measure() []time.Duration {
	s.calls++
	f := 1.0
	if n := s.calls - s.calm - 1; n >= 0 && n < len(s.factors) {
		f = s.factors[n]
	}
	return []time.Duration{50 * time.Millisecond, time.Duration(f * float64(50*time.Millisecond))}
}

// earlier is the number of calm probes of a Run's earlier rounds before
// fakeRound's round: its typical times.
const earlier = 40

// fakeRound runs one round of groups A, B and C through the fake binary
// under the scripted probe, after the probes of earlier rounds, each group
// having had past rounds before, and returns its output in short: P a
// probe, then each run as its group and value (B4), followed by - when set
// aside, x when dropped (set aside, and the round keeps no run of its
// group) and ! when kept though disturbed.
func fakeRound(t *testing.T, cfg MachineProbe, past cleanCount, factors ...float64) string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "fake.test")
	if err := os.WriteFile(bin, []byte(fakeBinary), 0o755); err != nil {
		t.Fatal(err)
	}
	s := &scripted{factors: factors, calm: probeCalibration + earlier}
	cfg.Measure = s.measure
	if err := cfg.fill(); err != nil {
		t.Fatal(err)
	}
	r := &run{cfg: Config{Timeout: time.Minute, Probe: cfg}}
	var clock time.Time
	tg := &target{ref: "fake", file: &resultFile{}, clean: make(map[int]cleanCount)}
	for slot := range 3 {
		tg.clean[slot] = past
	}
	rr := r.newRound(tg, 1)
	r.probes.now = func() time.Time { clock = clock.Add(time.Second); return clock }
	r.probes.sleep = func(d time.Duration) { clock = clock.Add(d) }
	for range earlier {
		r.probes.probe(0)
	}
	p := pkg{path: "example.com/fake", dir: dir, bin: bin}
	for _, g := range []string{"A", "B", "C"} {
		if err := rr.run(context.Background(), p, Group{Bench: g}); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := rr.finish(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	if want := s.calm + len(factors); s.calls < want {
		t.Errorf("%d probes, the script has %d", s.calls, want)
	}
	return inShort(t, out.String())
}

// inShort writes a round's output as fakeRound says, checking that every
// disturbed run has its header and every probe its slowness.
func inShort(t *testing.T, out string) string {
	t.Helper()
	var words []string
	var header *contract.Disturbed
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if p, ok := contract.ParseProbe(line); ok {
			if p.Slow < 0 || len(p.CPUs) != 2 || p.Round != 1 {
				t.Errorf("probe %q", line)
			}
			words = append(words, "P")
			continue
		}
		if d, ok := contract.ParseDisturbed(line); ok {
			if header != nil {
				t.Errorf("two headers in a row: %q", line)
			}
			header = &d
			continue
		}
		line, aside := contract.SetAside(line)
		var name string
		var n, value int
		if _, err := fmt.Sscanf(line, "Benchmark%s %d %d ns/op", &name, &n, &value); err != nil {
			continue // goos:, PASS
		}
		w := fmt.Sprintf("%s%d", name, value)
		switch {
		case aside && (header == nil || header.Kept || header.Group != name || header.Package != "example.com/fake"):
			t.Errorf("%s set aside under header %+v", w, header)
		case aside && header.Dropped:
			w += "x"
		case aside:
			w += "-"
		case header != nil && header.Kept:
			w += "!"
		case header != nil:
			t.Errorf("%s kept under header %+v", w, header)
		}
		if header != nil && max(header.Before, header.After) <= header.Bound {
			t.Errorf("%s: header %+v within the bound", w, *header)
		}
		words = append(words, w)
		header = nil
	}
	return strings.Join(words, " ")
}

// TestDisturbedRule: which group runs the probes mark disturbed, which are
// measured again and which the round keeps, and the limits.
func TestDisturbedRule(t *testing.T) {
	all := MachineProbe{Again: 2, Budget: 100}
	calmPast := cleanCount{rounds: 5, clean: 4} // a run of the group kept in 4 of 5 past rounds
	for _, c := range []struct {
		name    string
		cfg     MachineProbe
		past    cleanCount
		factors []float64 // the probes' slowness, in the order taken
		want    string
	}{
		{"calm", all, calmPast, nil, "P A1 P B2 P C3 P"},
		{"within the bound", all, calmPast, []float64{1.19, 1.05, 1.2, 0.8}, "P A1 P B2 P C3 P"},
		// A probe borders two runs: both are measured again, at the
		// end of the round, each after a probe of its own.
		{"spell between B and C", all, calmPast, []float64{1, 1, 1.3, 1}, "P A1 P B2- P C3- P B4 P C5 P"},
		{"spell before the round", all, calmPast, []float64{1.25}, "P A1- P B2 P C3 P A4 P"},
		// The probe after C is slow: before C runs again, probes until
		// one is within the bound.
		{"spell at the end", all, calmPast, []float64{1, 1, 1, 1.4, 1.3, 1}, "P A1 P B2 P C3- P P P C4 P"},
		// Still slow after calmProbes more probes: C runs all the same;
		// it is measured again twice, then dropped (x): the round keeps
		// no run of C, not even the least disturbed (C4 at +10% before,
		// +30% after), its group having had a run kept most of the time.
		{"long spell", all, calmPast, join([]float64{1, 1, 1, 1.4}, repeat(1.4, calmProbes-1), []float64{1.1, 1.3}, repeat(1.4, calmProbes+1)),
			"P A1 P B2 P C3- " + ps(calmProbes+1) + "C4- " + ps(calmProbes+1) + "C5x P"},
		// The same in a group disturbed most of the time (the first
		// round; 1 run kept in 3 past rounds): the least disturbed run
		// is kept (!), and of two alike the later.
		{"long spell, first round", all, cleanCount{}, join([]float64{1, 1, 1, 1.4}, repeat(1.4, calmProbes-1), []float64{1.1, 1.3}, repeat(1.4, calmProbes+1)),
			"P A1 P B2 P C3- " + ps(calmProbes+1) + "C4! " + ps(calmProbes+1) + "C5- P"},
		{"a tie, mostly disturbed", all, cleanCount{rounds: 3, clean: 1}, join([]float64{1, 1, 1}, repeat(1.3, 2*calmProbes+3)),
			"P A1 P B2 P C3- " + ps(calmProbes+1) + "C4- " + ps(calmProbes+1) + "C5! P"},
		// Half the rounds kept, this one included, is enough to drop.
		{"a tie, half", all, cleanCount{rounds: 1, clean: 1}, join([]float64{1, 1, 1}, repeat(1.3, 2*calmProbes+3)),
			"P A1 P B2 P C3- " + ps(calmProbes+1) + "C4- " + ps(calmProbes+1) + "C5x P"},
		{"again once", MachineProbe{Again: 1, Budget: 100}, calmPast, []float64{1, 1.5, 1, 1, 1.3, 1, 1.25},
			"P A1- P B2- P C3 P A4x P P B5x P"},
		{"no budget", MachineProbe{Budget: 1e-9}, calmPast, []float64{1, 1.5}, "P A1x P B2x P C3 P"},
		{"no budget, first round", MachineProbe{Budget: 1e-9}, cleanCount{}, []float64{1, 1.5}, "P A1! P B2! P C3 P"},
		{"bound 50%", MachineProbe{Bound: 0.5, Budget: 100}, calmPast, []float64{1, 1.5, 1.51}, "P A1 P B2- P C3- P B4 P C5 P"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := fakeRound(t, c.cfg, c.past, c.factors...); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

// TestSlowness: a probe's slowness is its slowest CPU's time against that
// CPU's median over the probes so far, itself included.
func TestSlowness(t *testing.T) {
	ms := time.Millisecond
	times := [][]time.Duration{{50 * ms, 80 * ms}, {52 * ms, 80 * ms}, {48 * ms, 88 * ms}, {60 * ms, 80 * ms}}
	i := 0
	m := &probes{cfg: MachineProbe{Bound: 0.2}, now: time.Now, sleep: func(time.Duration) {}, measure: func() []time.Duration { i++; return times[i-1] }}
	var p *contract.Probe
	for range times {
		p = m.probe(1)
	}
	m.judge(p)
	// Medians: cpu0 (50+52)/2 = 51 ms, cpu1 80 ms; 60/51 − 1 = 17.6%.
	if want := 60.0/51 - 1; p.Slow < want-1e-9 || p.Slow > want+1e-9 {
		t.Errorf("slowness %v, want %v", p.Slow, want)
	}
	if p.CPUs[1] != (contract.CPUTime{CPU: 1, Time: 80 * ms}) {
		t.Errorf("CPUs %v", p.CPUs)
	}
}

// TestBudget: the runs measured again may take Budget times the time the
// whole Run's first runs are expected to take, no more.
func TestBudget(t *testing.T) {
	m := &probes{cfg: MachineProbe{Budget: 0.25}, first: 40 * time.Second, again: 6 * time.Second, runs: 10}
	if !m.affords(4*time.Second) || m.affords(4*time.Second+1) {
		t.Errorf("budget 25%% of 40 s with 6 s spent: affords 4 s %v, 4 s + 1 ns %v; want true, false", m.affords(4*time.Second), m.affords(4*time.Second+1))
	}
	m.plan = 40 // a quarter of the Run done: 160 s expected, 40 s of budget
	if !m.affords(34*time.Second) || m.affords(34*time.Second+1) {
		t.Errorf("budget 25%% of 160 s with 6 s spent: affords 34 s %v, 34 s + 1 ns %v; want true, false", m.affords(34*time.Second), m.affords(34*time.Second+1))
	}
}

// TestProbeConfig: the zero value measures nothing; bad settings are
// usage errors; zero fields take the defaults.
func TestProbeConfig(t *testing.T) {
	if newProbes(MachineProbe{}, 10) != nil {
		t.Error("the zero MachineProbe probes")
	}
	c := MachineProbe{Time: time.Millisecond}
	if err := c.fill(); err != nil || c.Bound != DefaultProbeBound || c.Again != DefaultProbeAgain || c.Budget != DefaultProbeBudget {
		t.Errorf("fill: %+v, %v", c, err)
	}
	for _, bad := range []MachineProbe{{Time: -1}, {Time: 1, Bound: -0.1}, {Time: 1, Again: -1}, {Time: 1, Budget: -1}} {
		if err := bad.fill(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

// repeat returns n copies of x; join, the slices one after another; ps,
// n probes as fakeRound writes them.
func repeat(x float64, n int) []float64 { return slices.Repeat([]float64{x}, n) }

func join(xs ...[]float64) []float64 { return slices.Concat(xs...) }

func ps(n int) string { return strings.Repeat("P ", n) }

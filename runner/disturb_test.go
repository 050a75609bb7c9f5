//go:build unix

package runner

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
	return fakeStallRound(t, cfg, past, nil, factors...)
}

// A stallScript is the system's CPU stall as a test scripts it: each group
// run, in the order they run, stalls its share of runs (its run taking a
// second on fakeRound's clock), and each group's runs of earlier rounds
// stalled typical (0 for groups it does not name).
type stallScript struct {
	typical map[string]float64
	// fresh leaves the groups' typical stalls unknown (a Run's first
	// round); history, when not 0, is how many earlier runs make them.
	fresh   bool
	history int
	runs    []float64
	total   time.Duration
	calls   int
}

// seed is how many earlier runs make a group's typical stall: the
// script's history, else n.
func (s *stallScript) seed(n int) int {
	if s.history > 0 {
		return s.history
	}
	return n
}

// read is the script's machine.CPUStall: called before and after each run.
func (s *stallScript) read() (time.Duration, bool) {
	s.calls++
	if i := s.calls/2 - 1; s.calls%2 == 0 && i < len(s.runs) {
		s.total += time.Duration(s.runs[i] * float64(time.Second))
	}
	return s.total, true
}

// fakeStallRound is fakeRound with the stall of st, when not nil.
func fakeStallRound(t *testing.T, cfg MachineProbe, past cleanCount, st *stallScript, factors ...float64) string {
	t.Helper()
	short, _ := stallRoundIn(t, cfg, past, 0, st, &resultFile{}, factors...)
	return short
}

// stallRoundIn is fakeStallRound of a ref whose results file is file and
// will hold planned rounds (0: no plan); it returns the round's output too.
func stallRoundIn(t *testing.T, cfg MachineProbe, past cleanCount, planned int, st *stallScript, file *resultFile, factors ...float64) (short, out string) {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "fake.test")
	if err := os.WriteFile(bin, []byte(fakeBinary), 0o755); err != nil {
		t.Fatal(err)
	}
	s := &scripted{factors: factors, calm: probeCalibration + earlier}
	cfg.Measure = s.measure
	if st != nil {
		cfg.Stall = st.read
	}
	if err := cfg.fill(); err != nil {
		t.Fatal(err)
	}
	r := &run{cfg: Config{Timeout: time.Minute, Probe: cfg}}
	var clock time.Time
	tg := &target{ref: "fake", file: file, clean: make(map[int]cleanCount), planned: planned, dropped: droppedRuns("fake", file.data)}
	for slot := range 3 {
		tg.clean[slot] = past
	}
	r.targets = []*target{tg}
	rr := r.newRound(tg, 1)
	r.probes.now = func() time.Time { clock = clock.Add(time.Second); return clock }
	r.probes.sleep = func(d time.Duration) { clock = clock.Add(d) }
	for range earlier {
		r.probes.probe(0)
	}
	p := pkg{path: "example.com/fake", dir: dir, bin: bin}
	if st != nil {
		for _, g := range []string{"A", "B", "C"} {
			gr := groupRun{ref: tg.ref, p: p, g: Group{Bench: g}}
			if st.fresh {
				continue
			}
			r.probes.h.stalls[gr.key()] = repeat(st.typical[g], st.seed(4))
		}
	}
	for _, g := range []string{"A", "B", "C"} {
		if err := rr.run(context.Background(), p, Group{Bench: g}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := rr.finish(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	if want := s.calm + len(factors); s.calls < want {
		t.Errorf("%d probes, the script has %d", s.calls, want)
	}
	return inShort(t, buf.String()), buf.String()
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
		if header != nil && max(header.Before, header.After) <= header.Bound && (header.StallBound == 0 || header.Stall <= header.StallBound) {
			t.Errorf("%s: header %+v within the bounds", w, *header)
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

// TestDropKeepsAnInterval: a round is dropped only while the group's
// benchmarks keep the 6 samples of an interval in the file the Run plans,
// and 7 where 7 or more are planned (the gate's): at -count 6 or 7 a group
// that runs once a round keeps its least disturbed run (!) where at
// -count 10 it drops the round (x), and counts the drops already in the
// file.
func TestDropKeepsAnInterval(t *testing.T) {
	calmPast := cleanCount{rounds: 5, clean: 4}
	// TestDisturbedRule's long spell: C is measured again twice, each
	// time next to a slow probe.
	spell := join([]float64{1, 1, 1, 1.4}, repeat(1.4, calmProbes-1), []float64{1.1, 1.3}, repeat(1.4, calmProbes+1))
	for _, c := range []struct {
		planned int
		want    string
	}{
		{10, "P A1 P B2 P C3- " + ps(calmProbes+1) + "C4- " + ps(calmProbes+1) + "C5x P"},
		{8, "P A1 P B2 P C3- " + ps(calmProbes+1) + "C4- " + ps(calmProbes+1) + "C5x P"},
		{7, "P A1 P B2 P C3- " + ps(calmProbes+1) + "C4! " + ps(calmProbes+1) + "C5- P"},
		{6, "P A1 P B2 P C3- " + ps(calmProbes+1) + "C4! " + ps(calmProbes+1) + "C5- P"},
		// -count 5: no interval either way, so no minimum.
		{5, "P A1 P B2 P C3- " + ps(calmProbes+1) + "C4- " + ps(calmProbes+1) + "C5x P"},
	} {
		t.Run(fmt.Sprintf("count %d", c.planned), func(t *testing.T) {
			got, _ := stallRoundIn(t, MachineProbe{Again: 2, Budget: 100}, calmPast, c.planned, nil, &resultFile{}, spell...)
			if got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
	// A Run that adds rounds to a file counts the drops of the Runs before
	// it: at -count 10, C dropped in 3 earlier rounds keeps this one (a
	// fourth drop would leave 6, too few for the gate), in 2 it drops it.
	earlier := func(group string, drops int) []byte {
		var b strings.Builder
		for r := 1; r <= drops; r++ {
			b.WriteString(contract.DisturbedLine(contract.Disturbed{Round: r, Dropped: true, After: 0.4, Bound: 0.2, Package: "example.com/fake", Group: Group{Bench: group}.String()}))
		}
		return []byte(b.String())
	}
	for _, c := range []struct {
		group string
		drops int
		want  string
	}{
		{"C", 3, "P A1 P B2 P C3- " + ps(calmProbes+1) + "C4! " + ps(calmProbes+1) + "C5- P"},
		{"C", 2, "P A1 P B2 P C3- " + ps(calmProbes+1) + "C4- " + ps(calmProbes+1) + "C5x P"},
		{"B", 3, "P A1 P B2 P C3- " + ps(calmProbes+1) + "C4- " + ps(calmProbes+1) + "C5x P"}, // another group's drops
	} {
		t.Run(fmt.Sprintf("%d earlier drops of %s", c.drops, c.group), func(t *testing.T) {
			got, _ := stallRoundIn(t, MachineProbe{Again: 2, Budget: 100}, calmPast, 10, nil, &resultFile{data: earlier(c.group, c.drops)}, spell...)
			if got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

// TestStallRule: a group run whose CPU stall exceeds its group's typical
// stall by more than the stall bound is disturbed, as one next to a slow
// probe is, though its probes were calm; the stall each run had is in the
// probe after it.
func TestStallRule(t *testing.T) {
	calmPast := cleanCount{rounds: 5, clean: 4}
	for _, c := range []struct {
		name    string
		cfg     MachineProbe
		st      stallScript
		factors []float64
		want    string
	}{
		{"calm", MachineProbe{Budget: 100}, stallScript{runs: []float64{0.01, 0.004, 0.02}}, nil, "P A1 P B2 P C3 P"},
		// A hog busy in the middle of B's run: its probes are calm.
		{"a hog in B's run", MachineProbe{Budget: 100}, stallScript{runs: []float64{0.01, 0.41, 0.01, 0.01}}, nil, "P A1 P B2- P C3 P B4 P"},
		// B loads every CPU by itself: its own typical stall is no disturbance.
		{"B's own stall", MachineProbe{Budget: 100}, stallScript{typical: map[string]float64{"B": 0.6}, runs: []float64{0.01, 0.63, 0.01}}, nil, "P A1 P B2 P C3 P"},
		{"within the bound", MachineProbe{Budget: 100}, stallScript{runs: []float64{0.01, 0.049, 0.01}}, nil, "P A1 P B2 P C3 P"},
		// Runs of a second, shorter than 10 probes of 0.2 s: the probes
		// alone judge them.
		{"short runs", MachineProbe{Budget: 100, Time: 200 * time.Millisecond}, stallScript{runs: []float64{0.01, 0.41, 0.01}}, nil, "P A1 P B2 P C3 P"},
		{"long enough", MachineProbe{Budget: 100, Time: 100 * time.Millisecond}, stallScript{runs: []float64{0.01, 0.41, 0.01, 0.01}}, nil, "P A1 P B2- P C3 P B4 P"},
		{"stall bound 50%", MachineProbe{Budget: 100, StallBound: 0.5}, stallScript{runs: []float64{0.01, 0.41, 0.01}}, nil, "P A1 P B2 P C3 P"},
		// Stalled again and again: dropped, as after slow probes.
		{"stalled every time", MachineProbe{Budget: 100}, stallScript{runs: []float64{0.3, 0.01, 0.01, 0.3, 0.3}}, nil, "P A1- P B2 P C3 P A4- P A5x P"},
		// The least disturbed run is kept by its score against both bounds:
		// A4's stall (+10 points, twice the stall bound) against A5's probe
		// (+60%, three times the probe bound).
		{"least disturbed", MachineProbe{Budget: 100}, stallScript{runs: []float64{0.3, 0.01, 0.01, 0.1, 0.01}}, []float64{1, 1, 1, 1, 1, 1.6}, "P A1- P B2 P C3 P A4! P A5- P"},
		// A run is not judged against itself, nor its group's typical stall
		// raised by runs found disturbed: B measured again and stalled as
		// much is disturbed again, against B's one earlier run (1%).
		{"still stalled", MachineProbe{Budget: 100}, stallScript{history: 1, typical: map[string]float64{"B": 0.01}, runs: []float64{0.01, 0.41, 0.01, 0.41, 0.41}}, nil, "P A1 P B2- P C3 P B4- P B5x P"},
		// A Run's first round: no other run of a group to judge it against
		// yet; its probes alone judge it.
		{"first round", MachineProbe{Budget: 100}, stallScript{fresh: true, runs: []float64{0.01, 0.41, 0.01}}, nil, "P A1 P B2 P C3 P"},
	} {
		t.Run(c.name, func(t *testing.T) {
			past := calmPast
			if c.name == "least disturbed" {
				past = cleanCount{}
			}
			if got := fakeStallRound(t, c.cfg, past, &c.st, c.factors...); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

// TestStallLines: the probe after a run records its stall, and a run
// disturbed by its stall has the stall in its header.
func TestStallLines(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "fake.test")
	if err := os.WriteFile(bin, []byte(fakeBinary), 0o755); err != nil {
		t.Fatal(err)
	}
	s := &scripted{}
	st := &stallScript{runs: []float64{0.02, 0.03, 0.02, 0.45, 0.02}}
	r := &run{cfg: Config{Timeout: time.Minute, Probe: MachineProbe{Measure: s.measure, Stall: st.read, Budget: 100}}}
	if err := r.cfg.Probe.fill(); err != nil {
		t.Fatal(err)
	}
	var clock time.Time
	p := pkg{path: "example.com/fake", dir: dir, bin: bin}
	for round := 1; round <= 2; round++ {
		rr := r.newRound(&target{ref: "fake", file: &resultFile{}}, round)
		r.probes.now = func() time.Time { clock = clock.Add(time.Second); return clock }
		if err := rr.run(context.Background(), p, Group{Bench: "A"}); err != nil {
			t.Fatal(err)
		}
		if err := rr.run(context.Background(), p, Group{Bench: "A"}); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := rr.finish(context.Background(), &out); err != nil {
			t.Fatal(err)
		}
		if round == 1 {
			continue
		}
		var stalls []string
		var header *contract.Disturbed
		for _, line := range strings.Split(out.String(), "\n") {
			if p, ok := contract.ParseProbe(line); ok && p.Stalled {
				stalls = append(stalls, fmt.Sprintf("%.0f%%", 100*p.Stall))
			}
			if d, ok := contract.ParseDisturbed(line); ok {
				header = &d
			}
		}
		if got := strings.Join(stalls, " "); got != "2% 45% 2%" {
			t.Errorf("stalls in the probe lines: %s; want 2%% 45%% 2%% (the second round's runs and the one measured again)", got)
		}
		// The typical stall of A: the median of its other runs, 2% and 3%
		// (round 1) and 2% (round 2's first), not of 45% itself.
		if header == nil || header.StallBound != DefaultStallBound || header.Stall < 0.429 || header.Stall > 0.431 {
			t.Errorf("header %+v; want the stall +43%% over A's typical 2%%, bound %v", header, DefaultStallBound)
		}
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
	if err := c.fill(); err != nil || c.Bound != DefaultProbeBound || c.Again != DefaultProbeAgain || c.Budget != DefaultProbeBudget || c.StallBound != DefaultStallBound {
		t.Errorf("fill: %+v, %v", c, err)
	}
	for _, bad := range []MachineProbe{{Time: -1}, {Time: 1, Bound: -0.1}, {Time: 1, Again: -1}, {Time: 1, Budget: -1}, {Time: 1, StallBound: -0.05}} {
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

// TestStallByRef: each ref's runs of a group have their own typical
// stall. Y's commit loads the CPUs by itself (30% stalled a run, X 2%);
// nothing disturbs the machine, and no run of either is disturbed.
func TestStallByRef(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "fake.test")
	if err := os.WriteFile(bin, []byte(fakeBinary), 0o755); err != nil {
		t.Fatal(err)
	}
	share := map[string]float64{"X": 0.02, "Y": 0.30}
	cur := ""
	var total time.Duration
	calls := 0
	stall := func() (time.Duration, bool) {
		calls++
		if calls%2 == 0 { // after a run of a second
			total += time.Duration(share[cur] * float64(time.Second))
		}
		return total, true
	}
	s := &scripted{}
	r := &run{cfg: Config{Timeout: time.Minute, Probe: MachineProbe{Measure: s.measure, Stall: stall, Budget: 100}}}
	if err := r.cfg.Probe.fill(); err != nil {
		t.Fatal(err)
	}
	var clock time.Time
	p := pkg{path: "example.com/fake", dir: dir, bin: bin}
	tx, ty := &target{ref: "X", file: &resultFile{}}, &target{ref: "Y", file: &resultFile{}}
	for round := 1; round <= 6; round++ {
		rx, ry := r.newRound(tx, round), r.newRound(ty, round)
		r.probes.now = func() time.Time { clock = clock.Add(time.Second); return clock }
		for _, c := range []struct {
			ref string
			rr  *roundRuns
		}{{"X", rx}, {"Y", ry}} {
			cur = c.ref
			if err := c.rr.run(context.Background(), p, Group{Bench: "A"}); err != nil {
				t.Fatal(err)
			}
		}
		for _, rr := range []*roundRuns{rx, ry} {
			var out bytes.Buffer
			if err := rr.finish(context.Background(), &out); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(out.String(), "disturbed") {
				t.Errorf("round %d, ref %s: a run disturbed:\n%s", round, rr.t.ref, out.String())
			}
		}
	}
}

// TestStallHistory: a Run given the History of an earlier one judges its
// first round's runs by their stall against the earlier Run's runs (bisect
// measures in batches of rounds, a Run each), where a Run of its own has
// no other run to judge them against and leaves them to the probes.
func TestStallHistory(t *testing.T) {
	h := new(ProbeHistory)
	cfg := MachineProbe{Budget: 100, History: h}
	if got, want := fakeStallRound(t, cfg, cleanCount{rounds: 5, clean: 4}, &stallScript{fresh: true, runs: []float64{0.01, 0.02, 0.01}}), "P A1 P B2 P C3 P"; got != want {
		t.Fatalf("first Run: got %s, want %s", got, want)
	}
	if n := stallCount(h); n != 3 {
		t.Fatalf("after the first Run the history holds %d stalls, want A's, B's and C's", n)
	}
	// B stalls 41% in the next Run's first round: disturbed against B's 2%
	// of the first Run, and measured again.
	st := &stallScript{fresh: true, runs: []float64{0.01, 0.41, 0.01, 0.02}}
	if got, want := fakeStallRound(t, cfg, cleanCount{rounds: 5, clean: 4}, st), "P A1 P B2- P C3 P B4 P"; got != want {
		t.Errorf("second Run: got  %s\nwant %s", got, want)
	}
	if n := stallCount(h); n != 6 {
		t.Errorf("after the second Run the history holds %d stalls, want 6 (A, C and B's run measured again)", n)
	}
	if h.Runs() != 2 {
		t.Errorf("the history counts %d Runs, want 2", h.Runs())
	}
	// The same round with a history of its own: B is left to its probes.
	st = &stallScript{fresh: true, runs: []float64{0.01, 0.41, 0.01}}
	if got, want := fakeStallRound(t, MachineProbe{Budget: 100}, cleanCount{rounds: 5, clean: 4}, st), "P A1 P B2 P C3 P"; got != want {
		t.Errorf("without the history: got %s, want %s", got, want)
	}
}

// TestStallFromFile: concbench bench run again to add rounds to a results
// file judges its runs' stalls against the runs already in the file,
// which its probe lines name, as a Run given their history would. A file
// whose probe lines do not say whose stalls they hold (written before
// 2026-12-05) gives none, and B is left to its probes.
func TestStallFromFile(t *testing.T) {
	_, first := stallRoundIn(t, MachineProbe{Budget: 100}, cleanCount{rounds: 5, clean: 4}, 0, &stallScript{fresh: true, runs: []float64{0.01, 0.02, 0.01}}, &resultFile{})
	stalls, named := 0, 0
	for line := range strings.Lines(first) {
		if p, ok := contract.ParseProbe(line); ok && p.Stalled {
			stalls++
		}
		if r, ok := contract.ParseStallRun(line); ok {
			if r.Package != "example.com/fake" || r.Group == "" || r.Run <= 0 {
				t.Errorf("stall-run line %q does not name its run", line)
			}
			named++
		}
	}
	if stalls != 3 || named != 3 {
		t.Fatalf("%d probe lines with a stall and %d stall-run lines, want 3 of each:\n%s", stalls, named, first)
	}
	// rounds stays 0: inShort reads round 1's lines.
	file := &resultFile{path: "fake.txt", data: []byte(first)}
	st := &stallScript{fresh: true, runs: []float64{0.01, 0.41, 0.01, 0.02}}
	if got, want := must(stallRoundIn(t, MachineProbe{Budget: 100}, cleanCount{rounds: 5, clean: 4}, 0, st, file)), "P A1 P B2- P C3 P B4 P"; got != want {
		t.Errorf("a second Run on the file: got  %s\nwant %s", got, want)
	}
	old := regexp.MustCompile(`(?m)^.* stall-run .*\n`).ReplaceAllString(first, "")
	file = &resultFile{path: "old.txt", data: []byte(old)}
	st = &stallScript{fresh: true, runs: []float64{0.01, 0.41, 0.01}}
	if got, want := must(stallRoundIn(t, MachineProbe{Budget: 100}, cleanCount{rounds: 5, clean: 4}, 0, st, file)), "P A1 P B2 P C3 P"; got != want {
		t.Errorf("a second Run on a file of before: got %s, want %s", got, want)
	}
}

// must returns the first of two results.
func must(a, _ string) string { return a }

// stallCount is the number of group runs whose stall h holds as typical
// of their group.
func stallCount(h *ProbeHistory) int {
	n := 0
	for _, s := range h.stalls {
		n += len(s)
	}
	return n
}

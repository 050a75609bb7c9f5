package runner

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/runner/machine"
)

// probes is a Run's machine probe (see MachineProbe): how it measures, the
// times of every probe so far, from which it judges the next, and the time
// the group runs took.
type probes struct {
	cfg     MachineProbe
	measure func() []time.Duration
	cpus    []int
	now     func() time.Time
	sleep   func(time.Duration)
	history [][]time.Duration // by CPU: its time in every probe of the Run so far
	h       *ProbeHistory     // the sized probe and the typical stalls, shared with other Runs
	stall   func() (time.Duration, bool)

	first time.Duration // the first runs of the groups, with the probes after them
	again time.Duration // the runs measured again, with their probes
	last  time.Duration // the latest probe's own time

	// latest is the latest probe taken after a group run: the probe
	// before the next, whichever ref runs it.
	latest *contract.Probe
	runs   int // first runs of groups so far
	plan   int // first runs of groups in the whole Run
}

// newProbes sizes the probe (unless cfg's History has) and takes the probes
// of the calibration, for a Run of plan group runs; nil when cfg measures
// nothing.
func newProbes(cfg MachineProbe, plan int) *probes {
	if !cfg.on() {
		return nil
	}
	h := cfg.History
	if h == nil {
		h = new(ProbeHistory)
	}
	if h.stalls == nil {
		h.stalls = make(map[string][]float64)
		h.seeded = make(map[string]bool)
	}
	h.runs++
	m := &probes{cfg: cfg, measure: cfg.Measure, stall: cfg.Stall, now: time.Now, sleep: time.Sleep, plan: plan, h: h}
	if m.measure == nil {
		if h.measure == nil {
			p := machine.NewProber(cfg.Time)
			h.measure, h.cpus = p.Probe, p.CPUs()
		}
		m.measure, m.cpus = h.measure, h.cpus
		if m.stall == nil {
			m.stall = machine.CPUStall
		}
	}
	for range probeCalibration {
		m.probe(0)
	}
	return m
}

// probe measures the machine once and adds the times to the history; its
// Slow is set by judge.
func (m *probes) probe(round int) *contract.Probe {
	start := m.now()
	times := m.measure()
	m.last = m.now().Sub(start)
	p := &contract.Probe{Round: round, Bound: m.cfg.Bound, Slow: -1}
	for i, d := range times {
		if i == len(m.history) {
			m.history = append(m.history, nil)
		}
		m.history[i] = append(m.history[i], d)
		cpu := i
		if i < len(m.cpus) {
			cpu = m.cpus[i]
		}
		p.CPUs = append(p.CPUs, contract.CPUTime{CPU: cpu, Time: d})
	}
	return p
}

// judge sets p.Slow: the largest, over the CPUs, of how much longer than
// its median so far each CPU took.
func (m *probes) judge(p *contract.Probe) {
	if p.Slow >= 0 {
		return // judged already: a probe between two refs' runs is in both their rounds
	}
	p.Slow = 0
	for i, c := range p.CPUs {
		if med := median(m.history[i]); med > 0 {
			p.Slow = max(p.Slow, float64(c.Time)/float64(med)-1)
		}
	}
}

// affords reports whether the Budget leaves room for d more time measuring
// again: the whole Run's first runs are expected to take as long as those
// so far, each.
func (m *probes) affords(d time.Duration) bool {
	whole := float64(m.first)
	if m.runs > 0 && m.plan > m.runs {
		whole *= float64(m.plan) / float64(m.runs)
	}
	return float64(m.again+d) <= m.cfg.Budget*whole
}

// stallRunProbes is how many probes' time a group run must last for its
// stall to be judged. The stall's use is to see a disturbance in the middle
// of a run, where the probes at its edges do not look; a run hardly longer
// than the probes next to it is in their view already, and its stall,
// taken over its start-up, is noisy on a loaded machine (with go test
// running packages in parallel, a 0.1 s run stalled anywhere from 0 to
// over 50%).
const stallRunProbes = 10

// judgeStall sets gr's stall excess, once: how much its stall exceeds
// the median stall of its group's other runs, of the same ref: those of
// earlier rounds that were not found disturbed (the pool, m.h.stalls) and
// those of round, gr's round, that are long enough to be judged and whose
// probes passed. A run is not judged against itself, nor against a run
// found disturbed (a stall that spoils a run must not raise its group's
// typical stall), nor against another ref's runs (a commit may load the
// CPUs otherwise). A run shorter than stallRunProbes probes, or with no
// other run of its group yet, is judged by its probes alone.
func (m *probes) judgeStall(gr *groupRun, round []*groupRun) {
	if gr.judged || !m.stallLong(gr) {
		return
	}
	pool := slices.Clone(m.h.stalls[gr.key()])
	for _, o := range round {
		if o != gr && o.key() == gr.key() && m.stallLong(o) && o.slowness() <= m.cfg.Bound {
			pool = append(pool, o.stall)
		}
	}
	if len(pool) == 0 {
		return
	}
	gr.judged = true
	gr.excess = gr.stall - median(pool)
}

// stallLong reports whether gr has a stall and lasted long enough for it
// to be judged.
func (m *probes) stallLong(gr *groupRun) bool { return gr.stalled && m.judgeable(gr.dur) }

// judgeable reports whether a group run of d lasted long enough for its
// stall to be judged.
func (m *probes) judgeable(d time.Duration) bool { return d >= stallRunProbes*m.cfg.Time }

// seed adds to the typical stalls those of the runs already in t's
// results file, measured by earlier Runs (concbench bench run again to add
// rounds), once per file in the history: the runs long enough for their
// stall to be judged that no disturbed header precedes, as pool would
// have taken them. A Run that wrote the file with this history has pooled
// them already; a file of before 2026-12-05 has no stall-run lines to say
// whose stalls its probes hold, and gives none.
func (m *probes) seed(t *target) {
	if t.file == nil || m.h.seeded[t.file.path] {
		return
	}
	m.h.seeded[t.file.path] = true
	disturbed := false        // a disturbed header since the last probe
	var stall *contract.Probe // the last probe, when it gives the stall of a run not disturbed
	for line := range strings.Lines(string(t.file.data)) {
		if _, ok := contract.ParseDisturbed(line); ok {
			disturbed = true
			continue
		}
		if p, ok := contract.ParseProbe(line); ok {
			stall = nil
			if p.Stalled && !disturbed {
				stall = &p
			}
			disturbed = false
			continue
		}
		if r, ok := contract.ParseStallRun(line); ok && stall != nil && m.judgeable(r.Run) {
			key := stallKey(t.ref, r.Package, r.Group)
			m.h.stalls[key] = append(m.h.stalls[key], stall.Stall)
			stall = nil
		}
	}
}

// pool adds gr's stall to its group's typical stalls when it may be one:
// long enough to be judged, and not found disturbed.
func (m *probes) pool(gr *groupRun) {
	if m.stallLong(gr) && !m.disturbed(gr) {
		m.h.stalls[gr.key()] = append(m.h.stalls[gr.key()], gr.stall)
	}
}

// disturbed reports whether a probe next to gr was beyond the bound, or
// gr's stall beyond its group's typical stall by more than the stall bound.
func (m *probes) disturbed(gr *groupRun) bool { return m.score(gr) > 1 }

// score is how disturbed gr is, against the bounds: the larger of its
// probes' slowness over the bound and its stall's excess over the stall
// bound; over 1 is disturbed.
func (m *probes) score(gr *groupRun) float64 {
	s := gr.slowness() / m.cfg.Bound
	if gr.judged {
		s = max(s, gr.excess/m.cfg.StallBound)
	}
	return s
}

func median[T time.Duration | float64](ds []T) T {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(ds))
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

// A roundRuns is one round of one ref: its group runs in the order they
// ran, each between two probes when the machine probe is on.
type roundRuns struct {
	r     *run
	t     *target
	round int // the Run's round, for progress
	file  int // the round's number in t's file
	steps []step
	slots int // the group runs of the first pass
}

// A step is a probe or a group run.
type step struct {
	probe *contract.Probe
	run   *groupRun
}

// A groupRun is one run of one package's binary for one group.
type groupRun struct {
	slot int    // which group run of the round it is (a group may be listed twice)
	ref  string // the target's ref
	p    pkg
	g    Group
	out  []byte
	dur  time.Duration
	// before and after are the probes next to it.
	before, after *contract.Probe
	// stall is the share of the run's time in which some task of the
	// system waited for a CPU, when stalled (the system reports it);
	// excess is how much it exceeds its group's typical stall, when
	// judged.
	stall, excess   float64
	stalled, judged bool
}

func (g *groupRun) slowness() float64 { return max(g.before.Slow, g.after.Slow) }

// key names gr's ref, package and group, whose runs share a typical
// stall.
func (g *groupRun) key() string { return stallKey(g.ref, g.p.path, g.g.String()) }

// stallKey is the key of the typical stall of ref's runs of group in pkg.
func stallKey(ref, pkg, group string) string { return ref + "\x00" + pkg + "\x00" + group }

func (r *run) newRound(t *target, round int) *roundRuns {
	if r.probes == nil {
		r.probes = newProbes(r.cfg.Probe, r.total)
		if r.probes != nil {
			for _, each := range r.targets {
				r.probes.seed(each)
			}
		}
	}
	return &roundRuns{r: r, t: t, round: round, file: t.file.rounds + 1}
}

// probe takes a probe and adds it to the steps.
func (rr *roundRuns) probe() *contract.Probe {
	p := rr.r.probes.probe(rr.file)
	rr.r.probes.latest = p
	rr.steps = append(rr.steps, step{probe: p})
	return p
}

// run runs p's binary for g between two probes (see exec).
func (rr *roundRuns) run(ctx context.Context, p pkg, g Group) error {
	m := rr.r.probes
	gr := &groupRun{slot: rr.slots, ref: rr.t.ref, p: p, g: g}
	rr.slots++
	if err := rr.exec(ctx, gr); err != nil {
		return err
	}
	if m != nil {
		m.first += gr.dur + m.last
		m.runs++
	}
	return nil
}

// exec runs gr, and the probe after it when the machine probe is on. The
// probe before it is the Run's latest, which another ref's run may have
// taken (the refs of a round are interleaved group run by group run); the
// Run's first run probes first.
func (rr *roundRuns) exec(ctx context.Context, gr *groupRun) error {
	var out bytes.Buffer
	now := time.Now
	m := rr.r.probes
	var stall0 time.Duration
	stalled := false
	if m != nil {
		now = m.now
		switch last := m.latest; {
		case last == nil:
			rr.probe()
		case len(rr.steps) == 0 || rr.steps[len(rr.steps)-1].probe != last:
			rr.steps = append(rr.steps, step{probe: last})
		}
		gr.before = m.latest
		if m.stall != nil {
			stall0, stalled = m.stall()
		}
	}
	start := now()
	if err := rr.r.runBinary(ctx, gr.p, gr.g, &out); err != nil {
		return err
	}
	gr.dur, gr.out = now().Sub(start), out.Bytes()
	if stalled {
		if stall1, ok := m.stall(); ok && gr.dur > 0 && stall1 >= stall0 {
			gr.stalled, gr.stall = true, float64(stall1-stall0)/float64(gr.dur)
		}
	}
	rr.steps = append(rr.steps, step{run: gr})
	if m != nil {
		gr.after = rr.probe()
	}
	return nil
}

// finish judges the round's group runs by their probes, measures the
// disturbed ones again as far as the limits allow, and writes the round's
// output to out: the probes and the runs in the order they ran, the runs
// not kept as comment lines.
func (rr *roundRuns) finish(ctx context.Context, out *bytes.Buffer) error {
	m := rr.r.probes
	if m == nil {
		for _, s := range rr.steps {
			out.Write(s.run.out)
		}
		return nil
	}
	var queue []*groupRun
	for _, s := range rr.steps {
		if s.probe != nil {
			m.judge(s.probe)
		}
	}
	var runs []*groupRun
	for _, s := range rr.steps {
		if s.run != nil {
			runs = append(runs, s.run)
		}
	}
	for _, gr := range runs {
		m.judgeStall(gr, runs)
		if m.disturbed(gr) {
			queue = append(queue, gr)
		}
	}
	for _, gr := range runs {
		m.pool(gr)
	}
	tries := make(map[int]int)
	for len(queue) > 0 {
		gr := queue[0]
		queue = queue[1:]
		if tries[gr.slot] >= m.cfg.Again || !m.affords(gr.dur+m.last) {
			continue
		}
		start := m.now()
		rr.calm()
		m.again += m.now().Sub(start)
		if !m.affords(gr.dur + m.last) { // the wait took the rest
			continue
		}
		tries[gr.slot]++
		rr.r.report(Status{Phase: "run", Ref: rr.t.ref, Package: gr.p.path, Group: gr.g, Round: rr.round, Again: true})
		again := &groupRun{slot: gr.slot, ref: gr.ref, p: gr.p, g: gr.g}
		start = m.now()
		err := rr.exec(ctx, again)
		m.again += m.now().Sub(start)
		if err != nil {
			return fmt.Errorf("benchmarks of %s failed in round %d, measured again: %v", gr.p.path, rr.file, err)
		}
		m.judge(again.after)
		m.judgeStall(again, nil)
		if m.disturbed(again) {
			queue = append(queue, again)
		}
		m.pool(again)
	}
	kept, last := rr.kept()
	for i, s := range rr.steps {
		if s.probe != nil {
			p := *s.probe
			// The probe after a run of this round and ref gives its stall,
			// and the stall-run line after it names the run; not the copy
			// of a probe after another round's or ref's run.
			var stalled *groupRun
			if i > 0 {
				if prev := rr.steps[i-1].run; prev != nil && prev.after == s.probe && prev.stalled {
					p.Stalled, p.Stall, stalled = true, prev.stall, prev
				}
			}
			out.WriteString(contract.ProbeLine(p))
			if stalled != nil {
				out.WriteString(contract.StallRunLine(contract.StallRun{Round: p.Round, Run: stalled.dur, Package: stalled.p.path, Group: stalled.g.String()}))
			}
			continue
		}
		gr := s.run
		k := kept[gr.slot] == gr
		if !k || m.disturbed(gr) {
			d := contract.Disturbed{
				Round: rr.file, Kept: k, Dropped: kept[gr.slot] == nil && last[gr.slot] == gr,
				Before: gr.before.Slow, After: gr.after.Slow, Bound: m.cfg.Bound,
				Package: gr.p.path, Group: gr.g.String(),
			}
			if gr.judged {
				d.Stall, d.StallBound = gr.excess, m.cfg.StallBound
			}
			out.WriteString(contract.DisturbedLine(d))
		}
		if k {
			out.Write(gr.out)
			continue
		}
		for _, line := range strings.SplitAfter(string(gr.out), "\n") {
			if line = strings.TrimRight(line, "\r\n"); line != "" {
				out.WriteString(contract.SetAsideLine(line))
			}
		}
	}
	return nil
}

// A run measured again first waits for a probe within the bound, probing
// every calmGap, up to calmProbes times: it must not start again in the
// spell it is measured again for. Most spells of the reference machine
// last 0.1 s, the long ones seconds (a load of other jobs, such as a CPU
// hog busy 2 s in every 7, the same): about 3 s of patience outlasts
// most, and the wait counts against the Budget.
const (
	calmGap    = 250 * time.Millisecond
	calmProbes = 12
)

// calm probes again, up to calmProbes times, calmGap apart (at once when
// the budget has no room for the gap), while the latest probe is over the
// bound and the budget allows.
func (rr *roundRuns) calm() {
	m := rr.r.probes
	m.judge(m.latest)
	for range calmProbes {
		if m.latest.Slow <= m.cfg.Bound || !m.affords(m.last) {
			return
		}
		if m.affords(m.last + calmGap) { // else probe at once, as the budget allows
			m.sleep(calmGap)
		}
		m.judge(rr.probe())
	}
}

// kept returns the run kept of each slot and the last run of each slot,
// and counts the round in the ref's tally of clean rounds. A slot keeps
// the run not found disturbed (there is at most one: the last). A slot
// whose runs were all disturbed keeps none, and the round has no result
// of its group, as long as the group's rounds of this ref in the Run had
// a run not found disturbed at least half the time, this round included,
// and its benchmarks keep the samples of an interval (see starves); else
// it keeps the least disturbed run (the later of two alike): on a machine
// busy most of the time the probes' typical time is the busy one's, and a
// group without results would tell nothing. Keeping the least disturbed
// run every time put runs 75–85% slower, by their probes, among the
// samples of a gate under a CPU hog (busy 2 s in every 7) once the budget
// was spent, and the gate missed a 7% slowdown beside them.
func (rr *roundRuns) kept() (kept, last map[int]*groupRun) {
	m := rr.r.probes
	kept, last = make(map[int]*groupRun), make(map[int]*groupRun)
	least := make(map[int]*groupRun)
	for _, s := range rr.steps {
		gr := s.run
		if gr == nil {
			continue
		}
		last[gr.slot] = gr
		if !m.disturbed(gr) {
			kept[gr.slot] = gr
		}
		if k := least[gr.slot]; k == nil || m.score(gr) <= m.score(k) {
			least[gr.slot] = gr
		}
	}
	if rr.t.clean == nil {
		rr.t.clean = make(map[int]cleanCount)
	}
	// A group listed twice runs twice a round: its benchmarks' samples
	// come from both slots.
	slots := make(map[string]int)
	for _, gr := range least {
		slots[gr.key()]++
	}
	for _, slot := range slices.Sorted(maps.Keys(least)) {
		gr := least[slot]
		c := rr.t.clean[slot]
		c.rounds++
		switch {
		case kept[slot] != nil:
			c.clean++
		case 2*c.clean < c.rounds || rr.starves(gr, slots[gr.key()]):
			kept[slot] = gr
		default:
			if rr.t.dropped == nil {
				rr.t.dropped = make(map[string]int)
			}
			rr.t.dropped[gr.key()]++
		}
		rr.t.clean[slot] = c
	}
	return kept, last
}

// minSamples is the fewest samples of a benchmark that benchstat gives a
// 95% interval for (benchmath: "need >= 6 samples").
const minSamples = 6

// gateSamples is the fewest samples a side with which the regression
// gate's Mann–Whitney test can pass Holm's first level over a whole suite
// (α over the suite's benchmarks): 7 against 7 reach a one-sided p of
// 1/3432, at or below 5%/171; 6 against 6 reach only 1/924, above 5%/47
// (make report's suite has 50), and the gate then cannot decide.
const gateSamples = 7

// starves reports whether dropping gr's round would leave the benchmarks
// of its group, run in slots slots a round, too few samples in its ref's
// file once every round planned has run, counting the rounds dropped by
// earlier Runs of the file too. Too few is fewer than minSamples, or than
// gateSamples when the rounds planned hold that many: a group that runs
// once a round at -count 6 (make report's trial61 and throttle) drops no
// round, so that a noisy machine widens its interval rather than leaving
// it none; at -count 7 it drops none either, and at -count 10 (make
// compare's) up to 3 rounds of a ref, so that the gate can still decide.
// A plan too short for an interval anyway (-count 5, a group once a
// round), or none (a test's), sets no minimum.
func (rr *roundRuns) starves(gr *groupRun, slots int) bool {
	t := rr.t
	n := t.planned * slots
	if n < minSamples {
		return false
	}
	return n-t.dropped[gr.key()]-1 < min(n, gateSamples)
}

// droppedRuns counts, by groupRun.key, the group runs of ref that a
// results file's earlier Runs dropped: rounds without a result of their
// group.
func droppedRuns(ref string, data []byte) map[string]int {
	n := make(map[string]int)
	for line := range strings.Lines(string(data)) {
		if d, ok := contract.ParseDisturbed(line); ok && d.Dropped {
			n[stallKey(ref, d.Package, d.Group)]++
		}
	}
	return n
}

// anyResult reports whether any group run of the round printed a result.
func (rr *roundRuns) anyResult() bool {
	for _, s := range rr.steps {
		if s.run != nil && resultLineRE.Match(s.run.out) {
			return true
		}
	}
	return false
}

// A cleanCount counts a group run's rounds in a Run, and those of them
// with a run that no probe found disturbed.
type cleanCount struct{ rounds, clean int }

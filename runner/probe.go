package runner

import (
	"slices"
	"time"

	"github.com/concbench/concbench/runner/machine"
)

// The runner measures the machine in two ways. Before each round, the
// round trip between two CPUs (contract.RoundTripLine; see bench/hiccup
// -pingpong for the same probe on its own). Before and after every group
// run, the machine probe (MachineProbe, disturb.go).

// probeRoundTrip returns the median round trip between two CPUs of 10 ms
// windows over about d, or 0 with fewer than two CPUs, where the threads
// would take turns on one and measure the scheduler instead.
func probeRoundTrip(d time.Duration) time.Duration {
	if len(machine.CPUs()) < 2 {
		return 0
	}
	ws := machine.RoundTrips(d, 10*time.Millisecond)
	slices.Sort(ws)
	return ws[len(ws)/2]
}

// MachineProbe says how Run measures the machine around the group runs
// (a run of one package's test binary for one Group), and which of them it
// measures again. Its zero value measures nothing.
//
// Before the first group run of a round and after every group run, every
// CPU does the same fixed work at once (package machine), each on a thread
// pinned to it where the system allows, and the probe records how long
// each CPU took. A probe's slowness is the largest, over the CPUs, of how
// much longer than typical a CPU took, its typical time being the median
// of its times in every probe of the Run so far (three probes at the start
// of the Run begin the count). A group run is disturbed when the probe
// before it or the probe after it is slower than Bound, or when its CPU
// stall (the share of its time in which some task of the system waited
// for a CPU, where the system reports it) exceeds the median stall of its
// group's other runs of the same ref, in the round and in earlier rounds
// (and earlier Runs sharing its History), not found disturbed, by more
// than StallBound (judged for runs at least ten probes long, a shorter run
// being in the probes' view, and once the group has another such run):
// the probes see a spell at the run's edges, the stall another job's load
// throughout the run. At the end of the
// round, the disturbed group runs are measured again, each between probes
// of its own (after waiting, up to calmWait probes, for one within the
// bound), while their group has been measured again fewer than Again
// times in the round and the runs measured again in the whole Run, with
// their probes, take no more than Budget times as long as the Run's first
// runs with theirs are expected to take (as long each as those so far). A
// round keeps, of each group, the run not found disturbed, or
// none when every run of the group was disturbed: the round then has no
// result of that group, and benchstat's n says so; but when the group's
// runs were disturbed in most of its rounds, or dropping the round would
// leave its benchmarks fewer than 6 samples in the rounds planned (too few
// for benchstat's interval), or fewer than 7 when 7 or more are planned
// (too few for the regression gate over a suite: 6 against 6 cannot pass
// Holm's first level over 47 benchmarks or more), the round keeps the
// least disturbed run, under a header that says so. The others stay in the
// results file as comment lines (contract.SetAsideLine), with their
// probes' figures and stalls. Only the probes and the stalls decide which
// run is kept: the runner never looks at the benchmarks' values.
type MachineProbe struct {
	// Time is the length of one probe on this machine (it is sized when
	// the Run starts, or by the first Run sharing its History); 0 measures
	// nothing unless Measure is set.
	Time time.Duration
	// Bound is the slowness of a probe beyond which the group runs next
	// to it are disturbed: 0.2 is 20% slower than typical; 0 means
	// DefaultProbeBound.
	Bound float64
	// Again is the number of times a group run may be measured again in
	// one round; 0 means DefaultProbeAgain.
	Again int
	// Budget bounds the time of the runs measured again in a Run, with
	// their probes, as a fraction of the time the Run's first runs with
	// theirs are expected to take; 0 means DefaultProbeBudget.
	Budget float64
	// Measure, if not nil, replaces the probe: it returns how long each
	// CPU took for the probe's fixed work. Run calls it probeCalibration
	// times at the start, then before and after the group runs.
	Measure func() []time.Duration

	// StallBound is the CPU stall beyond its group's typical stall at
	// which a group run is disturbed: 0.05 is 5 points of the run's time
	// more than the median stall of the group's other runs so far (of the
	// same ref, not found disturbed); 0 means DefaultStallBound, 1 or
	// more turns the rule off. A run's stall is the share of its time in
	// which some task of the system waited for a CPU (see
	// machine.CPUStall); it is judged where the system reports it.
	StallBound float64
	// Stall, if not nil, replaces machine.CPUStall: the system's CPU stall
	// so far, and whether it reports one. With Measure set and Stall nil,
	// no stall is judged.
	Stall func() (time.Duration, bool)
	// History, if not nil, carries what the probe learns from one Run to
	// the next: a caller that measures one comparison in several Runs
	// passes the same History to each (see ProbeHistory).
	History *ProbeHistory
}

// A ProbeHistory is what a Run's machine probe keeps for the next Run:
// the work of the probe as sized, and the stalls of the group runs not
// found disturbed, by ref, package and group. A Run given one
// (MachineProbe.History) starts from it and adds to it, so that a
// comparison measured in batches of rounds, one Run each (bisect measures
// a commit against GOOD so), judges a run's stall against its group's runs
// in the batches before too: a group run with no other run of its own yet
// in the Run is still judged by its stall. A group's typical stall is its
// own load, steady over hours. The probes' typical times are not kept: each
// Run takes them afresh, from its own calibration on, so that a machine
// whose speed drifts over a long search is judged against its speed of the
// last minutes. A Run also takes in the stalls of the runs already in its
// results files, measured by earlier Runs, which the files' stall-run lines
// name (once per file and history: a Run that wrote a file with this
// history pooled them already). Its zero value is empty and ready to use;
// it serves one Run at a time.
type ProbeHistory struct {
	measure func() []time.Duration // the sized probe (nil until a Run sizes it)
	cpus    []int                  // the CPUs measure reports, in order
	stalls  map[string][]float64   // by ref, package and group: the stalls of the runs so far not found disturbed
	seeded  map[string]bool        // the results files whose earlier runs' stalls are in stalls
	runs    int                    // the Runs that have used it
}

// Runs returns the number of Runs that have used the history.
func (h *ProbeHistory) Runs() int { return h.runs }

// The defaults of MachineProbe, chosen from a 20-minute recording of the
// reference machine (a 2-vCPU VM whose vCPUs were then one core's two
// hyper-threads, 110 ns apart) while idle, with the work of a probe
// running in 2 ms units on both CPUs at once (go run ./bench/hiccup, which
// prints these tables; docs/STEADY.md has the rest). The share of probe
// windows whose slowest CPU was more than the bound slower than its median,
// that is the share of probes that would flag group runs with nothing
// wrong:
//
//	probe    >10%    >15%    >20%    >25%
//	 30 ms  14.6%    6.0%    3.3%    1.9%
//	 50 ms  13.6%    4.7%    2.3%    1.3%
//	100 ms  12.2%    3.7%    1.8%    0.9%
//
// The machine's slow spells hit both vCPUs at once (their slowness over
// 100 ms windows correlated 0.93) and last 0.1 s to 20 s; a probe next to a
// sample sees the long ones and not the short ones. Before or after a 1 s
// sample, a 50 ms probe at a 15% bound caught 53 of the 191 samples more
// than 5% slow, with 7 false flags in 570; at 20%, 25 with 2. In make
// report, a 50 ms probe at 10% caught 17 of 65 slow samples with 28 false
// flags. A probe is paid at every group boundary: make report runs 17
// groups in each of 6 rounds, about 110 probes, each taking 30–40% more
// than its length when both hyper-threads of a core work (the work is
// sized on one). 30 ms at a 20% bound flags 3.3% of the probes when nothing
// is wrong, at 4 s in all; it sees the long, deep spells, which spoil a
// whole group run, and leaves the short ones to the statistics (the
// interval of 12 samples, and speedups paired within a round). Two re-runs
// of a group run per round, and no more time for them, their probes and
// their waits for a calm probe than the first runs took (the Run at most
// doubles; make report passes -probe-budget 15%), keep a long spell or a
// job of someone else's from stretching a run without end. Change them
// here after longer recordings.
const (
	DefaultProbeTime   = 30 * time.Millisecond
	DefaultProbeBound  = 0.20
	DefaultProbeAgain  = 2
	DefaultProbeBudget = 1.0
)

// DefaultStallBound is MachineProbe's default StallBound. On the reference
// machine idle, a 1.3 s run of a CPU-bound benchmark stalled 0.2–1.5% of
// its time; the same run sharing the CPUs with a hog busy 2 s in every 7
// stalled 17–54% when the hog's busy phase overlapped it (and 3–5% when it
// only touched its edges), and ran 13–70% slower when the overlap fell in
// its measured part. The probes before and after such a run see the hog
// only when it is busy at their time: a run overlapped in its middle kept
// probes 5–11% slow, under their bound, and put samples 7–17% slow into a
// gate that then missed a 7% slowdown (docs/STEADY.md). A group's typical
// stall is the median of its own other runs, of the same ref, so that a
// group that loads every CPU by itself (processes), or a commit that makes
// it do so, is not disturbed by its own stall.
const DefaultStallBound = 0.05

// MinBound is the smallest probe or stall bound: the results file writes
// bounds to a tenth of a percent. A stall bound of 1 (100%) or more
// turns the stall's rule off: no run waits longer than it lasts.
const MinBound = 0.001

// probeCalibration is the number of probes at the start of a Run, before
// any group run, from which the first judgements take the typical times
// (a Run sharing a History takes them afresh too).
const probeCalibration = 3

// on reports whether the machine probe runs.
func (c MachineProbe) on() bool { return c.Time != 0 || c.Measure != nil }

func (c *MachineProbe) fill() error {
	if !c.on() {
		return nil
	}
	if c.Bound == 0 {
		c.Bound = DefaultProbeBound
	}
	if c.Again == 0 {
		c.Again = DefaultProbeAgain
	}
	if c.Budget == 0 {
		c.Budget = DefaultProbeBudget
	}
	if c.StallBound == 0 {
		c.StallBound = DefaultStallBound
	}
	switch {
	case c.Time < 0:
		return usagef("probe time %v: want a positive duration, or 0 for no probe", c.Time)
	case !(c.Bound >= MinBound):
		return usagef("probe bound %g: want a fraction of 0.001 or more (0.2 for 20%%)", c.Bound)
	case c.Again < 0:
		return usagef("probe again %d: want 0 or more", c.Again)
	case c.Budget < 0:
		return usagef("probe budget %g: want a positive fraction", c.Budget)
	case !(c.StallBound >= MinBound):
		return usagef("stall bound %g: want a fraction of 0.001 or more (0.05 for 5%%)", c.StallBound)
	}
	return nil
}

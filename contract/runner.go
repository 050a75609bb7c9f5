package contract

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The results file of a commit that concbench bench writes is benchfmt
// text:
//
//	# concbench bench: pkg="./..." bench="."
//	commit: 5ce14cbd0e2f…
//	commit-time: 2026-11-27T14:02:11Z
//	commit-parent: 91aa07c3e5d1…
//	commit-position: 412
//	ref: HEAD~1
//	goos: linux
//	…
//	# concbench bench: round 1 cpu-round-trip 412ns
//	# concbench bench: round 1 probe slow=+0.4% bound=20% cpu0=48.211ms cpu1=48.730ms
//	BenchmarkX-2   	     100	     12345 ns/op
//	PASS
//	# concbench bench: round 1 probe slow=-0.3% bound=20% cpu0=47.980ms cpu1=48.502ms
//	# concbench bench: round 1 done run=20261204T210443Z-9f3a1c2e pass=1
//	…
//
// Lines starting with # are neither configuration nor results to benchfmt
// readers (benchstat ignores them, as it ignores PASS). The first records
// the settings the rounds were measured with; each round ends with its
// marker line, which names the pass of the runner's run it was measured in
// (see Pass). The machine probe's lines, and the output of group runs it
// found disturbed, are described at ProbeLine below.
const (
	// NotePrefix starts every comment line concbench writes into benchmark
	// output; a report keeps such lines as the input's notes.
	NotePrefix = "# concbench "

	// BenchPrefix starts the runner's comment lines: the settings line
	// (BenchPrefix + settings), the probe lines and the round markers.
	BenchPrefix = NotePrefix + "bench: "
)

// Header keys of a results file: configuration lines before the results.
const (
	KeyCommit     = "commit"      // the full commit hash
	KeyCommitTime = "commit-time" // the committer time, RFC 3339
	KeyRef        = "ref"         // the ref as the user named it

	// KeyCommitParent is the commit's first parent (absent for a root
	// commit), and KeyCommitPosition its place on its first-parent
	// history: 1 for a root commit, n+1 for a child of a commit at n
	// (git rev-list --first-parent --count). They order the files of
	// different commits by history where git cannot be asked, which
	// committer times (to the second, and the same for every commit of a
	// rebase) cannot.
	KeyCommitParent   = "commit-parent"
	KeyCommitPosition = "commit-position"
)

// DirtySuffix ends the ref: line of the working tree measured with
// uncommitted changes; its commit: is HEAD's and its commit-time: when
// it was first measured.
const DirtySuffix = " (uncommitted changes)"

// RunnerKeys are the header keys, which differ between the files of one
// run but say nothing of what was measured: a report ignores them when it
// groups results (benchstat's -ignore).
var RunnerKeys = []string{KeyCommit, KeyCommitTime, KeyRef, KeyCommitParent, KeyCommitPosition}

// RoundDoneLine is the marker line that ends round n of a results file,
// without the pass it was measured in (as files written before the
// runner recorded passes end their rounds); RoundDoneIn writes it with.
func RoundDoneLine(n int) string { return fmt.Sprintf("%sround %d done\n", BenchPrefix, n) }

// A Pass says when a round was measured: in which run of the runner (Run,
// an identity made when the run starts: its start time in UTC and a
// random suffix) and in which pass of that run's round loop (Index, from
// 1), in which every ref measured one round, interleaved. The rounds of
// two results files with the same Pass were measured together; two files
// of one run may number the same pass differently (a ref added to kept
// results, or resumed after an interrupted run, has fewer rounds before
// it), and the same round numbers of two files may come from different
// runs. The zero Pass is unknown: a file written before passes were
// recorded.
type Pass struct {
	Run   string // "20261204T210443Z-9f3a1c2e"; no blanks
	Index int
}

// Known reports whether p records a pass.
func (p Pass) Known() bool { return p.Run != "" && p.Index > 0 }

// RoundDoneIn is the marker line that ends round n of a results file,
// measured in pass p:
//
//	# concbench bench: round 6 done run=20261204T210443Z-9f3a1c2e pass=5
//
// A p that is not Known gives RoundDoneLine's marker.
func RoundDoneIn(n int, p Pass) string {
	if !p.Known() || strings.ContainsAny(p.Run, " \t\n") {
		return RoundDoneLine(n)
	}
	return fmt.Sprintf("%sround %d done run=%s pass=%d\n", BenchPrefix, n, p.Run, p.Index)
}

// RoundDone reads a line of a results file: the number of the round it
// ends, and whether it is a round marker (with its pass or without).
func RoundDone(line string) (int, bool) {
	n, _, ok := RoundPass(line)
	return n, ok
}

// RoundPass reads a round marker: the number of the round it ends, the
// pass it was measured in (the zero Pass when the marker has none), and
// whether the line is a round marker.
func RoundPass(line string) (int, Pass, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), BenchPrefix+"round ")
	if !ok {
		return 0, Pass{}, false
	}
	n, rest, _ := strings.Cut(rest, " ")
	r, err := strconv.Atoi(n)
	if err != nil || r <= 0 {
		return 0, Pass{}, false
	}
	words := strings.Fields(rest)
	switch {
	case len(words) == 1 && words[0] == "done" && rest == "done":
		return r, Pass{}, true
	case len(words) != 3 || words[0] != "done" || rest != strings.Join(words, " "):
		return 0, Pass{}, false
	}
	run, ok1 := strings.CutPrefix(words[1], "run=")
	idx, ok2 := strings.CutPrefix(words[2], "pass=")
	k, err := strconv.Atoi(idx)
	if !ok1 || !ok2 || run == "" || err != nil || k <= 0 {
		return 0, Pass{}, false
	}
	return r, Pass{Run: run, Index: k}, true
}

// roundTripKey names the probe of the round trip between two CPUs.
const roundTripKey = "cpu-round-trip"

// RoundTripLine is the comment line that records rt, the round trip between
// two CPUs the runner measured before round; RoundTrip reads it back.
//
// On a VM the host may move the vCPUs while a suite runs (one core's two
// hyper-threads, then two cores): the round trip jumps between two values
// (about 80 and 400 ns on the reference machine), and jobs that hand work
// between CPUs many times per operation change speed with it. The line lets
// a report say so.
func RoundTripLine(round int, rt time.Duration) string {
	return fmt.Sprintf("%sround %d %s %dns\n", BenchPrefix, round, roundTripKey, rt.Nanoseconds())
}

// RoundTrip reads a line of a results file: the round trip between two
// CPUs that the runner measured before a round, and whether the line
// records one.
func RoundTrip(line string) (time.Duration, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), BenchPrefix+"round ")
	if !ok {
		return 0, false
	}
	f := strings.Fields(rest)
	if len(f) != 3 || f[1] != roundTripKey {
		return 0, false
	}
	if _, err := strconv.Atoi(f[0]); err != nil {
		return 0, false
	}
	ns, ok := strings.CutSuffix(f[2], "ns")
	n, err := strconv.ParseInt(ns, 10, 64)
	if !ok || err != nil || n <= 0 {
		return 0, false
	}
	return time.Duration(n), true
}

// The machine probe's lines. Before and after every group run of a round
// (one run of a test binary for one -bench group), the runner has every CPU
// do the same fixed work and records how long each took:
//
//	# concbench bench: round 3 probe slow=+1.2% bound=20% cpu0=50.123ms cpu1=49.877ms stall=0.7%
//
// The probe after a group run also gives, where the system reports it, the
// run's CPU stall: the share of the run's time in which some task of the
// system waited for a CPU (Linux's pressure stall information). A group
// run next to a probe whose slowest CPU took more than the bound longer
// than its typical time is disturbed, and so is one whose stall exceeds its
// group's typical stall by more than the stall bound. Its group is
// measured again, and its output stays in the file as comment lines, set
// aside after a header naming it (the stall words when the stall was
// judged):
//
//	# concbench bench: round 3 disturbed set-aside before=+1.2% after=+23.4% bound=20% stall=+0.1% stall-bound=5% pkg="example.com/tiny" bench="Slow@2x"
//	# concbench bench: disturbed BenchmarkSlow-2   	       2	   2104553 ns/op
//
// After a probe line that gives a stall, a line names the run the stall is
// of and how long it took (written since 2026-12-05), from which a later
// run adding rounds to the file learns the group's typical stall:
//
//	# concbench bench: round 3 stall-run run=2.104s pkg="example.com/tiny" bench="Slow@2x"
//
// benchfmt readers skip both, so benchstat reads only the runs kept, one
// per group and round. When every run of a group in a round was disturbed
// and the runner may not measure it again, none is kept: the header of the
// last says "dropped" instead of "set-aside", and the round has no result
// of the group; or, when most of the group's rounds were disturbed or
// the group's benchmarks would be left fewer than 6 samples (too few for
// benchstat's interval), the least disturbed run is kept, as ordinary
// output after a header that says "kept".
const (
	probeKey     = "probe"
	stallKey     = "stall"
	stallRunKey  = "stall-run"
	disturbedKey = "disturbed"
	asideWord    = "set-aside"
	droppedWord  = "dropped"
	keptWord     = "kept"
)

// A CPUTime is how long one CPU took for a probe's work.
type CPUTime struct {
	CPU  int // the CPU's number (where the system pins threads; else the thread's)
	Time time.Duration
}

// A Probe is one run of the machine probe.
type Probe struct {
	Round int
	// Slow is how much longer than typical the slowest CPU took: 0.12 is
	// 12% longer than the median of its times in the run's probes so far.
	Slow float64
	// Bound is the slowness beyond which the runner took a group run next
	// to the probe as disturbed.
	Bound float64
	CPUs  []CPUTime
	// Stalled says that Stall was measured: the share of the time of the
	// group run before the probe in which some task of the system waited
	// for a CPU (0.05 is 5%).
	Stalled bool
	Stall   float64
}

// ProbeLine is the comment line that records p; ParseProbe reads it.
func ProbeLine(p Probe) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%sround %d %s slow=%s bound=%s", BenchPrefix, p.Round, probeKey, signedPercent(p.Slow), percent(p.Bound))
	for _, c := range p.CPUs {
		fmt.Fprintf(&b, " cpu%d=%s", c.CPU, c.Time.Round(time.Microsecond))
	}
	if p.Stalled {
		fmt.Fprintf(&b, " %s=%s", stallKey, percent(p.Stall))
	}
	b.WriteByte('\n')
	return b.String()
}

// ParseProbe reads a line of a results file: the probe it records, and
// whether it records one.
func ParseProbe(line string) (Probe, bool) {
	round, words, ok := roundLine(line, probeKey)
	if !ok || len(words) < 3 {
		return Probe{}, false
	}
	p := Probe{Round: round}
	slow, ok1 := keyPercent(words[0], "slow")
	bound, ok2 := keyPercent(words[1], "bound")
	if !ok1 || !ok2 {
		return Probe{}, false
	}
	p.Slow, p.Bound = slow, bound
	words = words[2:]
	if n := len(words); n > 0 && strings.HasPrefix(words[n-1], stallKey+"=") {
		stall, ok := keyPercent(words[n-1], stallKey)
		if !ok || stall < 0 {
			return Probe{}, false
		}
		p.Stalled, p.Stall, words = true, stall, words[:n-1]
	}
	for _, w := range words {
		k, v, ok := strings.Cut(w, "=")
		n, err := strconv.Atoi(strings.TrimPrefix(k, "cpu"))
		if !ok || !strings.HasPrefix(k, "cpu") || err != nil || n < 0 {
			return Probe{}, false
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return Probe{}, false
		}
		p.CPUs = append(p.CPUs, CPUTime{CPU: n, Time: d})
	}
	if len(p.CPUs) == 0 {
		return Probe{}, false
	}
	return p, true
}

// A StallRun names the group run whose stall the probe line before it
// gives (Probe.Stall), and how long the run took.
type StallRun struct {
	Round          int
	Run            time.Duration
	Package, Group string // the package's import path; the -bench group, REGEXP or REGEXP@BENCHTIME
}

// StallRunLine is the line that records r; ParseStallRun reads it. It is
// a line of its own, not words of the probe's line, so that a concbench of
// before, which reads a probe line only as it wrote it, still reads the
// probe lines of a file written now.
func StallRunLine(r StallRun) string {
	return fmt.Sprintf("%sround %d %s run=%s pkg=%s bench=%s\n", BenchPrefix, r.Round, stallRunKey,
		r.Run.Round(time.Microsecond), strconv.Quote(r.Package), strconv.Quote(r.Group))
}

// ParseStallRun reads a line of a results file: the run it names, and
// whether it names one.
func ParseStallRun(line string) (StallRun, bool) {
	round, words, ok := roundLine(line, stallRunKey)
	if !ok || len(words) != 3 {
		return StallRun{}, false
	}
	v, ok1 := strings.CutPrefix(words[0], "run=")
	d, err := time.ParseDuration(v)
	pkg, ok2 := keyQuoted(words[1], "pkg")
	group, ok3 := keyQuoted(words[2], "bench")
	if !ok1 || err != nil || d <= 0 || !ok2 || !ok3 || group == "" {
		return StallRun{}, false
	}
	return StallRun{Round: round, Run: d, Package: pkg, Group: group}, true
}

// A Disturbed is the header of a group run that ran next to a probe beyond
// the bound.
type Disturbed struct {
	Round int
	// The run is set aside: its output follows as comment lines
	// (SetAsideLine). Dropped says that it was the last run of its group
	// in the round and the runner could measure it again no more: the
	// round has no result of the group. Kept says the run is kept as a
	// sample all the same: every run of its group in the round was
	// disturbed, this one was the least disturbed, and most of the group's
	// rounds were disturbed or dropping it would leave the group's
	// benchmarks fewer than 6 samples (see runner.MachineProbe).
	Dropped, Kept bool
	// Before and After are the slowness of the probes before and after
	// the run (see Probe.Slow); Bound is the bound it was judged by.
	Before, After, Bound float64
	// StallBound, when not 0, says that the run's CPU stall was judged:
	// Stall is how much it exceeded the typical stall of the group's runs
	// (0.3 is 30 points of the run's time), StallBound the excess beyond
	// which a run is disturbed.
	Stall, StallBound float64

	Package string // the package's import path
	Group   string // the -bench group, REGEXP or REGEXP@BENCHTIME
}

// DisturbedLine is the header line of the disturbed run d; ParseDisturbed
// reads it.
func DisturbedLine(d Disturbed) string {
	what := asideWord
	switch {
	case d.Kept:
		what = keptWord
	case d.Dropped:
		what = droppedWord
	}
	stall := ""
	if d.StallBound != 0 {
		stall = fmt.Sprintf(" %s=%s %s-bound=%s", stallKey, signedPercent(d.Stall), stallKey, percent(d.StallBound))
	}
	return fmt.Sprintf("%sround %d %s %s before=%s after=%s bound=%s%s pkg=%s bench=%s\n", BenchPrefix, d.Round, disturbedKey, what,
		signedPercent(d.Before), signedPercent(d.After), percent(d.Bound), stall, strconv.Quote(d.Package), strconv.Quote(d.Group))
}

// ParseDisturbed reads a line of a results file: the disturbed run whose
// header it is, and whether it is one.
func ParseDisturbed(line string) (Disturbed, bool) {
	round, words, ok := roundLine(line, disturbedKey)
	if !ok || (len(words) != 6 && len(words) != 8) || (words[0] != asideWord && words[0] != keptWord && words[0] != droppedWord) {
		return Disturbed{}, false
	}
	d := Disturbed{Round: round, Kept: words[0] == keptWord, Dropped: words[0] == droppedWord}
	var ok1, ok2, ok3 bool
	d.Before, ok1 = keyPercent(words[1], "before")
	d.After, ok2 = keyPercent(words[2], "after")
	d.Bound, ok3 = keyPercent(words[3], "bound")
	if len(words) == 8 {
		var ok6, ok7 bool
		d.Stall, ok6 = keyPercent(words[4], stallKey)
		d.StallBound, ok7 = keyPercent(words[5], stallKey+"-bound")
		if !ok6 || !ok7 || d.StallBound <= 0 {
			return Disturbed{}, false
		}
		words = append(words[:4], words[6:]...)
	}
	pkg, ok4 := keyQuoted(words[4], "pkg")
	group, ok5 := keyQuoted(words[5], "bench")
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
		return Disturbed{}, false
	}
	d.Package, d.Group = pkg, group
	return d, true
}

// setAsidePrefix starts each line of a disturbed run's output.
const setAsidePrefix = BenchPrefix + disturbedKey + " "

// SetAsideLine returns line, a line of a disturbed run's output, as a
// comment line that benchfmt readers skip; SetAside reads it back.
func SetAsideLine(line string) string { return setAsidePrefix + line + "\n" }

// SetAside reads a line of a results file: the line of a disturbed run's
// output it holds, and whether it holds one.
func SetAside(line string) (string, bool) {
	return strings.CutPrefix(strings.TrimRight(line, "\r\n"), setAsidePrefix)
}

// roundLine reads "BenchPrefix round N KEY WORDS…" into N and the words, a
// Go-quoted word (key="a b") whole.
func roundLine(line, key string) (round int, words []string, ok bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), BenchPrefix+"round ")
	if !ok {
		return 0, nil, false
	}
	n, rest, _ := strings.Cut(rest, " ")
	round, err := strconv.Atoi(n)
	if err != nil || round <= 0 {
		return 0, nil, false
	}
	rest, ok = strings.CutPrefix(rest, key+" ")
	if !ok {
		return 0, nil, false
	}
	for rest = strings.TrimLeft(rest, " "); rest != ""; rest = strings.TrimLeft(rest, " ") {
		i := strings.IndexAny(rest, " \"")
		switch {
		case i < 0:
			words, rest = append(words, rest), ""
		case rest[i] == ' ':
			words, rest = append(words, rest[:i]), rest[i:]
		default:
			q, err := strconv.QuotedPrefix(rest[i:])
			if err != nil {
				return 0, nil, false
			}
			words, rest = append(words, rest[:i]+q), rest[i+len(q):]
			if rest != "" && rest[0] != ' ' {
				return 0, nil, false
			}
		}
	}
	return round, words, true
}

// keyPercent reads KEY=X% (X a decimal, signed or not) into X/100.
func keyPercent(word, key string) (float64, bool) {
	v, ok := strings.CutPrefix(word, key+"=")
	if !ok {
		return 0, false
	}
	v, ok = strings.CutSuffix(v, "%")
	f, err := strconv.ParseFloat(v, 64)
	if !ok || err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f / 100, true
}

// keyQuoted reads KEY="…" into its unquoted value.
func keyQuoted(word, key string) (string, bool) {
	v, ok := strings.CutPrefix(word, key+"=")
	if !ok {
		return "", false
	}
	s, err := strconv.Unquote(v)
	return s, err == nil && strings.HasPrefix(v, `"`)
}

// signedPercent writes 0.234 as +23.4%.
func signedPercent(x float64) string { return fmt.Sprintf("%+.1f%%", 100*x) }

// percent writes 0.2 as 20%, 0.125 as 12.5%.
func percent(x float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(100*x, 'f', 1, 64), ".0") + "%"
}

package contract

import (
	"fmt"
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
//	BenchmarkX-2   	     100	     12345 ns/op
//	PASS
//	# concbench bench: round 1 done
//	…
//
// Lines starting with # are neither configuration nor results to benchfmt
// readers (benchstat ignores them, as it ignores PASS). The first records
// the settings the rounds were measured with; each round ends with its
// marker line.
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

// RoundDoneLine is the marker line that ends round n of a results file.
func RoundDoneLine(n int) string { return fmt.Sprintf("%sround %d done\n", BenchPrefix, n) }

// RoundDone reads a line of a results file: the number of the round it
// ends, and whether it is a round marker.
func RoundDone(line string) (int, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), BenchPrefix+"round ")
	if !ok {
		return 0, false
	}
	n, ok := strings.CutSuffix(rest, " done")
	if !ok {
		return 0, false
	}
	r, err := strconv.Atoi(n)
	return r, err == nil && r > 0
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

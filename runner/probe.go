package runner

import (
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// The runner measures the round trip between two CPUs before each round
// and records it in the results file as a comment line:
//
//	# concbench bench: round 3 cpu-round-trip 412ns
//
// On a VM the host may move the vCPUs while a suite runs (one core's two
// hyper-threads, then two cores): the round trip jumps between two values
// (about 80 and 400 ns on the reference machine), and jobs that hand work
// between CPUs many times per operation change speed with it. The line
// lets a report say so. See bench/hiccup for the same probe on its own.
const roundTripKey = "cpu-round-trip"

// probeRoundTrip returns the median round trip between two CPUs of 10 ms
// windows over about d, or 0 with fewer than two CPUs, where the threads
// would take turns on one and measure the scheduler instead.
func probeRoundTrip(d time.Duration) time.Duration {
	if runtime.NumCPU() < 2 || runtime.GOMAXPROCS(0) < 2 {
		return 0
	}
	ws := RoundTrips(d, 10*time.Millisecond)
	slices.Sort(ws)
	return ws[len(ws)/2]
}

// RoundTrips hands a token between two threads through one atomic word
// for about d, and returns the mean round trip of each window of the
// given length (at least one window). It keeps two CPUs busy; the threads
// are locked to the OS threads for the duration.
func RoundTrips(d, window time.Duration) []time.Duration {
	var token atomic.Int64 // odd: the answering thread's turn; −1: stop
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		defer close(done)
		for {
			switch v := token.Load(); {
			case v < 0:
				return
			case v%2 == 1:
				token.Store(v + 1)
			}
		}
	}()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var windows []time.Duration
	for end := time.Now().Add(d); len(windows) == 0 || time.Now().Before(end); {
		start, n := time.Now(), 0
		for time.Since(start) < window {
			for range 100 {
				v := token.Add(1)
				for token.Load() == v {
				}
			}
			n += 100
		}
		windows = append(windows, time.Since(start)/time.Duration(n))
	}
	token.Store(-1)
	<-done
	return windows
}

// RoundTripLine is the comment line that records rt, measured before
// round, in a results file; RoundTrip reads it back.
func RoundTripLine(round int, rt time.Duration) string {
	return fmt.Sprintf("%sround %d %s %dns\n", markerPrefix, round, roundTripKey, rt.Nanoseconds())
}

// RoundTrip reads a line of a results file: the round trip between two
// CPUs that the runner measured before a round, and whether the line
// records one.
func RoundTrip(line string) (time.Duration, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), markerPrefix+"round ")
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

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

// probeRoundTrip hands a token between two threads through one atomic
// word for about d and returns the median round trip of 10 ms windows. It
// returns 0 with fewer than two CPUs, where the threads would take turns
// on one and measure the scheduler instead.
func probeRoundTrip(d time.Duration) time.Duration {
	if runtime.NumCPU() < 2 || runtime.GOMAXPROCS(0) < 2 {
		return 0
	}
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
	for end := time.Now().Add(d); time.Now().Before(end); {
		start, n := time.Now(), 0
		for time.Since(start) < 10*time.Millisecond {
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
	slices.Sort(windows)
	return windows[len(windows)/2]
}

// roundTripLine is the comment line recording rt before round.
func roundTripLine(round int, rt time.Duration) string {
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

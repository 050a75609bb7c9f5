// Command hiccup measures how steady this machine is for benchmarks. It is
// the probe behind README's "How steady the numbers are". Run it on an
// otherwise idle machine; it keeps two CPUs busy.
//
//	go run ./bench/hiccup [-pingpong] [SECONDS]
//
// By default two threads spin on fixed chunks of integer work (about 1 ms
// each) for SECONDS (60), and for windows of 10 ms to 1 s it prints how
// often a window of work took more than 5% longer than the median window,
// the 90th percentile and the worst, for one thread and for the slower of
// the two (a job that needs both CPUs waits for the slower).
//
// With -pingpong two threads hand a token back and forth through one
// atomic word: the round trip between two CPUs, the cost of every handoff
// between goroutines on different CPUs. It prints the median round trip of
// each second, then its percentiles. On a VM it shows where the host
// places the vCPUs, which can change while a benchmark runs.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/concbench/concbench/runner/machine"
)

var sink uint64

// work does n rounds of xorshift, which no compiler removes.
func work(n int) uint64 {
	x := uint64(88172645463325252)
	for range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

func main() {
	pingpong := flag.Bool("pingpong", false, "measure the round trip between two CPUs instead")
	flag.Parse()
	secs := 60
	if flag.NArg() > 0 {
		n, err := strconv.Atoi(flag.Arg(0))
		if err != nil || n < 2 || flag.NArg() > 1 {
			fmt.Fprintln(os.Stderr, "usage: hiccup [-pingpong] [SECONDS ≥ 2]")
			os.Exit(2)
		}
		secs = n
	}
	if *pingpong {
		roundTrips(secs)
		return
	}
	spin(secs)
}

// roundTrips hands a token between two threads for secs seconds (see
// machine.RoundTrips, the probe concbench bench runs before each round) and
// prints the median round trip of each second and the percentiles of
// 100 ms windows.
func roundTrips(secs int) {
	var windows []float64 // ns per round trip in each 100 ms window
	for _, w := range machine.RoundTrips(time.Duration(secs)*time.Second, 100*time.Millisecond) {
		windows = append(windows, float64(w.Nanoseconds()))
	}
	fmt.Println("median round trip of each second, ns:")
	for i := 0; i+10 <= len(windows); i += 10 {
		fmt.Printf("%4.0f", slices.Sorted(slices.Values(windows[i : i+10]))[5])
		if (i/10+1)%20 == 0 {
			fmt.Println()
		}
	}
	s := slices.Sorted(slices.Values(windows))
	q := func(p float64) float64 { return s[int(p*float64(len(s)-1))] }
	fmt.Printf("\nround trip per 100 ms window, ns: p5 %.0f, p25 %.0f, median %.0f, p75 %.0f, p95 %.0f\n", q(0.05), q(0.25), q(0.5), q(0.75), q(0.95))
}

// spin runs fixed chunks of work on two threads for secs seconds and
// prints how often windows of them were slow.
func spin(secs int) {
	n := chunk()
	chunks := secs * 1000
	var times [2][]time.Duration
	var wg sync.WaitGroup
	for w := range times {
		wg.Go(func() {
			runtime.LockOSThread()
			ts := make([]time.Duration, chunks)
			var s uint64
			for i := range ts {
				start := time.Now()
				s += work(n)
				ts[i] = time.Since(start)
			}
			times[w] = ts
			sink += s
		})
	}
	wg.Wait()
	for _, win := range []int{10, 50, 100, 200, 300, 400, 600, 1000} {
		var one, two []float64
		for i := 0; i+win <= chunks; i += win {
			var s [2]time.Duration
			for w := range times {
				for _, d := range times[w][i : i+win] {
					s[w] += d
				}
			}
			one = append(one, float64(s[0]))
			two = append(two, float64(max(s[0], s[1])))
		}
		fmt.Printf("window %4d ms: one thread %s | slower of two %s\n", win, summary(one), summary(two))
	}
}

// chunk returns the number of rounds of work that take about 1 ms.
func chunk() int {
	n := 1000
	for {
		start := time.Now()
		sink += work(n)
		if d := time.Since(start); d > time.Millisecond {
			return int(float64(n) * float64(time.Millisecond) / float64(d))
		}
		n *= 2
	}
}

func summary(x []float64) string {
	y := slices.Sorted(slices.Values(x))
	med := y[len(y)/2]
	slow := 0
	for _, v := range y {
		if v > med*1.05 {
			slow++
		}
	}
	return fmt.Sprintf("n=%4d, >5%% slow %5.1f%%, p90 %+5.1f%%, worst %+6.1f%%",
		len(y), 100*float64(slow)/float64(len(y)), 100*(y[len(y)*9/10]/med-1), 100*(y[len(y)-1]/med-1))
}

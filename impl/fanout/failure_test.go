package fanout_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/impl/fanout"
)

// TestNilPieceOrStrategy: a nil piece or strategy is a one-line error from
// Run of every strategy and from Map, never a nil-pointer panic.
func TestNilPieceOrStrategy(t *testing.T) {
	for _, s := range testStrategies() {
		if err := s.Run(context.Background(), 3, nil); err == nil || !strings.Contains(err.Error(), "nil piece") {
			t.Errorf("%s: Run of a nil piece = %v, want a nil piece error", name(s), err)
		}
		if _, err := fanout.Map[int](context.Background(), s, 3, nil); err == nil || !strings.Contains(err.Error(), "nil piece") {
			t.Errorf("%s: Map of a nil function = %v, want a nil piece error", name(s), err)
		}
	}
	f := func(context.Context, int) (int, error) { return 1, nil }
	if _, err := fanout.Map(context.Background(), nil, 3, f); err == nil || !strings.Contains(err.Error(), "nil strategy") {
		t.Errorf("Map under a nil strategy = %v, want a nil strategy error", err)
	}
}

// TestSequentialPanicReachesTheCaller: Sequential runs the pieces on the
// caller's goroutine, so the caller can recover a piece's panic.
func TestSequentialPanicReachesTheCaller(t *testing.T) {
	got := func() (v any) {
		defer func() { v = recover() }()
		fanout.Sequential{}.Run(context.Background(), 10, func(_ context.Context, i int) error {
			if i == 7 {
				panic("boom at piece 7")
			}
			return nil
		})
		return nil
	}()
	if got != "boom at piece 7" {
		t.Errorf("recovered %v, want the piece's panic", got)
	}
}

// panicChild is the environment variable that makes TestPanicEndsTheProgram's
// child run a strategy, by label, over a piece that panics.
const panicChild = "FANOUT_PANIC_STRATEGY"

// TestPanicEndsTheProgram: under every strategy but Sequential a piece's
// panic ends the program, as the Piece doc says, even though the caller of
// Run recovers: no strategy carries it over to the caller.
func TestPanicEndsTheProgram(t *testing.T) {
	if label := os.Getenv(panicChild); label != "" {
		s := mustLookup(t, label)
		func() {
			defer func() {
				if v := recover(); v != nil {
					fmt.Println("recovered in the caller:", v)
				}
			}()
			s.Run(context.Background(), 10, func(_ context.Context, i int) error {
				if i == 7 {
					panic("boom at piece 7")
				}
				return nil
			})
		}()
		return
	}
	for _, s := range fanout.Strategies {
		if s.Name() == "sequential" || s.Name() == "ratelimit" {
			continue // ratelimit without a rate is pool
		}
		cmd := exec.Command(os.Args[0], "-test.run", "^TestPanicEndsTheProgram$")
		cmd.Env = append(os.Environ(), panicChild+"="+fanout.Label(s), "GORACE=atexit_sleep_ms=0")
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || bytes.Contains(out, []byte("recovered in the caller")) || !bytes.Contains(out, []byte("panic: boom at piece 7")) {
			t.Errorf("%s: a piece's panic gave %v and\n%s\nwant the program to end with the panic", fanout.Label(s), err, out)
		}
	}
}

// badJob is the environment variable that makes BenchmarkBadJob run, with
// the mistake it names.
const badJob = "FANOUT_BAD_JOB"

var errDiskFull = errors.New("disk full")

// BenchmarkBadJob is a job of 64 pieces whose piece 42 fails, or the
// mistake FANOUT_BAD_JOB names; TestBenchmarkFailures runs it.
func BenchmarkBadJob(b *testing.B) {
	piece := func(_ context.Context, i int) error {
		if i == 42 {
			return errDiskFull
		}
		return nil
	}
	opts := fanout.BenchOptions{Strategies: []fanout.Strategy{fanout.Pool{Workers: 2}}, Out: io.Discard}
	switch os.Getenv(badJob) {
	case "":
		b.Skip("run by TestBenchmarkFailures")
	case "nil-piece":
		piece = nil
	case "nil-strategy":
		opts.Strategies = append(opts.Strategies, nil)
	case "config-pieces":
		opts.Config = []fanout.ConfigLine{{"pieces", "999"}}
	}
	fanout.Benchmark(b, 64, piece, opts) // the line of badJobCall
}

// TestBenchmarkFailures: a piece's error fails its sub-benchmark with one
// line naming the strategy and the piece, and no position in fanout's own
// source; a nil piece, a nil strategy or a reserved configuration key fail
// the benchmark with one line at the line that called Benchmark; none of
// them panics.
func TestBenchmarkFailures(t *testing.T) {
	src, err := os.ReadFile("failure_test.go")
	if err != nil {
		t.Fatal(err)
	}
	callAt := "failure_test.go:" + strconv.Itoa(1+bytes.Count(src[:bytes.Index(src, []byte("opts) // the line of badJobCall"))], []byte("\n"))) + ": "
	for _, c := range []struct {
		job, bench string
		want       []string // consecutive lines, trimmed
	}{
		{"error", "/strategy=pool", []string{"--- FAIL: BenchmarkBadJob/strategy=pool/workers=2", "strategy=pool/workers=2: piece 42: disk full"}},
		{"error", "/strategy=sequential", []string{"--- FAIL: BenchmarkBadJob/strategy=sequential", "strategy=sequential: piece 42: disk full"}},
		{"nil-piece", "", []string{"--- FAIL: BenchmarkBadJob", callAt + "fanout: nil piece: want a function to run for each i"}},
		{"nil-strategy", "", []string{"--- FAIL: BenchmarkBadJob", callAt + "fanout: BenchOptions.Strategies[1] is nil"}},
		{"config-pieces", "", []string{"--- FAIL: BenchmarkBadJob", callAt + "fanout: config key pieces is written by Benchmark"}},
	} {
		cmd := exec.Command(os.Args[0], "-test.run", "^$", "-test.bench", "^BenchmarkBadJob$"+c.bench, "-test.benchtime", "1x")
		cmd.Env = append(os.Environ(), badJob+"="+c.job, "GORACE=atexit_sleep_ms=0")
		out, err := cmd.CombinedOutput()
		var lines []string
		for l := range strings.Lines(string(out)) {
			lines = append(lines, strings.TrimSpace(l))
		}
		at := -1
		for i := range lines {
			if strings.HasPrefix(lines[i], c.want[0]) && i+1 < len(lines) && lines[i+1] == c.want[1] {
				at = i
			}
		}
		if err == nil || at < 0 || bytes.Contains(out, []byte("panic")) || bytes.Contains(out, []byte("bench.go:")) {
			t.Errorf("%s: %v and\n%s\nwant a failure with the lines\n%s", c.job, err, out, strings.Join(c.want, "\n"))
		}
	}
}

// TestBenchmarkThrottleIsNoFailure: under Benchmark, a throttle signal
// still reaches Adaptive through the piece's index that Benchmark adds to
// an error: Adaptive runs the piece again, and the benchmark passes.
func TestBenchmarkThrottleIsNoFailure(t *testing.T) {
	throttled := false
	ok := runBenchmarkOf(t, 4, func(_ context.Context, i int) error {
		if i == 2 && !throttled {
			throttled = true
			return fanout.Throttle(errors.New("429"), time.Millisecond)
		}
		return nil
	}, fanout.BenchOptions{Strategies: []fanout.Strategy{fanout.Adaptive{}}, Out: io.Discard})
	if !ok || !throttled {
		t.Errorf("Benchmark under adaptive with a throttled piece: passed %v, throttled %v; want both", ok, throttled)
	}
}

package iobound_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/fanout"
	"github.com/concbench/concbench/impl/iobound"
)

// faultText is what the final error says for each fault kind.
var faultText = map[apisim.Fault]string{
	apisim.FaultThrottle:  "HTTP 429",
	apisim.Fault500:       "HTTP 500",
	apisim.Fault503:       "HTTP 503",
	apisim.FaultMalformed: "malformed response",
	apisim.FaultTruncated: "truncated body",
	apisim.FaultDrop:      "connection dropped",
	apisim.FaultHang:      "attempt timeout",
}

// TestFaultMatrix10Percent: with each fault kind at 10%, every strategy on
// both front ends completes, writes the files of a fault-free run, and the
// served log shows no answer lost or counted twice.
func TestFaultMatrix10Percent(t *testing.T) {
	cfg := matrixConfig(t)
	cfg.Policy.MaxAttempts = 10 // 10% faults: 1e-10 that a slot fails
	want := reference(t, 3, cfg)
	for _, fault := range apisim.AllFaults() {
		for _, front := range apiFronts {
			for _, s := range iobound.Strategies {
				t.Run(fault.String()+"/"+front+"/"+s.Name(), func(t *testing.T) {
					t.Parallel()
					api := newAPI(t, apisim.Config{Seed: 3, Latency: time.Millisecond, Faults: apisim.Only(fault, 0.10)})
					cfg := cfg
					cfg.Policy.Timeout = timeoutFor(fault)
					sum := runChecked(t, s, front, api, cfg, want)
					st := api.Stats()
					if st.ByFault[fault] == 0 {
						t.Errorf("no %s fault was injected in %d requests", fault, st.Requests)
					}
					// Each fault was answered by a new request: the client's
					// retry, or (a dropped connection that had served before,
					// on api=local) net/http's own transparent retry.
					if st.Requests < cfg.Total()+st.ByFault[fault] {
						t.Errorf("API saw %d requests for %d slots and %d faults", st.Requests, cfg.Total(), st.ByFault[fault])
					}
					if sum.Retries == 0 && !(fault == apisim.FaultDrop && front == "local") {
						t.Errorf("no retries despite %d faults", st.ByFault[fault])
					}
				})
			}
		}
	}
}

// matrixConfig is the task for the fault matrix: small under -short, where the
// matrix runs under the race detector in CI.
func matrixConfig(t testing.TB) iobound.Config {
	cfg := smallConfig(t)
	if testing.Short() {
		// 40 requests: under seed 3, 10% faults hit several of them.
		cfg.Iterations, cfg.Requests = 2, 20
	}
	return cfg
}

// timeoutFor is the per-attempt timeout of the fault matrix: short where the
// fault is a hang (each one costs a timeout), long enough elsewhere that a
// loaded machine running the race detector never times out by accident.
func timeoutFor(f apisim.Fault) time.Duration {
	if f == apisim.FaultHang {
		return 250 * time.Millisecond
	}
	return 10 * time.Second
}

// permanentPolicy gives up fast, so a permanently failing API fails the run
// in about a second at most.
var permanentPolicy = iobound.RetryPolicy{
	MaxAttempts: 3, MaxThrottled: 3,
	BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxRetryAfter: time.Second,
}

// TestFaultMatrix100Percent: with each fault kind on every request, every
// strategy fails in bounded time with an error naming the fault and a slot,
// leaves no result file, and does not clobber the file of an earlier run.
func TestFaultMatrix100Percent(t *testing.T) {
	for _, fault := range apisim.AllFaults() {
		for _, front := range apiFronts {
			for _, s := range iobound.Strategies {
				t.Run(fault.String()+"/"+front+"/"+s.Name(), func(t *testing.T) {
					t.Parallel()
					api := newAPI(t, apisim.Config{Seed: 3, Faults: apisim.Only(fault, 1)})
					cfg := matrixConfig(t)
					cfg.Policy = permanentPolicy
					cfg.Policy.Timeout = timeoutFor(fault)
					earlier := filepath.Join(cfg.OutDir, iobound.FileName(0))
					if err := os.WriteFile(earlier, []byte("an earlier run\n"), 0o644); err != nil {
						t.Fatal(err)
					}
					start := time.Now()
					_, err := iobound.Run(context.Background(), s, newTarget(t, front, api), cfg)
					if err == nil {
						t.Fatal("run succeeded against an API that always fails")
					}
					if d := time.Since(start); d > 10*time.Second {
						t.Errorf("failing took %v; retries are not bounded", d)
					}
					msg := err.Error()
					if !strings.Contains(msg, "fetching slot ") || !strings.Contains(msg, faultText[fault]) {
						t.Errorf("error %q does not name the slot and %q", msg, faultText[fault])
					}
					if strings.Contains(msg, "\n") {
						t.Errorf("error is not one line: %q", msg)
					}
					var fe *iobound.FetchError
					if !errors.As(err, &fe) && s.Name() != "processes" {
						t.Errorf("error %v is not a *FetchError", err)
					}
					files := readFiles(t, cfg.OutDir)
					if len(files) != 1 || string(files[iobound.FileName(0)]) != "an earlier run\n" {
						t.Errorf("output directory changed by a failed run: %v", keys(files))
					}
				})
			}
		}
	}
}

// TestCancelStopsEveryStrategy: cancelling the context mid-run stops every
// strategy promptly with the context's error, leaves no file, and (TestMain's
// goleak) no goroutine; the processes strategy leaves no child.
func TestCancelStopsEveryStrategy(t *testing.T) {
	for _, front := range apiFronts {
		for _, s := range iobound.Strategies {
			t.Run(front+"/"+s.Name(), func(t *testing.T) {
				_, isProcs := s.(iobound.Processes)
				if !isProcs {
					t.Parallel() // processes runs alone, so its children are the only ones
				}
				api := newAPI(t, apisim.Config{Seed: 1, Latency: time.Minute})
				cfg := smallConfig(t)
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan error, 1)
				go func() {
					_, err := iobound.Run(ctx, s, newTarget(t, front, api), cfg)
					done <- err
				}()
				var kids []int
				deadline := time.Now().Add(10 * time.Second)
				for isProcs && len(kids) < cfg.Iterations && time.Now().Before(deadline) {
					time.Sleep(20 * time.Millisecond)
					kids = childProcesses()
				}
				if isProcs && len(kids) < cfg.Iterations && kids != nil {
					t.Fatalf("%d child processes running, want one per iteration (%d)", len(kids), cfg.Iterations)
				}
				time.Sleep(100 * time.Millisecond)
				cancel()
				select {
				case err := <-done:
					if !errors.Is(err, context.Canceled) {
						t.Errorf("got %v, want context.Canceled", err)
					}
				case <-time.After(2 * time.Second):
					t.Fatal("still running 2s after cancel")
				}
				if files := readFiles(t, cfg.OutDir); len(files) != 0 {
					t.Errorf("cancelled run left %v", keys(files))
				}
				for _, pid := range kids {
					if alive(pid) {
						t.Errorf("child %d still running after Run returned", pid)
					}
				}
			})
		}
	}
}

// childProcesses returns the pids of this process's children that are not
// zombies, from /proc; nil where /proc is not available.
func childProcesses() []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	kids := []int{}
	self := strconv.Itoa(os.Getpid())
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]) // state ppid …
		if len(f) > 1 && f[1] == self && f[0] != "Z" {
			if pid, err := strconv.Atoi(e.Name()); err == nil {
				kids = append(kids, pid)
			}
		}
	}
	return kids
}

// alive reports whether pid is a running (not zombie) process.
func alive(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z"
}

// TestCancelMidRetry: a client waiting out a long Retry-After stops at once
// when its context is cancelled.
func TestCancelMidRetry(t *testing.T) {
	api := newAPI(t, apisim.Config{Seed: 1, Faults: apisim.Only(apisim.Fault503, 1), RetryAfter: 20 * time.Second})
	tg := newTarget(t, "mock", api)
	pol := iobound.DefaultRetryPolicy
	pol.MaxRetryAfter = time.Minute
	c := iobound.NewClient(tg.HTTP, tg.BaseURL, apisim.DefaultParams, pol)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Fetch(ctx, iobound.Slot{Iteration: 1, Request: 2})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancel took effect after %v, during a 20s Retry-After", d)
	}
	if api.Stats().Requests != 1 {
		t.Errorf("API saw %d requests; want 1 (the retry is still waiting)", api.Stats().Requests)
	}
}

// TestThrottledRunCompletes: against a throttled API, the unbounded, the
// paced and the adaptive strategies finish with the right files; ratelimit
// is never turned away.
func TestThrottledRunCompletes(t *testing.T) {
	cfg := smallConfig(t)
	cfg.Iterations, cfg.Requests = 2, 15
	cfg.Policy = iobound.DefaultRetryPolicy
	want := reference(t, 5, cfg)
	for _, s := range []iobound.Strategy{iobound.RateLimit{Workers: 8}, iobound.Each{Fanout: fanout.Goroutines{}}, iobound.Adaptive{}} {
		for _, front := range apiFronts {
			t.Run(front+"/"+s.Name(), func(t *testing.T) {
				t.Parallel()
				api := newAPI(t, apisim.Config{Seed: 5, Latency: time.Millisecond, Rate: 100, Burst: 10})
				sum := runChecked(t, s, front, api, cfg, want)
				switch s.Name() {
				case "ratelimit":
					if sum.Throttled != 0 {
						t.Errorf("ratelimit was throttled %d times", sum.Throttled)
					}
				case "goroutines", "adaptive":
					if sum.Throttled == 0 {
						t.Errorf("30 requests at once against a burst of 10 were never throttled")
					}
				}
			})
		}
	}
}

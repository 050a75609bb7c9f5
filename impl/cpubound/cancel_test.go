package cpubound

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/impl/fanout"
)

// longWorkloads take seconds: one check of a large prime p. A strategy is
// cancelled in the middle of the first one it supports.
var longWorkloads = []Workload{
	{Name: "trial-2^61-1", Checker: Trial{}, Exponents: []int{61}},
	{Name: "ll-2^86243-1", Checker: LucasLehmer{}, Exponents: []int{86243}},
}

func TestCancelMidwayReturnsPromptly(t *testing.T) {
	for _, s := range testStrategies() {
		t.Run(fanout.Label(s), func(t *testing.T) {
			defer goleak.VerifyNone(t)
			w, ok := firstSupported(s, longWorkloads)
			if !ok {
				t.Fatalf("%s supports none of the long workloads", fanout.Label(s))
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			type outcome struct {
				res []Result
				err error
			}
			done := make(chan outcome, 1)
			go func() {
				res, err := s.Run(ctx, w)
				done <- outcome{res, err}
			}()

			// Let the work get going: for processes, until the children
			// run; otherwise a moment.
			var kids []int
			if _, isProc := s.(Processes); isProc && procAvailable() {
				kids = waitForChildren(t, min(fanout.NumWorkers(s.(Processes).Workers), len(w.Exponents)))
			}
			time.Sleep(100 * time.Millisecond)
			select {
			case o := <-done:
				t.Fatalf("finished before the cancel: %v, %v", o.res, o.err)
			default:
			}

			cancel()
			cancelled := time.Now()
			select {
			case o := <-done:
				if d := time.Since(cancelled); d > time.Second {
					t.Errorf("returned %v after the cancel, want ≤ 1s", d)
				}
				if !errors.Is(o.err, context.Canceled) || o.res != nil {
					t.Errorf("Run = %v, %v; want nil, context.Canceled", o.res, o.err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("still running 10s after the cancel")
			}
			for _, pid := range kids {
				if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
					t.Errorf("child %d still exists after Run returned (kill -0: %v)", pid, err)
				}
			}
		})
	}
}

func firstSupported(s Strategy, ws []Workload) (Workload, bool) {
	for _, w := range ws {
		if Supports(s, w.Checker) == nil {
			return w, true
		}
	}
	return Workload{}, false
}

// procAvailable reports whether /proc lists processes with their parents.
func procAvailable() bool {
	_, err := os.Stat("/proc/self/stat")
	return err == nil
}

// waitForChildren waits until this process has want children and returns
// their pids.
func waitForChildren(t *testing.T, want int) []int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		kids := children()
		if len(kids) >= want {
			return kids
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d child processes after 10s, want %d", len(kids), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// children returns the pids of this process's children, from /proc.
func children() []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	self := os.Getpid()
	var kids []int
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // gone meanwhile
		}
		// pid (comm) state ppid …; comm may hold spaces and parentheses.
		s := string(b)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) < 2 {
			continue
		}
		if ppid, _ := strconv.Atoi(fields[1]); ppid == self {
			pid, _ := strconv.Atoi(strings.Fields(s)[0])
			kids = append(kids, pid)
		}
	}
	return kids
}

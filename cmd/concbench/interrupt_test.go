//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/internal/dirtest"
)

// TestReportInterrupted: Ctrl-C on "go test -bench … | concbench report
// -o DIR -" signals both, and the pipe ends early. report stops with exit
// 130, and DIR keeps the report it held, whole: the part of the input
// read before the pipe ended is never reported as if it were all of it.
// The same holds for report -format csv (nothing printed) and for compare
// reading NEW from the pipe (no verdict, no chart).
func TestReportInterrupted(t *testing.T) {
	dir := t.TempDir()
	if code := Main([]string{"report", "-o", dir, "../../testdata/stdlib/crc32.txt"}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("the first report: exit %d", code)
	}
	before := dirtest.Files(t, dir)
	cpu, err := os.ReadFile("../../testdata/stdlib/cpu.txt")
	if err != nil {
		t.Fatal(err)
	}
	half := cpu[:bytes.LastIndexByte(cpu[:len(cpu)/2], '\n')+1]
	for _, args := range [][]string{
		{"report", "-o", dir, "-"},
		{"report", "-format", "csv", "-"},
		{"compare", "-o", dir, "../../testdata/stdlib/cpu.txt", "-"},
	} {
		t.Run(args[0]+"/"+args[1], func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			defer w.Close()
			cmd := exec.Command(os.Args[0], args...)
			cmd.Env = append(os.Environ(), asMain+"=1", "GORACE=atexit_sleep_ms=0")
			var stdout, stderr bytes.Buffer
			cmd.Stdin, cmd.Stdout, cmd.Stderr = r, &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill() })
			if _, err := w.Write(half); err != nil {
				t.Fatal(err)
			}
			// Once the command has read what was written, it runs Main,
			// whose handler takes the signal.
			deadline := time.Now().Add(time.Minute)
			for buffered(t, r) > 0 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
			w.Close() // the writer, killed by the same Ctrl-C
			err = cmd.Wait()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
				t.Errorf("exit %v, want 130; stderr %s", err, stderr.String())
			}
			if got, want := stderr.String(), "concbench: interrupted (SIGINT)\n"; got != want {
				t.Errorf("stderr %q, want %q", got, want)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
			if got := dirtest.Files(t, dir); !maps.Equal(got, before) {
				t.Errorf("the earlier report changed: %d files, want %d", len(got), len(before))
			}
		})
	}
}

// buffered returns the bytes waiting in the pipe whose read end is r.
func buffered(t *testing.T, r *os.File) int {
	t.Helper()
	var n int32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, r.Fd(), syscall.TIOCINQ, uintptr(unsafe.Pointer(&n))); errno != 0 {
		t.Fatal(errno)
	}
	return int(n)
}

// TestRunKeepsEarlierResult: a run that fails or is interrupted after part
// of its work was done leaves -out as the earlier run left it, byte for
// byte: interrupted during the CPU task (the IO task's files were once
// published before it ran), and with -strategy all failing after its first
// strategies (each strategy's files were once published as it ended).
func TestRunKeepsEarlierResult(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runMain(t, "run", "-latency", "1ms", "-iterations", "2", "-requests", "3", "-out", dir); code != 0 {
		t.Fatalf("the earlier run: exit %d, %s", code, stderr)
	}
	before := dirtest.Files(t, dir)
	t.Run("interrupted in the CPU task", func(t *testing.T) {
		// 1000 strings of 1000 letters a request: the CPU task checks
		// exponents near 20,000, for seconds.
		h := startHelper(t, "run", "-latency", "1ms", "-iterations", "2", "-requests", "3", "-count", "1000", "-min", "1000", "-max", "1000", "-out", dir)
		for line := h.first; !strings.HasPrefix(line, "most common letter"); {
			var err error
			if line, err = h.out.ReadString('\n'); err != nil {
				t.Fatalf("no line of the IO task's end: %v; stderr %s", err, h.stderr)
			}
		}
		_, err := h.stop(t, syscall.SIGINT, 30*time.Second)
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
			t.Errorf("exit %v, want 130; stderr %s", err, h.stderr)
		}
		if got := dirtest.Files(t, dir); !maps.Equal(got, before) {
			t.Errorf("the earlier result changed: %d files, want %d", len(got), len(before))
		}
	})
	t.Run("all strategies, failing after the first", func(t *testing.T) {
		var n atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) > 6 { // sequential's 2 × 3 requests, then none
				http.Error(w, "gone bad", http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			// Other strings than the mock's: files that would differ.
			json.NewEncoder(w).Encode(apisim.Strings(99, r.Header.Get(apisim.SlotHeader), apisim.DefaultParams))
		}))
		defer srv.Close()
		code, stdout, stderr := runMain(t, "run", "-api", srv.URL, "-strategy", "all", "-iterations", "2", "-requests", "3", "-attempts", "1", "-out", dir)
		if code != 1 || !strings.Contains(stderr, "HTTP 500") || !strings.HasPrefix(stderr, "concbench: "+srv.URL+": strategy ") {
			t.Errorf("exit %d, stderr %q; want 1 and the API's error, with its address", code, stderr)
		}
		if !strings.Contains(stdout, "\n  sequential ") {
			t.Errorf("stdout has no row of sequential, which finished:\n%s", stdout)
		}
		if n.Load() <= 6 {
			t.Errorf("%d requests: the first strategy did not finish before the failure", n.Load())
		}
		if got := dirtest.Files(t, dir); !maps.Equal(got, before) {
			t.Errorf("the earlier result changed: %d files, want %d", len(got), len(before))
		}
	})
}

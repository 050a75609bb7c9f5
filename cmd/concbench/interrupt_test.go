//go:build linux

package main

import (
	"bytes"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
	"unsafe"
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
	before := filesIn(t, dir)
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
			if got := filesIn(t, dir); !maps.Equal(got, before) {
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

// filesIn returns the names and contents of the files in dir.
func filesIn(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string]string)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

// Package childproc runs a unit of work in a child process: the current
// executable (the concbench binary, or a test binary) re-run in worker mode.
//
// A task registers a named Handler in an init function. The parent calls Run,
// which starts os.Executable() with CONCBENCH_CHILD=<name> in its environment,
// writes the input as JSON to the child's stdin and decodes the child's stdout
// as JSON. Every main and every TestMain that may be re-run this way calls Main
// first: in a child it runs the handler and exits; in a parent it returns at
// once.
//
// A child that crashes, exits non-zero or prints something that is not JSON is
// an error naming the handler and the pid, never a hang: the parent's context
// kills the child (SIGKILL), and on Linux the child is also killed when its
// parent dies.
package childproc

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// EnvVar is the environment variable that puts an executable in worker mode;
// its value is the name of the handler to run.
const EnvVar = "CONCBENCH_CHILD"

// A Handler does the work of a child process. in is the JSON the parent sent;
// the result is encoded as JSON on the child's stdout. ctx is cancelled when the
// child receives SIGINT or SIGTERM.
type Handler func(ctx context.Context, in []byte) (any, error)

var (
	mu       sync.Mutex
	handlers = map[string]Handler{}
)

// Handle registers h under name. It panics if name is empty or already taken:
// both are programmer errors.
func Handle(name string, h Handler) {
	mu.Lock()
	defer mu.Unlock()
	if name == "" || h == nil {
		panic("childproc: Handle with empty name or nil handler")
	}
	if _, dup := handlers[name]; dup {
		panic("childproc: handler registered twice: " + name)
	}
	handlers[name] = h
}

// Names returns the registered handler names, sorted.
func Names() []string {
	mu.Lock()
	defer mu.Unlock()
	names := make([]string, 0, len(handlers))
	for n := range handlers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func lookup(name string) Handler {
	mu.Lock()
	defer mu.Unlock()
	return handlers[name]
}

// Main runs the handler named by $CONCBENCH_CHILD and exits when the process
// is a child; otherwise it returns immediately. Call it first in main and in
// TestMain.
func Main() {
	name, ok := os.LookupEnv(EnvVar)
	if !ok {
		return
	}
	os.Exit(serve(name, os.Stdin, os.Stdout, os.Stderr))
}

// serve runs one handler in the current process; it is Main without the exit.
func serve(name string, stdin io.Reader, stdout, stderr io.Writer) int {
	h := lookup(name)
	if h == nil {
		fmt.Fprintf(stderr, "childproc: no handler %q (have %s)\n", name, strings.Join(Names(), ", "))
		return 2
	}
	in, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "childproc: reading input: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	out, err := call(ctx, name, h, in, stderr)
	if err != nil {
		fmt.Fprintln(stderr, oneLine(err.Error()))
		return 1
	}
	if err := json.NewEncoder(stdout).Encode(out); err != nil {
		fmt.Fprintf(stderr, "childproc: encoding output: %v\n", err)
		return 1
	}
	return 0
}

// call runs h, turning a panic into an error that becomes the last line of
// the child's stderr (after the stack), which is what the parent reports.
func call(ctx context.Context, name string, h Handler, in []byte, stderr io.Writer) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			stderr.Write(debug.Stack())
			err = fmt.Errorf("childproc: handler %s panicked: %v", name, r)
		}
	}()
	return h(ctx, in)
}

// Options tune Run. The zero value is ready to use.
type Options struct {
	// Env is added to the child's environment (KEY=value).
	Env []string
	// Executable overrides os.Executable(), for tests.
	Executable string
	// WaitDelay bounds how long Run waits for the child's pipes after the
	// child exits or is killed. Zero means one second.
	WaitDelay time.Duration
}

// Run starts a child process running the handler name with in encoded as JSON
// on its stdin, waits for it, and decodes its stdout into out. The child is
// killed when ctx is done; Run then returns ctx's error.
func Run(ctx context.Context, name string, in, out any, opt Options) error {
	exe := opt.Executable
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return fmt.Errorf("child %s: finding own executable: %w", name, err)
		}
	}
	input, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("child %s: encoding input: %w", name, err)
	}
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(append(os.Environ(), EnvVar+"="+name), opt.Env...)
	if raceEnabled && !hasEnv(cmd.Env, "GORACE") {
		// A race-enabled process sleeps 1 s before it exits, unless told
		// otherwise; every child would cost a second.
		cmd.Env = append(cmd.Env, "GORACE=atexit_sleep_ms=0")
	}
	cmd.Stdin = bytes.NewReader(input)
	var stdout bytes.Buffer
	stderr := &tailBuffer{max: 4 << 10}
	cmd.Stdout = &stdout
	cmd.Stderr = stderr
	cmd.WaitDelay = opt.WaitDelay
	if cmd.WaitDelay == 0 {
		cmd.WaitDelay = time.Second
	}
	setPdeathsig(cmd)
	err = cmd.Run()
	pid := 0
	if cmd.Process != nil {
		pid = cmd.Process.Pid
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("child %s (pid %d): %w", name, pid, ctxErr)
	}
	if err != nil {
		msg := lastLine(stderr.String())
		if msg == "" {
			return fmt.Errorf("child %s (pid %d): %w", name, pid, err)
		}
		return fmt.Errorf("child %s (pid %d): %v: %s", name, pid, err, msg)
	}
	dec := json.NewDecoder(&stdout)
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("child %s (pid %d): decoding its output: %v", name, pid, err)
	}
	if dec.More() {
		return fmt.Errorf("child %s (pid %d): decoding its output: trailing data after the result", name, pid)
	}
	return nil
}

// hasEnv reports whether env sets key.
func hasEnv(env []string, key string) bool {
	for _, kv := range env {
		if strings.HasPrefix(kv, key+"=") {
			return true
		}
	}
	return false
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// lastLine returns the last non-empty line of s, trimmed and shortened.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return oneLine(lines[len(lines)-1])
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

package childproc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type pair struct {
	A int    `json:"a"`
	B string `json:"b"`
}

// The test-only handlers; init registers them in the parent and, since the
// child is this test binary too, in the child.
func init() {
	Handle("test.echo", func(_ context.Context, in []byte) (any, error) {
		var p pair
		err := json.Unmarshal(in, &p)
		p.A++
		return p, err
	})
	Handle("test.env", func(context.Context, []byte) (any, error) {
		return os.Getenv("CHILDPROC_TEST"), nil
	})
	Handle("test.fail", func(context.Context, []byte) (any, error) {
		fmt.Fprintln(os.Stderr, "some noise first")
		return nil, errors.New("boom:\nthe handler failed")
	})
	Handle("test.exit3", func(context.Context, []byte) (any, error) {
		os.Exit(3)
		return nil, nil
	})
	Handle("test.panic", func(context.Context, []byte) (any, error) {
		panic("kaboom")
	})
	Handle("test.garbage", func(context.Context, []byte) (any, error) {
		fmt.Print("this is not JSON")
		os.Exit(0)
		return nil, nil
	})
	Handle("test.trailing", func(context.Context, []byte) (any, error) {
		fmt.Println(`{"a": 1, "b": "x"}`)
		return pair{A: 2}, nil
	})
	Handle("test.hang", func(context.Context, []byte) (any, error) {
		time.Sleep(time.Minute) // ignores its context: only SIGKILL ends it early
		return nil, nil
	})
}

func TestMain(m *testing.M) {
	Main()
	goleak.VerifyTestMain(m)
}

func TestRoundTrip(t *testing.T) {
	var out pair
	if err := Run(context.Background(), "test.echo", pair{A: 41, B: "héllo\n"}, &out, Options{}); err != nil {
		t.Fatal(err)
	}
	if want := (pair{A: 42, B: "héllo\n"}); out != want {
		t.Errorf("got %+v, want %+v", out, want)
	}
}

func TestEnv(t *testing.T) {
	var out string
	err := Run(context.Background(), "test.env", nil, &out, Options{Env: []string{"CHILDPROC_TEST=yes"}})
	if err != nil || out != "yes" {
		t.Errorf("Run = %q, %v; want yes", out, err)
	}
}

// runErr runs handler name, which must fail, and returns the error text.
func runErr(t *testing.T, name string) string {
	t.Helper()
	var out pair
	err := Run(context.Background(), name, pair{}, &out, Options{})
	if err == nil {
		t.Fatalf("%s: no error, output %+v", name, out)
	}
	msg := err.Error()
	if !strings.Contains(msg, "child "+name+" (pid ") {
		t.Errorf("%s: error %q does not name the child and its pid", name, msg)
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("%s: error %q spans lines", name, msg)
	}
	return msg
}

func TestFailures(t *testing.T) {
	for name, want := range map[string]string{
		"test.fail":     "boom: the handler failed",
		"test.exit3":    "exit status 3",
		"test.panic":    "handler test.panic panicked: kaboom",
		"test.garbage":  "decoding its output",
		"test.trailing": "trailing data",
		"test.nobody":   `no handler "test.nobody"`,
	} {
		t.Run(name, func(t *testing.T) {
			if msg := runErr(t, name); !strings.Contains(msg, want) {
				t.Errorf("error %q, want it to contain %q", msg, want)
			}
		})
	}
}

func TestBadInputAndExecutable(t *testing.T) {
	var out pair
	if err := Run(context.Background(), "test.echo", make(chan int), &out, Options{}); err == nil || !strings.Contains(err.Error(), "encoding input") {
		t.Errorf("unencodable input: %v", err)
	}
	err := Run(context.Background(), "test.echo", pair{}, &out, Options{Executable: "/nonexistent/concbench"})
	if err == nil || !strings.Contains(err.Error(), "test.echo") {
		t.Errorf("missing executable: %v", err)
	}
}

var pidRE = regexp.MustCompile(`\(pid (\d+)\)`)

func TestCancelKillsChildPromptly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	err := Run(ctx, "test.hang", nil, new(any), Options{})
	if d := time.Since(start); d > 300*time.Millisecond+time.Second {
		t.Errorf("Run returned %v after the start, want within 1s of the cancel at 300ms", d)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v, want context.Canceled", err)
	}
	m := pidRE.FindStringSubmatch(err.Error())
	if m == nil {
		t.Fatalf("error %q names no pid", err)
	}
	pid, _ := strconv.Atoi(m[1])
	if pid == 0 {
		t.Fatalf("error %q: the child never started", err)
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("child %d still exists (kill -0: %v)", pid, err)
	}
}

func TestCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Run(ctx, "test.echo", pair{}, new(pair), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Run: %v, want context.Canceled", err)
	}
}

func TestHandleMisuse(t *testing.T) {
	for name, f := range map[string]func(){
		"empty name": func() { Handle("", func(context.Context, []byte) (any, error) { return nil, nil }) },
		"nil":        func() { Handle("test.nil", nil) },
		"duplicate":  func() { Handle("test.echo", func(context.Context, []byte) (any, error) { return nil, nil }) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Handle did not panic", name)
				}
			}()
			f()
		}()
	}
	names := Names()
	if len(names) < 8 || names[0] != "test.echo" || !strings.HasPrefix(names[len(names)-1], "test.") {
		t.Errorf("Names() = %v", names)
	}
}

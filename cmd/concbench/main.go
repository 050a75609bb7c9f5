package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/concbench/concbench/impl/childproc"
)

func main() {
	childproc.Main() // the processes strategies re-run this binary as their workers
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}

// Main runs the command line args and returns the exit status: 0, 1 for a
// failure, 2 for a usage error, 128 + the signal's number when interrupted
// (130 for SIGINT, 143 for SIGTERM). The first SIGINT or SIGTERM cancels the
// work, which then stops cleanly; a second one ends the process at once.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case s := <-sigs:
			signal.Stop(sigs) // a second signal takes its default action
			cancel(signalError{s})
		case <-done:
		}
	}()
	err := run(ctx, args, stdout, stderr)
	var sig signalError
	switch {
	case err == nil:
		return 0
	case errors.As(context.Cause(ctx), &sig):
		fmt.Fprintf(stderr, "concbench: interrupted (%s)\n", sig.name())
		return sig.code()
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "concbench: "+ee.msg)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "concbench: "+oneLine(err.Error()))
	return 1
}

// signalError is the cause of a context cancelled by a signal.
type signalError struct{ os.Signal }

func (s signalError) Error() string { return "interrupted (" + s.name() + ")" }

// name is the signal's conventional name, such as SIGINT.
func (s signalError) name() string {
	switch s.Signal {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.Signal.String()
}

// code is the conventional exit status after the signal: 128 + its number.
func (s signalError) code() int {
	if n, ok := s.Signal.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 130
}

// An exitError ends the program with code, after printing msg if not empty.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// usagef returns a usage error (exit status 2).
func usagef(format string, args ...any) error {
	return &exitError{code: 2, msg: oneLine(fmt.Sprintf(format, args...))}
}

// A command is one subcommand: its flags and what it does with the rest of
// the arguments.
type command struct {
	name  string
	args  string // the synopsis after the flags
	short string
	flags func(fs *flag.FlagSet) func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands is the table of subcommands, in the order of the manual.
var commands = []*command{
	{"run", "", "run the seed's scenario: the IO task, then the CPU task on its letter counts", runFlags},
	{"serve", "", "serve the random-string API over HTTP", serveFlags},
	{"report", "FILE...", "write REPORT.md and PNG charts from benchmark output", reportFlags},
	{"compare", "OLD NEW", "compare two benchmark runs: the regression gate (exit 1 on a regression, 3 when it cannot decide)", compareFlags},
	{"bench", "[REF...]", "build and run a module's benchmarks at git refs, interleaved, keeping the results per commit", benchFlags},
	{"trend", "FILE...", "follow benchmarks across three or more runs: change points, and a gate on the newest run", trendFlags},
	{"bisect", "GOOD BAD", "find the first commit between GOOD and BAD at which benchmarks got slower (exit 3 when it cannot decide)", bisectFlags},
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func commandNames() string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return strings.Join(names, ", ") + ", help"
}

// run runs one command line.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("no command given (want %s; see concbench help)", commandNames())
	}
	name, args := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(args, stdout)
	}
	c := lookup(name)
	if c == nil {
		return usagef("unknown command %q (want %s)", name, commandNames())
	}
	fs, do := c.flagSet()
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return helpOf([]string{c.name}, stdout, false)
		}
		return usagef("%s: %v (see concbench help %s)", c.name, err, c.name)
	}
	if f := flagAfterArgs(fs); f != "" {
		return usagef("%s: flag %s after the arguments would be read as an argument: put flags first (usage: %s)", c.name, f, c.synopsis())
	}
	return do(ctx, fs.Args(), stdout, stderr)
}

// flagAfterArgs returns the first argument left after the flags that
// names one of fs's flags (-o, --ref=x) and is no file, or "": Go's flag
// package stops at the first argument, so `report a.txt -o dir` would
// otherwise read "-o" and "dir" as two more files.
func flagAfterArgs(fs *flag.FlagSet) string {
	for _, a := range fs.Args() {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || a == "-" || fs.Lookup(name) == nil {
			continue
		}
		if _, err := os.Stat(a); err == nil {
			continue
		}
		return a
	}
	return ""
}

// synopsis is how the command is called: "concbench report [flags] FILE...".
func (c *command) synopsis() string {
	return strings.TrimRight("concbench "+c.name+" [flags] "+c.args, " ")
}

// flagSet returns the command's flags, quiet: parse errors come back as
// errors, never printed by the flag package.
func (c *command) flagSet() (*flag.FlagSet, func(context.Context, []string, io.Writer, io.Writer) error) {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	do := c.flags(fs)
	return fs, do
}

//go:embed doc.go
var docSource string

// manual returns the package documentation, the user manual, as text.
func manual() string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", docSource, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic("concbench: the embedded doc.go has no package comment") // a build mistake
	}
	var p comment.Parser
	pr := comment.Printer{TextWidth: 100}
	return string(pr.Text(p.Parse(f.Doc.Text())))
}

// manualSection returns the part of the manual headed "# name", without
// its heading, or "" if there is none.
func manualSection(name string) string {
	var b strings.Builder
	in := false
	for line := range strings.Lines(manual()) {
		if strings.HasPrefix(line, "# ") {
			in = strings.TrimSpace(line) == "# "+name
			continue
		}
		if in {
			b.WriteString(line)
		}
	}
	return strings.TrimSpace(b.String())
}

// help prints the manual, or one command's synopsis, its part of the
// manual and its flags. A command's -h (long false) prints the synopsis
// and flags alone, and where the rest is.
func help(args []string, stdout io.Writer) error {
	return helpOf(args, stdout, true)
}

func helpOf(args []string, stdout io.Writer, long bool) error {
	if len(args) == 0 {
		_, err := io.WriteString(stdout, manual())
		return err
	}
	if len(args) > 1 {
		return usagef("help takes at most one command, got %q", strings.Join(args, " "))
	}
	c := lookup(args[0])
	if c == nil {
		return usagef("help: unknown command %q (want %s)", args[0], commandNames())
	}
	fs, _ := c.flagSet()
	fmt.Fprintf(stdout, "usage: %s\n\n%s.\n\n", c.synopsis(), c.short)
	if sec := manualSection(c.name); long && sec != "" {
		fmt.Fprintf(stdout, "%s\n\n", sec)
	}
	fmt.Fprintln(stdout, "flags:")
	fs.SetOutput(stdout)
	fs.PrintDefaults()
	if !long {
		fmt.Fprintf(stdout, "\nconcbench help %s says what %s does, its output and its exit status.\n", c.name, c.name)
	}
	return nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

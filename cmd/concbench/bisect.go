package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/concbench/concbench/internal/atomicfile"
	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/runner"
	"github.com/concbench/concbench/runner/bisect"
)

func bisectFlags(fs *flag.FlagSet) func(context.Context, []string, io.Writer, io.Writer) error {
	bench := fs.String("bench", "", "the benchmarks, REGEXP or REGEXP@BENCHTIME, as bench's -bench (required)")
	pkgs := fs.String("pkg", "./...", "package patterns, separated by spaces")
	benchtime := fs.String("benchtime", "", "run time of each benchmark, as 1s or 100x, when -bench has no @BENCHTIME")
	out := fs.String("o", runner.DefaultOutDir, "directory for the results, COMMIT.txt per commit measured (bench's), and bisect.md")
	rounds := fs.Int("count", bisect.DefaultRounds, "rounds of a commit and GOOD measured at a time")
	maxRounds := fs.Int("max-count", 5*bisect.DefaultRounds, "most rounds of one commit, after which bisect gives up (exit 3)")
	threshold := thresholdFlag(gate.Default.Threshold)
	alpha := thresholdFlag(gate.Default.Alpha)
	fs.Var(&threshold, "threshold", "change of the medians that a significant slowdown must also exceed, as 5% or 0.05")
	fs.Var(&alpha, "alpha", "false-alarm rate of the whole search, as 5% or 0.05 (each step is held to alpha over the most steps, split over its looks)")
	args := fs.String("args", "", "arguments for the test binaries, after the test flags, separated by spaces")
	timeout := fs.Duration("timeout", runner.DefaultTimeout, "limit of each run of a test binary")
	profile := fs.Bool("profile", false, "take CPU profiles at the commits on either side of the change and list the functions whose time grew most")
	machineProbe := probeFlags(fs) // bench's
	quiet := fs.Bool("q", false, "no progress on stderr")
	return func(ctx context.Context, refs []string, stdout, stderr io.Writer) error {
		if len(refs) != 2 {
			return usagef("bisect: want two refs, GOOD and BAD, got %d (usage: concbench bisect -bench REGEXP [flags] GOOD BAD)", len(refs))
		}
		if *bench == "" {
			return usagef("bisect: -bench is required: the benchmarks that got slower")
		}
		g, err := runner.ParseGroup(*bench)
		if err != nil {
			return usagef("bisect: -bench %v", err)
		}
		if g.Benchtime == "" {
			g.Benchtime = *benchtime
		}
		if *benchtime != "" && !runner.ValidBenchtime(*benchtime) {
			return usagef("bisect: -benchtime %q: want a duration (1s) or an iteration count (100x)", *benchtime)
		}
		if *rounds < 1 || *maxRounds < *rounds {
			return usagef("bisect: -count %d, -max-count %d: want 1 or more, and -max-count no fewer", *rounds, *maxRounds)
		}
		if *timeout <= 0 {
			return usagef("bisect: -timeout %v: want a positive duration", *timeout)
		}
		if *out == "" {
			return usagef("bisect: -o '': want the directory for the results and bisect.md")
		}
		mp, err := machineProbe("bisect")
		if err != nil {
			return err
		}
		cfg := bisect.Config{
			Good: refs[0], Bad: refs[1], Packages: strings.Fields(*pkgs), Groups: []runner.Group{g},
			Args: strings.Fields(*args), Timeout: *timeout, OutDir: *out,
			Method: gate.Method{Alpha: float64(alpha), Threshold: float64(threshold)},
			Rounds: *rounds, MaxRounds: *maxRounds, Profile: *profile, Probe: mp,
		}
		if err := cfg.Method.Validate(); err != nil {
			return usagef("bisect: %v", err)
		}
		p := &bisectProgress{w: stderr, tty: isTerminal(stderr), quiet: *quiet}
		cfg.Progress = p.update
		if !*quiet {
			cfg.Log = p
		}
		res, err := bisect.Run(ctx, cfg)
		p.done()
		if errors.Is(err, bisect.ErrUsage) {
			return usagef("bisect: %v", err)
		}
		if res == nil {
			return fmt.Errorf("bisect: %w", err)
		}
		if werr := res.WriteText(stdout); werr != nil {
			return werr
		}
		if werr := writeBisectMarkdown(filepath.Join(*out, "bisect.md"), res); werr != nil {
			return fmt.Errorf("bisect: %w", werr)
		}
		if err != nil {
			return fmt.Errorf("bisect: %w", err)
		}
		if !res.Found {
			return &exitError{code: 3, msg: oneLine("bisect: could not decide: " + res.Reason)}
		}
		return nil
	}
}

// writeBisectMarkdown writes the result as bisect.md, atomically.
func writeBisectMarkdown(path string, res *bisect.Result) error {
	if err := atomicfile.Write(path, res.WriteMarkdown); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// Recorded as concbench's: not an uncommitted change to a bench of
	// the working tree (atomicfile.Owned), when -o is not bench's.
	_, err := atomicfile.OwnAs(filepath.Dir(path), "bisect", []string{filepath.Base(path)})
	return err
}

// bisectProgress shows on a terminal the commit measured, its round and
// the steps left; it also takes the log of decided commits (a line each,
// on a terminal and off).
type bisectProgress struct {
	w     io.Writer
	tty   bool
	quiet bool
	mu    sync.Mutex
	bar   *progressbar.ProgressBar
}

func (p *bisectProgress) update(s bisect.Status) {
	if p.quiet || !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil {
		p.bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetWidth(10),
		)
	}
	var desc string
	switch s.Phase {
	case "build":
		desc = fmt.Sprintf("building %s · at most %d steps left", s.Commit, s.StepsLeft)
	case "profile":
		desc = fmt.Sprintf("profiling %s and the commit before it", s.Commit)
	default:
		desc = fmt.Sprintf("%s %s · round %d (at most %d) · at most %d steps left", s.Commit, shorten(s.Subject, 24), s.Round, s.MaxRounds, s.StepsLeft)
	}
	p.bar.Describe(desc)
	p.bar.Add(0)
}

// Write prints a line of the log, above the spinner.
func (p *bisectProgress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Clear()
	}
	if _, err := io.WriteString(p.w, "concbench: bisect: "+string(b)); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (p *bisectProgress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish()
		p.bar.Clear()
		p.bar = nil
	}
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/concbench/concbench/runner"
)

// groupsFlag collects repeated -bench flags.
type groupsFlag []string

func (g *groupsFlag) String() string     { return strings.Join(*g, " ") }
func (g *groupsFlag) Set(s string) error { *g = append(*g, s); return nil }

func benchFlags(fs *flag.FlagSet) func(context.Context, []string, io.Writer, io.Writer) error {
	var benches groupsFlag
	fs.Var(&benches, "bench", "benchmarks to run, REGEXP or REGEXP@BENCHTIME; repeat for groups run with different benchtimes (default .)")
	pkgs := fs.String("pkg", "./...", "package patterns, separated by spaces")
	benchtime := fs.String("benchtime", "", "run time of each benchmark, as 1s or 100x, for -bench groups without @BENCHTIME (default: the test binary's 1s)")
	count := fs.Int("count", runner.DefaultCount, "rounds: samples of each benchmark per ref")
	out := fs.String("o", runner.DefaultOutDir, "directory for the results, COMMIT.txt per ref")
	args := fs.String("args", "", "arguments for the test binaries, after the test flags, separated by spaces (such as -scale=report)")
	timeout := fs.Duration("timeout", runner.DefaultTimeout, "limit of each run of a test binary")
	fresh := fs.Bool("fresh", false, "discard the rounds kept for these refs and measure them again")
	probe := fs.Bool("probe", true, "measure the machine and record it in the results file: the round trip between two CPUs before each round (0.1 s), and the machine probe before and after every group run")
	machineProbe := probeFlags(fs)
	quiet := fs.Bool("q", false, "no progress on stderr (without a terminal, bench prints a line per round)")
	aa := fs.Bool("aa", false, "an A/A run: measure the one ref (or the working tree) as two sides, COMMIT.A.txt and COMMIT.B.txt, alternately")
	return func(ctx context.Context, refs []string, stdout, stderr io.Writer) error {
		if len(benches) == 0 {
			benches = groupsFlag{"."}
		}
		cfg := runner.Config{
			Refs: refs, Packages: strings.Fields(*pkgs), Count: *count, Args: strings.Fields(*args),
			Timeout: *timeout, OutDir: *out, Fresh: *fresh, AA: *aa, ProbeCPUs: *probe, Errors: prefixWriter{stderr, "concbench: bench: "},
		}
		if *count < 1 {
			return usagef("bench: -count %d: want 1 or more rounds", *count)
		}
		if *out == "" {
			return usagef("bench: -o '': want the directory for the results")
		}
		if *timeout <= 0 {
			return usagef("bench: -timeout %v: want a positive duration", *timeout)
		}
		mp, err := machineProbe("bench")
		if err != nil {
			return err
		}
		if *probe {
			cfg.Probe = mp
		}
		if *benchtime != "" && !runner.ValidBenchtime(*benchtime) {
			return usagef("bench: -benchtime %q: want a duration (1s) or an iteration count (100x)", *benchtime)
		}
		for _, b := range benches {
			g, err := runner.ParseGroup(b)
			if err != nil {
				return usagef("bench: -bench %v", err)
			}
			if g.Benchtime == "" {
				g.Benchtime = *benchtime
			}
			cfg.Groups = append(cfg.Groups, g)
		}
		p := newBenchProgress(stderr, *quiet)
		cfg.Progress = p.update
		_, statErr := os.Stat(*out)
		res, err := runner.Run(ctx, cfg)
		p.done()
		if err != nil && errors.Is(statErr, iofs.ErrNotExist) {
			os.Remove(*out) // made by this run and left empty by its failure (a full one stays)
		}
		if errors.Is(err, runner.ErrUsage) {
			return usagef("bench: %v", err)
		}
		if res != nil {
			for _, f := range res.Files {
				fmt.Fprintln(stdout, f.Path)
			}
		}
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		return nil
	}
}

// prefixWriter prefixes every write (a line) with prefix.
type prefixWriter struct {
	w      io.Writer
	prefix string
}

func (p prefixWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, p.prefix+string(b)); err != nil {
		return 0, err
	}
	return len(b), nil
}

// benchProgress shows what bench builds and runs: on a terminal, a
// spinner while building, then a bar of the runs of test binaries;
// otherwise (CI, a pipe) one line per round; nothing when quiet.
type benchProgress struct {
	w     io.Writer
	tty   bool
	quiet bool
	bar   *progressbar.ProgressBar
	total int
	round int // the last round a line was printed for, without a terminal

	mu    sync.Mutex // guards desc and the bar against the ticker
	clock *runClock
	desc  string        // the description without the time left
	stop  chan struct{} // closes the ticker
	wg    sync.WaitGroup
}

func newBenchProgress(stderr io.Writer, quiet bool) *benchProgress {
	return &benchProgress{w: stderr, tty: isTerminal(stderr), quiet: quiet, clock: newRunClock(time.Now)}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// line prints one line for the start of a round, without a terminal:
// the round, its refs in the order they run, and the time left.
func (p *benchProgress) line(s runner.Status) {
	if s.Phase != "run" {
		return
	}
	p.clock.begin(s.Package+" "+s.Group.String(), s.Done, s.Total)
	if s.Round == p.round {
		return
	}
	p.round = s.Round
	left := p.clock.String()
	if left == "" {
		left = "time left known after round 1"
	}
	fmt.Fprintf(p.w, "concbench: bench: round %d/%d: %s; %s\n", s.Round, s.Rounds, strings.Join(s.Order, ", "), left)
}

// describe sets the bar's description to desc and the time left; the
// caller holds p.mu.
func (p *benchProgress) describe() {
	left := p.clock.String()
	if left == "" {
		left = "time left known after round 1"
	}
	p.bar.Describe(strings.Replace(p.desc, " · ", " · "+left+" · ", 1))
}

// tick refreshes the time left once a second while benchmarks run.
func (p *benchProgress) tick(stop <-chan struct{}) {
	defer p.wg.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			p.mu.Lock()
			if p.bar != nil && p.total >= 0 {
				p.describe()
			}
			p.mu.Unlock()
		}
	}
}

func (p *benchProgress) update(s runner.Status) {
	switch {
	case p.quiet:
		return
	case !p.tty:
		p.line(s)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	total := -1 // a spinner while building
	if s.Phase == "run" {
		total = s.Total
	}
	if p.bar == nil || p.total != total {
		p.finish()
		p.total = total
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionShowCount(),
			progressbar.OptionSetItsString("run"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetWidth(20),
			progressbar.OptionSetPredictTime(false), // runs differ in length: runClock estimates
		)
	}
	ref := s.Ref
	if s.Phase == "build" {
		p.bar.Describe(fmt.Sprintf("building %s %s", ref, s.Package))
		p.bar.Add(0)
		return
	}
	p.clock.begin(s.Package+" "+s.Group.String(), s.Done, s.Total)
	if p.stop == nil {
		p.stop = make(chan struct{})
		p.wg.Add(1)
		go p.tick(p.stop)
	}
	// Short enough for an 80-column terminal with the bar: a wrapped line
	// would not be redrawn in place.
	p.desc = fmt.Sprintf("round %d/%d · %s · %s", s.Round, s.Rounds, shorten(ref, 12), shorten(s.Group.String(), 20))
	p.describe()
	p.bar.Set(s.Done)
}

// shorten cuts s to n runes, ending in "…", so the line fits a terminal.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// done stops the ticker and clears the bar.
func (p *benchProgress) done() {
	p.mu.Lock()
	stop := p.stop
	p.stop = nil
	p.mu.Unlock()
	if stop != nil {
		close(stop)
		p.wg.Wait()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finish()
}

// finish clears the bar; the caller holds p.mu.
func (p *benchProgress) finish() {
	if p.bar != nil {
		p.bar.Finish()
		p.bar.Clear()
		p.bar = nil
	}
}

// probeFlags defines the machine probe's flags of bench and bisect on fs.
// The function it returns checks them, naming the command cmd in its
// error, and returns the probe they set: the zero MachineProbe, which
// measures nothing, for -probe-time 0.
func probeFlags(fs *flag.FlagSet) func(cmd string) (runner.MachineProbe, error) {
	probeTime := fs.Duration("probe-time", runner.DefaultProbeTime, "length of the machine probe before and after every group run; 0 for none")
	probeBound := thresholdFlag(runner.DefaultProbeBound)
	fs.Var(&probeBound, "probe-bound", "measure a group run again when a probe next to it ran more than this much slower than the run's typical probe (a percentage, 20%, or a fraction, 0.2)")
	probeBudget := thresholdFlag(runner.DefaultProbeBudget)
	fs.Var(&probeBudget, "probe-budget", "the most time the runs measured again may take, with their probes and waits, against the time of the first runs (a percentage, 100%, or a fraction)")
	stallBound := thresholdFlag(runner.DefaultStallBound)
	fs.Var(&stallBound, "stall-bound", "measure a group run again when, for more of its time than its group's typical runs by this much, some task of the system waited for a CPU (Linux's CPU pressure; a percentage, 5%, or a fraction; 100% turns it off)")
	return func(cmd string) (runner.MachineProbe, error) {
		switch {
		case float64(stallBound) < runner.MinBound:
			return runner.MachineProbe{}, usagef("%s: -stall-bound %v: want 0.1%% or more (100%% or more turns the stall's rule off)", cmd, stallBound.String())
		case *probeTime < 0:
			return runner.MachineProbe{}, usagef("%s: -probe-time %v: want a duration, or 0 for no machine probe", cmd, *probeTime)
		case float64(probeBound) < runner.MinBound:
			return runner.MachineProbe{}, usagef("%s: -probe-bound %v: want 0.1%% or more", cmd, probeBound.String())
		case probeBudget <= 0:
			return runner.MachineProbe{}, usagef("%s: -probe-budget %v: want more than 0%%", cmd, probeBudget.String())
		case *probeTime == 0:
			return runner.MachineProbe{}, nil
		}
		return runner.MachineProbe{Time: *probeTime, Bound: float64(probeBound), Budget: float64(probeBudget), StallBound: float64(stallBound)}, nil
	}
}

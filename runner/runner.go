package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A Group is one -test.bench regexp and the -test.benchtime its benchmarks
// run for. A round runs every group of every package once.
type Group struct {
	Bench     string // a -test.bench regular expression
	Benchtime string // a -test.benchtime: a duration (0.2s) or an iteration count (10x); "" for the default 1s
}

// String returns the group as -bench accepts it: REGEXP or REGEXP@BENCHTIME.
func (g Group) String() string {
	if g.Benchtime == "" {
		return g.Bench
	}
	return g.Bench + "@" + g.Benchtime
}

var benchtimeRE = regexp.MustCompile(`^[0-9]+x$`)

// ParseGroup reads REGEXP or REGEXP@BENCHTIME, where BENCHTIME is a duration
// (0.2s) or an iteration count (10x). An @ followed by a digit or a point
// starts a benchtime, which must be valid ("X@0x", "X@10" and "X@1sec" are
// errors, not regexps that match nothing); an @ followed by anything else
// is part of the regexp, and "[@]" puts one before a digit.
func ParseGroup(s string) (Group, error) {
	g := Group{Bench: s}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		bt := s[i+1:]
		switch {
		case ValidBenchtime(bt):
			g = Group{Bench: s[:i], Benchtime: bt}
		case bt != "" && (bt[0] >= '0' && bt[0] <= '9' || bt[0] == '.'):
			return g, fmt.Errorf("%q: benchtime %q: want a positive duration (0.2s) or iteration count (10x); [@] matches an @ in a name", s, bt)
		}
	}
	if g.Bench == "" {
		return g, fmt.Errorf("%q: empty benchmark regexp", s)
	}
	if _, err := regexp.Compile(g.Bench); err != nil {
		return g, fmt.Errorf("%q: %v", g.Bench, err)
	}
	return g, nil
}

// ValidBenchtime reports whether s is a -test.benchtime: a positive
// duration (0.2s) or iteration count (10x).
func ValidBenchtime(s string) bool {
	if benchtimeRE.MatchString(s) {
		return s != "0x"
	}
	d, err := time.ParseDuration(s)
	return err == nil && d > 0
}

// Config says what to measure. The zero value of a field means its default.
type Config struct {
	// Dir is a directory inside the module's git checkout; patterns are
	// relative to it (default: the current directory).
	Dir string
	// Refs are the git refs to measure (commits, branches, tags); "."
	// is the working tree as it is, and no refs means ".".
	Refs []string
	// Packages are go package patterns (default ./...). Packages without
	// Benchmark functions in their test files are skipped.
	Packages []string
	// Groups are the benchmarks to run (default: one group, ".", at the
	// default benchtime).
	Groups []Group
	// Count is the number of rounds each ref must have (default 10).
	Count int
	// More, when positive, measures More rounds of every ref beyond those
	// its file holds, whatever Count says: concbench bisect adds rounds of
	// GOOD and a commit interleaved, step after step.
	More int
	// Args are passed to every test binary after the test flags, such as
	// -scale=report.
	Args []string
	// Timeout bounds each run of a test binary (-test.timeout); 0 means
	// 10 minutes, as go test's.
	Timeout time.Duration
	// OutDir receives NAME.txt per commit (default DefaultOutDir).
	OutDir string
	// Fresh discards the rounds kept for these refs and measures them all
	// again.
	Fresh bool
	// AA measures one ref (or the working tree) as two sides, A and B: the
	// same binaries, run alternately in every round. The results go to
	// NAME.A.txt and NAME.B.txt: an A/A pair for calibrating a comparison's
	// false-alarm rate.
	AA bool
	// ProbeCPUs measures the round trip between two CPUs before each
	// round, for 0.1 s, and records it in the results file (see
	// RoundTrip): on a VM whose host moves the vCPUs, it shows when.
	ProbeCPUs bool
	// Probe measures the machine before and after every group run and
	// measures the disturbed runs again (see MachineProbe); its zero value
	// measures nothing.
	Probe MachineProbe
	// Go is the go command (default "go").
	Go string
	// Progress, if not nil, is told what runs next; it is called from the
	// goroutine that called Run.
	Progress func(Status)
	// Errors, if not nil, receives each ref's failure as one line when it
	// happens (Run also returns them).
	Errors io.Writer
}

// Status is what Run does next, for a progress display.
type Status struct {
	Phase   string   // "build" or "run"
	Ref     string   // the ref as given, or "working tree"
	Package string   // the package's import path
	Group   Group    // with Phase "run"
	Round   int      // 1-based, with Phase "run"
	Order   []string // with Phase "run": the refs of this round, in the order they run
	Again   bool     // with Phase "run": the group is measured again, the machine probe found its run disturbed
	Rounds  int      // the rounds this Run takes
	Done    int      // runs of a test binary finished so far
	Total   int      // runs of a test binary this Run takes (known once the builds are done)
}

// DefaultCount is the number of rounds when Config.Count is 0.
const DefaultCount = 10

// DefaultOutDir is where the results go when Config.OutDir is "".
const DefaultOutDir = "out/bench"

// DefaultTimeout bounds one run of a test binary when Config.Timeout is 0.
const DefaultTimeout = 10 * time.Minute

// A Measured is one ref's results file.
type Measured struct {
	Ref    string // as given, or "working tree"
	Commit string // the full commit hash (HEAD's for the working tree)
	Path   string // OutDir/NAME.txt
	Rounds int    // complete rounds in the file
	New    int    // rounds measured by this Run
}

// Result is what Run measured.
type Result struct {
	// Files holds one entry per ref that has all Count rounds, in the
	// order given (two for AA: A, then B).
	Files []Measured
	// Failed holds one error per ref that did not build or whose
	// benchmarks failed, each naming the ref; its complete rounds are kept.
	Failed []error
}

// ErrUsage marks errors in the Config or its refs, found before anything
// is measured.
var ErrUsage = errors.New("usage")

type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Is(target error) bool {
	return target == ErrUsage
}

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

func (c *Config) fill() error {
	if c.Dir == "" {
		c.Dir = "."
	}
	if len(c.Packages) == 0 {
		c.Packages = []string{"./..."}
	}
	if len(c.Groups) == 0 {
		c.Groups = []Group{{Bench: "."}}
	}
	if c.Count == 0 {
		c.Count = DefaultCount
	}
	if c.Count < 0 || c.More < 0 {
		return usagef("count %d, more %d: want a positive number of rounds", c.Count, c.More)
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.OutDir == "" {
		c.OutDir = DefaultOutDir
	}
	if c.Go == "" {
		c.Go = "go"
	}
	if c.AA && len(c.Refs) > 1 {
		return usagef("an A/A run measures one ref, got %d", len(c.Refs))
	}
	for _, g := range c.Groups {
		if _, err := ParseGroup(g.String()); err != nil {
			return usagef("bad benchmark group %v", err)
		}
	}
	return c.Probe.fill()
}

// settings is the part of the Config that the results depend on; a file
// measured with other settings is measured again.
func (c *Config) settings() string {
	var b strings.Builder
	fmt.Fprintf(&b, "pkg=%q", strings.Join(c.Packages, " "))
	for _, g := range c.Groups {
		fmt.Fprintf(&b, " bench=%q", g.String())
	}
	if len(c.Args) > 0 {
		fmt.Fprintf(&b, " args=%q", strings.Join(c.Args, " "))
	}
	return b.String()
}

// Run measures cfg's refs and returns the files that hold all their
// rounds. It returns an error wrapping ErrUsage for a bad Config or ref,
// before measuring anything; an error when refs failed (also listed in
// Result.Failed, whose complete rounds are kept); or the context's error
// when cancelled. The temporary worktrees and binaries are removed in
// every case.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	r, err := start(ctx, cfg, cfg.AA)
	if err != nil {
		return nil, err
	}
	defer r.cleanup()
	return r.run(ctx)
}

// start checks cfg, resolves its refs, makes its output and temporary
// directories, and returns the run; the caller calls its cleanup.
func start(ctx context.Context, cfg Config, aa bool) (*run, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, err
	}
	repo, err := openRepo(ctx, dir)
	if err != nil {
		return nil, err
	}
	repo.excludeDir(ctx, cfg.OutDir)
	targets, err := repo.targets(ctx, cfg.Refs, aa)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.OutDir, 0o755); err != nil {
		return nil, err
	}
	// Before anything is built or measured: a directory that cannot take
	// the results fails now, not after a round.
	probe := filepath.Join(cfg.OutDir, ".concbench-write-check")
	if err := writeAtomic(probe, nil); err != nil {
		return nil, fmt.Errorf("results directory %s: %w", cfg.OutDir, errors.Unwrap(err))
	}
	os.Remove(probe)
	repo.removeStale(ctx)
	tmp, err := os.MkdirTemp("", tmpPrefix)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, pidFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &run{cfg: cfg, repo: repo, tmp: tmp, targets: targets, id: newRunID(time.Now())}, nil
}

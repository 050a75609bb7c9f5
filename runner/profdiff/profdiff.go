// Package profdiff shows where a benchmark's time grew between two
// commits: it takes CPU profiles of the benchmarks at both (the runner's
// test binaries, run with -test.cpuprofile and the same fixed iteration
// count, so that the profiles describe the same work), reads them with
// github.com/google/pprof/profile, and lists the functions whose flat time
// (in the function itself) and cumulative time (in it and what it calls)
// grew most. The merged profiles are kept for go tool pprof -diff_base.
//
// A CPU profile samples the running goroutines 100 times a second of CPU
// time; a function's time is the sum of the samples whose stack it is on
// (cumulative, once per sample) or at the top of (flat). The frames of an
// asynchronous preemption (runtime.asyncPreempt) are left out: a sample
// there is time of the function it interrupted. Differences of a few
// samples are noise: ProfileTime sets how long the base side runs.
package profdiff

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/google/pprof/profile"

	"github.com/concbench/concbench/runner"
)

// ProfileTime is how long the profiled benchmarks run at the base commit:
// 2 s of CPU is about 200 samples.
const ProfileTime = 2 * time.Second

// A Bench is a benchmark to profile and its time per op at the base
// commit, from which its iteration count follows.
type Bench struct {
	Pkg     string  // import path
	Name    string  // full name without the -N suffix
	NsPerOp float64 // at the base commit
}

// Config says what Take profiles.
type Config struct {
	Dir       string // inside the module's git checkout
	Base, New string // the two commits
	Packages  []string
	Args      []string
	Benches   []Bench
	OutDir    string // receives the profiles
	Go        string
}

// A Func is one function's time in both profiles.
type Func struct {
	Name              string
	BaseFlat, NewFlat time.Duration
	BaseCum, NewCum   time.Duration
}

// FlatGrowth and CumGrowth are how much the function's flat and
// cumulative times grew.
func (f Func) FlatGrowth() time.Duration { return f.NewFlat - f.BaseFlat }
func (f Func) CumGrowth() time.Duration  { return f.NewCum - f.BaseCum }

// A Diff compares two profiles.
type Diff struct {
	BaseName, NewName   string // the commits, short
	BasePath, NewPath   string // the merged profiles
	BaseTotal, NewTotal time.Duration
	Iterations          []int // per benchmark, the same at both commits
	Benches             []Bench
	// Funcs holds every function of either profile, the largest flat
	// growth first.
	Funcs []Func
}

// Take profiles cfg.Benches at both commits and compares the profiles.
// Each benchmark runs, at both, for the iterations that take ProfileTime
// at the base commit (divided among the benchmarks).
func Take(ctx context.Context, cfg Config) (*Diff, error) {
	if len(cfg.Benches) == 0 {
		return nil, fmt.Errorf("no benchmark to profile")
	}
	pc := runner.ProfileConfig{Dir: cfg.Dir, Refs: []string{cfg.Base, cfg.New}, Packages: cfg.Packages, Args: cfg.Args, OutDir: cfg.OutDir, Go: cfg.Go}
	d := &Diff{Benches: cfg.Benches}
	per := ProfileTime.Seconds() * 1e9 / float64(len(cfg.Benches))
	for _, b := range cfg.Benches {
		n := 1
		if b.NsPerOp > 0 {
			n = int(math.Ceil(per / b.NsPerOp))
		}
		pc.Benches = append(pc.Benches, runner.ProfileBench{Pkg: b.Pkg, Name: b.Name, N: n})
		d.Iterations = append(d.Iterations, n)
	}
	res, err := runner.Profile(ctx, pc)
	if err != nil {
		return nil, err
	}
	if len(res) != 2 {
		return nil, fmt.Errorf("%s and %s are the same commit", cfg.Base, cfg.New)
	}
	var ps [2]*profile.Profile
	for i, r := range res {
		p, err := Read(r.Paths)
		if err != nil {
			return nil, err
		}
		path := filepath.Join(cfg.OutDir, r.Name+".cpu.pprof")
		if err := write(path, p); err != nil {
			return nil, err
		}
		ps[i] = p
		if i == 0 {
			d.BaseName, d.BasePath = r.Name, path
		} else {
			d.NewName, d.NewPath = r.Name, path
		}
	}
	return d, d.compare(ps[0], ps[1])
}

// Read reads CPU profiles and merges them into one.
func Read(paths []string) (*profile.Profile, error) {
	var ps []*profile.Profile
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		p, err := profile.Parse(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		ps = append(ps, p)
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("no profile to read")
	}
	return profile.Merge(ps)
}

func write(path string, p *profile.Profile) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	werr := p.Write(f)
	if err := f.Close(); werr == nil {
		werr = err
	}
	return werr
}

// Compare compares two CPU profiles, base and new.
func Compare(base, new *profile.Profile) (*Diff, error) {
	d := &Diff{}
	return d, d.compare(base, new)
}

func (d *Diff) compare(base, new *profile.Profile) error {
	funcs := make(map[string]*Func)
	get := func(name string) *Func {
		f := funcs[name]
		if f == nil {
			f = &Func{Name: name}
			funcs[name] = f
		}
		return f
	}
	for side, p := range []*profile.Profile{base, new} {
		i, err := cpuIndex(p)
		if err != nil {
			return err
		}
		var total time.Duration
		for _, s := range p.Sample {
			v := time.Duration(s.Value[i])
			total += v
			seen := make(map[string]bool)
			leaf := true
			for _, loc := range s.Location {
				for _, line := range loc.Line {
					if line.Function == nil || preemption[line.Function.Name] {
						continue
					}
					name := line.Function.Name
					f := get(name)
					if leaf { // the innermost function of the leaf location
						leaf = false
						if side == 0 {
							f.BaseFlat += v
						} else {
							f.NewFlat += v
						}
					}
					if !seen[name] {
						seen[name] = true
						if side == 0 {
							f.BaseCum += v
						} else {
							f.NewCum += v
						}
					}
				}
			}
		}
		if side == 0 {
			d.BaseTotal = total
		} else {
			d.NewTotal = total
		}
	}
	d.Funcs = d.Funcs[:0]
	for _, f := range funcs {
		d.Funcs = append(d.Funcs, *f)
	}
	slices.SortFunc(d.Funcs, func(a, b Func) int {
		if c := cmp.Compare(b.FlatGrowth(), a.FlatGrowth()); c != 0 {
			return c
		}
		if c := cmp.Compare(b.CumGrowth(), a.CumGrowth()); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return nil
}

// preemption names the frames the runtime pushes when it preempts a
// goroutine with a signal: a sample there is time of the function below
// it, which a busy machine preempts more often.
var preemption = map[string]bool{"runtime.asyncPreempt": true, "runtime.asyncPreempt2": true}

// cpuIndex is the index of the CPU time among p's sample values.
func cpuIndex(p *profile.Profile) (int, error) {
	for i, st := range p.SampleType {
		if st.Type == "cpu" && st.Unit == "nanoseconds" {
			return i, nil
		}
	}
	return 0, fmt.Errorf("not a CPU profile (sample types %v)", p.SampleType)
}

// Flat returns the n functions whose flat time grew most (only those
// that grew).
func (d *Diff) Flat(n int) []Func {
	var out []Func
	for _, f := range d.Funcs {
		if len(out) == n || f.FlatGrowth() <= 0 {
			break
		}
		out = append(out, f)
	}
	return out
}

// Cum returns the n functions whose cumulative time grew most (only
// those that grew).
func (d *Diff) Cum(n int) []Func {
	fs := slices.Clone(d.Funcs)
	slices.SortStableFunc(fs, func(a, b Func) int { return cmp.Compare(b.CumGrowth(), a.CumGrowth()) })
	var out []Func
	for _, f := range fs {
		if len(out) == n || f.CumGrowth() <= 0 {
			break
		}
		out = append(out, f)
	}
	return out
}

// Command is the go tool pprof command line that shows the difference
// function by function.
func (d *Diff) Command() string {
	return fmt.Sprintf("go tool pprof -top -diff_base=%s %s", d.BasePath, d.NewPath)
}

// Top is how many functions each list shows.
const Top = 8

func (d *Diff) rows(fs []Func, md bool) [][]string {
	var rows [][]string
	for _, f := range fs {
		name := f.Name
		if md {
			name = "`" + strings.ReplaceAll(name, "`", "'") + "`"
		}
		rows = append(rows, []string{name,
			dur(f.BaseFlat) + " → " + dur(f.NewFlat), signed(f.FlatGrowth()),
			dur(f.BaseCum) + " → " + dur(f.NewCum), signed(f.CumGrowth())})
	}
	return rows
}

// WriteText writes the two lists for a terminal.
func (d *Diff) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "where the time grew, CPU profiles of %s and %s (%s → %s in all):\n", d.BaseName, d.NewName, dur(d.BaseTotal), dur(d.NewTotal))
	for _, list := range []struct {
		title string
		fs    []Func
	}{{"flat time (in the function itself) grew most", d.Flat(Top)}, {"cumulative time (with what it calls) grew most", d.Cum(Top)}} {
		fmt.Fprintf(&b, "  %s:\n", list.title)
		if len(list.fs) == 0 {
			b.WriteString("    none grew\n")
		}
		for _, r := range d.rows(list.fs, false) {
			fmt.Fprintf(&b, "    %-8s flat %-20s cum %-20s %s\n", r[2], r[1], r[3]+" ("+r[4]+")", r[0])
		}
	}
	fmt.Fprintf(&b, "  profiles kept: %s\n", d.Command())
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes the two lists as a markdown section.
func (d *Diff) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Where the time grew\n\nCPU profiles of the benchmarks at `%s` and `%s`, the same iterations at both (%s → %s of CPU in all).\n\n", d.BaseName, d.NewName, dur(d.BaseTotal), dur(d.NewTotal))
	for _, list := range []struct {
		title string
		fs    []Func
	}{{"Flat time (in the function itself) grew most", d.Flat(Top)}, {"Cumulative time (with what it calls) grew most", d.Cum(Top)}} {
		fmt.Fprintf(&b, "%s:\n\n", list.title)
		if len(list.fs) == 0 {
			b.WriteString("none grew.\n\n")
			continue
		}
		b.WriteString("| function | flat | Δ flat | cum | Δ cum |\n|:--|--:|--:|--:|--:|\n")
		for _, r := range d.rows(list.fs, true) {
			fmt.Fprintf(&b, "| %s |\n", strings.Join(r, " | "))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "The profiles are kept: `%s`\n", d.Command())
	_, err := io.WriteString(w, b.String())
	return err
}

func dur(d time.Duration) string {
	return d.Round(time.Millisecond).String()
}

func signed(d time.Duration) string {
	if d >= 0 {
		return "+" + dur(d)
	}
	return dur(d)
}

package runner

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// A ProfileBench is one benchmark to profile.
type ProfileBench struct {
	Pkg  string // the package's import path
	Name string // the full name, BenchmarkX/sub=1, without the -N GOMAXPROCS suffix
	N    int    // iterations (-test.benchtime=Nx), the same at every ref so that the profiles compare
}

// ProfileConfig says what Profile profiles. Its fields mean what the
// fields of Config of the same names mean.
type ProfileConfig struct {
	Dir      string
	Refs     []string // the commits to profile, each in a worktree
	Packages []string
	Args     []string
	Benches  []ProfileBench
	// OutDir receives the profiles, NAME.cpu.pprof per ref (NAME as the
	// results file's).
	OutDir string
	Go     string
}

// A Profiled is the profiles of one ref.
type Profiled struct {
	Ref    string
	Commit string   // the full commit hash
	Name   string   // the results file's name without .txt: the short commit
	Paths  []string // one profile per benchmark, in the order of ProfileConfig.Benches
}

// BenchRegexp is the -test.bench expression that matches the benchmark
// of the full name and no other: each level of the name anchored and
// quoted.
func BenchRegexp(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

// Profile builds the test binaries of each ref as Run does and runs each
// benchmark of cfg.Benches once with -test.cpuprofile and its fixed
// iteration count. It returns the profiles of each ref, one per
// benchmark: OutDir/NAME.I.cpu.pprof (NAME as the ref's results file).
func Profile(ctx context.Context, cfg ProfileConfig) ([]Profiled, error) {
	out, err := filepath.Abs(cmp.Or(cfg.OutDir, DefaultOutDir))
	if err != nil {
		return nil, err
	}
	r, err := start(ctx, Config{Dir: cfg.Dir, Refs: cfg.Refs, Packages: cfg.Packages, Args: cfg.Args, OutDir: out, Go: cfg.Go}, false)
	if err != nil {
		return nil, err
	}
	defer r.cleanup()
	targets := r.targets
	res := make([]Profiled, len(targets))
	for i, t := range targets {
		res[i] = Profiled{Ref: t.ref, Commit: t.commit, Name: t.name}
		if err := r.build(ctx, t); err != nil {
			return nil, fmt.Errorf("%s: %v", t.label(), err)
		}
		for j, b := range cfg.Benches {
			p, ok := t.b.pkg(b.Pkg)
			if !ok {
				return nil, fmt.Errorf("%s: no package %s with benchmarks", t.label(), b.Pkg)
			}
			path := filepath.Join(out, fmt.Sprintf("%s.%d.cpu.pprof", t.name, j+1))
			g := Group{Bench: BenchRegexp(b.Name), Benchtime: strconv.Itoa(max(b.N, 1)) + "x"}
			var stdout bytes.Buffer
			if err := r.runBinary(ctx, p, g, &stdout, "-test.cpuprofile="+path); err != nil {
				return nil, fmt.Errorf("%s: profiling %s: %v", t.label(), b.Name, err)
			}
			if !resultLineRE.Match(stdout.Bytes()) {
				return nil, fmt.Errorf("%s: no benchmark %s in %s", t.label(), b.Name, b.Pkg)
			}
			res[i].Paths = append(res[i].Paths, path)
		}
	}
	return res, nil
}

// pkg returns the package of the build with the import path.
func (b *build) pkg(path string) (pkg, bool) {
	for _, p := range b.pkgs {
		if p.path == path {
			return p, true
		}
	}
	return pkg{}, false
}

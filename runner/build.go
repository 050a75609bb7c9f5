package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// A build is the test binaries of one commit (or of the working tree).
type build struct {
	done bool
	err  error
	pkgs []pkg
}

// A pkg is one package's test binary and the directory it runs in.
type pkg struct {
	path string // import path
	dir  string // the package's directory, where its binary runs
	bin  string // the test binary

	// slots are the binary's runs in a round: each group split into a run
	// per top-level benchmark (-test.list; see split), or whole when the
	// binary could not list them.
	slots []slot
}

// benchFuncRE matches the declaration of a benchmark function, as the
// testing package finds them: Benchmark not followed by a lower-case letter.
var benchFuncRE = regexp.MustCompile(`(?m)^func Benchmark([^\pL]|\p{Lu})`)

// build checks t's commit out (unless it is the working tree), lists the
// packages of the pattern that have benchmarks, and builds their test
// binaries. Two sides of an A/A run share one build.
func (r *run) build(ctx context.Context, t *target) error {
	b := t.b
	if b.done {
		return b.err
	}
	b.pkgs, b.err = r.buildPkgs(ctx, t)
	b.done = ctx.Err() == nil
	return b.err
}

func (r *run) buildPkgs(ctx context.Context, t *target) ([]pkg, error) {
	src := r.repo.dir
	key := strings.TrimSuffix(strings.TrimSuffix(t.name, ".A"), ".B")
	if !t.inPlace {
		wt := filepath.Join(r.tmp, "worktrees", key)
		r.report(Status{Phase: "build", Ref: t.ref})
		if err := r.repo.addWorktree(ctx, wt, t.commit); err != nil {
			return nil, fmt.Errorf("checking it out: %v", err)
		}
		r.worktrees = append(r.worktrees, wt)
		src = filepath.Join(wt, r.repo.rel)
		if fi, err := os.Stat(src); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("it has no directory %s", r.repo.rel)
		}
	}
	pkgs, err := r.listPkgs(ctx, src)
	if err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no package of %s has a Benchmark function", strings.Join(r.cfg.Packages, " "))
	}
	bins := filepath.Join(r.tmp, "bin", key)
	if err := os.MkdirAll(bins, 0o755); err != nil {
		return nil, err
	}
	for i := range pkgs {
		p := &pkgs[i]
		r.report(Status{Phase: "build", Ref: t.ref, Package: p.path})
		p.bin = filepath.Join(bins, strconv.Itoa(i)+".test")
		cmd := exec.CommandContext(ctx, r.cfg.Go, "test", "-c", "-o", p.bin, p.path)
		cmd.Dir = src
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stderr, &stderr
		killGroup(cmd)
		if err := cmd.Run(); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("%s does not build: %s", p.path, buildError(stderr.String(), err))
		}
		p.slots = r.runs(p.path, r.listBenches(ctx, *p))
	}
	return pkgs, nil
}

// listBenches returns the top-level benchmarks of p's binary, as
// -test.list prints them; nil when it fails.
func (r *run) listBenches(ctx context.Context, p pkg) []string {
	cmd := exec.CommandContext(ctx, p.bin, "-test.list=^Benchmark")
	cmd.Dir = p.dir
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	killGroup(cmd)
	if err := cmd.Run(); err != nil {
		return nil
	}
	var out []string
	for _, line := range strings.Split(stdout.String(), "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "Benchmark") && !strings.ContainsAny(line, " \t") {
			out = append(out, line)
		}
	}
	return out
}

// split returns the runs of g in a binary with the top-level benchmarks
// benches: one group per benchmark that g's first element matches, its
// first element that benchmark's name and the rest as g has it, in the
// binary's order; g itself when benches is nil (not listed). A run per
// benchmark puts the machine probe next to every benchmark, and the refs
// of a round interleave benchmark by benchmark.
func split(g Group, benches []string) []Group {
	if benches == nil {
		return []Group{g}
	}
	first, rest := splitBench(g.Bench)
	re, err := regexp.Compile(first)
	if err != nil {
		return []Group{g}
	}
	var out []Group
	for _, b := range benches {
		if re.MatchString(b) {
			out = append(out, Group{Bench: "^" + regexp.QuoteMeta(b) + "$" + rest, Benchtime: g.Benchtime})
		}
	}
	return out
}

// splitBench splits a -test.bench expression at its first slash outside
// brackets and parentheses, as the testing package does: the top-level
// part, and the rest with its slash ("" when there is none).
func splitBench(s string) (first, rest string) {
	cs, ps := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			cs++
		case ']':
			if cs > 0 {
				cs--
			}
		case '(':
			if cs == 0 {
				ps++
			}
		case ')':
			if cs == 0 && ps > 0 {
				ps--
			}
		case '\\':
			i++
		case '/':
			if cs == 0 && ps == 0 {
				return s[:i], s[i:]
			}
		}
	}
	return s, ""
}

// listPkgs returns the packages of the pattern, in src, whose test files
// declare a benchmark.
func (r *run) listPkgs(ctx context.Context, src string) ([]pkg, error) {
	const format = `{{.ImportPath}}{{"\t"}}{{.Dir}}{{range .TestGoFiles}}{{"\t"}}{{.}}{{end}}{{range .XTestGoFiles}}{{"\t"}}{{.}}{{end}}`
	args := append([]string{"list", "-f", format, "--"}, r.cfg.Packages...)
	cmd := exec.CommandContext(ctx, r.cfg.Go, args...)
	cmd.Dir = src
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	killGroup(cmd)
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// go list names a missing package by its path in the worktree,
		// a temporary directory gone by the time the user reads it: name
		// it from the checkout's root instead ("stat ./nope").
		msg := strings.ReplaceAll(buildError(stderr.String(), err), src, ".")
		return nil, fmt.Errorf("listing %s: %s", strings.Join(r.cfg.Packages, " "), msg)
	}
	var pkgs []pkg
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			continue // no test files
		}
		for _, name := range f[2:] {
			data, err := os.ReadFile(filepath.Join(f[1], name))
			if err == nil && benchFuncRE.Match(data) {
				pkgs = append(pkgs, pkg{path: f[0], dir: f[1]})
				break
			}
		}
	}
	return pkgs, nil
}

// buildError is the gist of the go command's failure: its first line that
// is not a "# package" heading.
func buildError(out string, err error) string {
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			return line
		}
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.String()
	}
	return err.Error()
}

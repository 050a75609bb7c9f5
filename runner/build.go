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
	}
	return pkgs, nil
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
		return nil, fmt.Errorf("listing %s: %s", strings.Join(r.cfg.Packages, " "), buildError(stderr.String(), err))
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

package bisect_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/runner"
	"github.com/concbench/concbench/runner/bisect"
	"github.com/concbench/concbench/runner/runnertest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// The work of BenchmarkWork: Mix and Prep rounds of an xorshift per op
// (about 2 ms in all), and Mix 30% slower from commit 11 on.
const (
	mix  = 2_000_000
	prep = 100_000
	slow = mix * 13 / 10
)

// sixteen makes the module of 16 commits where commit 11 makes Mix 30%
// slower; the others change only a README.
func sixteen(t *testing.T) (string, []string) {
	var commits []map[string]string
	for i := 1; i <= 16; i++ {
		files := map[string]string{"README": fmt.Sprintf("commit %d\n", i)}
		switch i {
		case 1:
			for k, v := range runnertest.Work(mix, prep) {
				files[k] = v
			}
		case 11:
			files["work.go"] = runnertest.Work(slow, prep)["work.go"]
		}
		commits = append(commits, files)
	}
	return runnertest.New(t, commits...)
}

// config is concbench bisect's defaults: α = 5% for the whole search,
// 6 rounds a look, at most 30. A test that expects commit 11 fails when a
// step on commits 1–10 is a false alarm. The 16 commits' search takes at
// most 5 steps, so each is held to 1%, and its first look to 0.5%: of the
// 924 orders of 6 values against 6, 4 give a one-sided p at or below it,
// so a commit no slower than GOOD is found slower at its first look with
// probability at most 0.43% when the machine's noise hits both sides
// alike, and only when its median also grew by more than the 5%
// threshold. The later looks, at 0.125% each, add little. (A lower α for
// the tests widens BAD's interval, whose low end every later step must be
// able to see: on a busy machine, a step then stays undecided.)
func config(dir string, t *testing.T) bisect.Config {
	return bisect.Config{
		Dir: dir, Good: "HEAD~15", Bad: "HEAD", OutDir: filepath.Join(t.TempDir(), "out"),
		Groups: []runner.Group{{Bench: "Work", Benchtime: "20x"}},
		Probe:  runner.MachineProbe{Time: runner.DefaultProbeTime}, // concbench bisect's default
	}
}

// checkFound: bisect named commit 11, measuring at most 6 commits
// besides GOOD, each at the level the method gives its looks, and the profile names Mix as the function whose flat
// time grew most.
func checkFound(t *testing.T, res *bisect.Result, commits []string) {
	t.Helper()
	var log strings.Builder
	res.WriteText(&log)
	if !res.Found || res.First.Commit != commits[10] || res.First.Subject != "commit 11" {
		t.Fatalf("found %v, want commit 11 (%s):\n%s", res.Found, commits[10], log.String())
	}
	if res.LastGood == nil || res.LastGood.Commit != commits[9] {
		t.Errorf("the commit before it: %+v, want commit 10", res.LastGood)
	}
	if len(res.Steps) > 6 {
		t.Errorf("measured %d commits besides GOOD, want at most 6:\n%s", len(res.Steps), log.String())
	}
	if res.MaxSteps != 5 || res.MaxLooks != 5 || res.StepMethod.Alpha != 0.05/5 {
		t.Errorf("at most %d steps of %d looks, α %g a step; want 5 steps of 5 looks, 0.01 a step", res.MaxSteps, res.MaxLooks, res.StepMethod.Alpha)
	}
	for _, s := range res.Steps {
		if s.Looks != s.Rounds/bisect.DefaultRounds || s.Worst == nil || s.Worst.Verdict.Level > res.LookMethod(s.Looks).Alpha {
			t.Errorf("step %s: %d looks after %d rounds, or a verdict held to a level above its look's %g:\n%s", s.Commit, s.Looks, s.Rounds, res.LookMethod(s.Looks).Alpha, log.String())
		}
	}
	if w := res.First.Worst; w == nil || w.Bench.Name != "BenchmarkWork" || w.Verdict.Kind != gate.Slower || !(0 < w.Lo && w.Lo <= w.Center && w.Center <= w.Hi) {
		t.Errorf("step %+v, want BenchmarkWork slower, within its interval, which leaves out no change", w)
	}
	if res.Profile == nil {
		t.Fatal("no profile")
	}
	flat := res.Profile.Flat(1)
	if len(flat) == 0 || !strings.HasSuffix(flat[0].Name, ".Mix") {
		t.Errorf("the flat time that grew most is not Mix's:\n%s", log.String())
	}
	if !strings.Contains(log.String(), "go tool pprof -top -diff_base=") {
		t.Errorf("no pprof command in\n%s", log.String())
	}
	t.Logf("%s", log.String())
}

// TestBisect: the module of 16 commits, commit 11 making Mix 30% slower:
// bisect names commit 11 and -profile names Mix.
func TestBisect(t *testing.T) {
	dir, commits := sixteen(t)
	cfg := config(dir, t)
	cfg.Profile = true
	h := new(runner.ProbeHistory)
	cfg.Probe.History = h
	res, err := bisect.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkFound(t, res, commits)
	// One history for every batch: at least one Run a step.
	if n := h.Runs(); n < len(res.Steps) {
		t.Errorf("the history served %d Runs for %d steps", n, len(res.Steps))
	}
}

// TestBisectHog: the same while every CPU is kept busy 0.6 s of every 2 s
// by the test itself, a noisy neighbour.
func TestBisectHog(t *testing.T) {
	dir, commits := sixteen(t)
	cfg := config(dir, t)
	cfg.Profile = true
	stop := runnertest.Hog(600*time.Millisecond, 2*time.Second)
	res, err := bisect.Run(context.Background(), cfg)
	stop()
	if err != nil {
		t.Fatal(err)
	}
	checkFound(t, res, commits)
}

// TestNotSlower: when BAD is not slower than GOOD, bisect cannot decide
// and says so, after measuring BAD alone.
func TestNotSlower(t *testing.T) {
	work := runnertest.Work(mix, prep)
	dir, _ := runnertest.New(t, work, map[string]string{"README": "x\n"}, map[string]string{"README": "y\n"}, map[string]string{"README": "z\n"})
	cfg := config(dir, t)
	cfg.Good = "HEAD~3"
	res, err := bisect.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Found || !strings.Contains(res.Reason, "is not slower than GOOD") || len(res.Steps) != 1 {
		t.Errorf("found %v, reason %q, %d steps; want the reason that BAD is not slower, one step", res.Found, res.Reason, len(res.Steps))
	}
}

// TestUsage: bad refs and a GOOD that is not an ancestor of BAD are usage
// errors, before anything is measured.
func TestUsage(t *testing.T) {
	dir, _ := runnertest.New(t, runnertest.Work(1000, 1000), map[string]string{"README": "x\n"})
	for _, tc := range []struct{ good, bad, says string }{
		{"no-such", "HEAD", "not a commit"},
		{"HEAD", "HEAD~1", "the two swapped?"},
		{"HEAD", "HEAD", "the same commit"},
		{"--help", "HEAD", "not a git ref"},
		{"HEAD~1", ".", "the working tree"},
	} {
		cfg := config(dir, t)
		cfg.Good, cfg.Bad = tc.good, tc.bad
		if _, err := bisect.Run(context.Background(), cfg); !errors.Is(err, bisect.ErrUsage) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s %s: %v, want a usage error that says %q", tc.good, tc.bad, err, tc.says)
		}
	}
}

// TestSkip: a commit that does not build is skipped, as git bisect skip
// does; when only it is left between a commit that is not slower and one
// that is, bisect cannot decide and names both as candidates.
func TestSkip(t *testing.T) {
	dir, commits := runnertest.New(t,
		runnertest.Work(mix, prep),
		map[string]string{"README": "2\n"},
		map[string]string{"broken.go": "package tiny\n\nfunc broken( {\n"},
		map[string]string{"broken.go": "", "work.go": runnertest.Work(slow, prep)["work.go"]},
		map[string]string{"README": "5\n"},
	)
	cfg := config(dir, t)
	cfg.Good = "HEAD~4"
	res, err := bisect.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	res.WriteText(&log)
	skipped := 0
	for _, s := range res.Steps {
		if s.Outcome == bisect.Skipped {
			skipped++
			if s.Commit != commits[2] || !strings.Contains(s.Err.Error(), "does not build") {
				t.Errorf("skipped %s (%v), want commit 3, which does not build", s.Commit, s.Err)
			}
		}
	}
	if res.Found || skipped != 1 || !strings.Contains(res.Reason, "only skipped commits are left") ||
		len(res.Candidates) != 2 || res.Candidates[0] != commits[2] || res.Candidates[1] != commits[3] {
		t.Errorf("want commits 3 (skipped) and 4 as the candidates:\n%s", log.String())
	}
}

// TestLookMethod: a step's α is split over its looks, half at the first
// and the rest in equal parts at the later ones, and the parts add up to
// the step's α; with one look, the first has all of it.
func TestLookMethod(t *testing.T) {
	for _, looks := range []int{1, 2, 3, 5, 10} {
		r := bisect.Result{StepMethod: gate.Method{Alpha: 0.01, Threshold: 0.05}, MaxLooks: looks}
		sum := 0.0
		for k := 1; k <= looks; k++ {
			m := r.LookMethod(k)
			if m.Threshold != 0.05 {
				t.Errorf("%d looks, look %d: threshold %g, want the step's", looks, k, m.Threshold)
			}
			if k == 1 && looks > 1 && m.Alpha != 0.005 {
				t.Errorf("%d looks: the first at %g, want half the step's 0.01", looks, m.Alpha)
			}
			if k > 1 && m.Alpha != r.LookMethod(2).Alpha {
				t.Errorf("%d looks: look %d at %g, look 2 at %g; want the later looks alike", looks, k, m.Alpha, r.LookMethod(2).Alpha)
			}
			sum += m.Alpha
		}
		if math.Abs(sum-0.01) > 1e-12 {
			t.Errorf("%d looks: levels add up to %g, want the step's 0.01", looks, sum)
		}
	}
}

// TestMethodLine: the method line names each look's level, in words that
// fit the numbers: one step, one later look, or none.
func TestMethodLine(t *testing.T) {
	for _, tc := range []struct {
		steps, looks int
		want         []string
	}{
		{1, 2, []string{"measured 0 commits besides GOOD", "(at most 1 step)", "α = 0.025 at a step's first look and 0.025 at its second, after a second batch of rounds (0.05 per step), 0.05 over the search's 1 step;"}},
		{5, 5, []string{"(at most 5 steps)", "α = 0.005 at a step's first look and 0.00125 at each of its 4 later ones, after each batch of rounds (0.01 per step), 0.05 over the search's 5 steps;"}},
		{4, 1, []string{"α = 0.0125 per step, 0.05 over the search's 4 steps;"}},
	} {
		r := bisect.Result{Method: gate.Default, StepMethod: gate.Default, MaxSteps: tc.steps, MaxLooks: tc.looks, Reason: "r"}
		r.StepMethod.Alpha /= float64(tc.steps)
		var b strings.Builder
		if err := r.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%d steps of %d looks: no %q in\n%s", tc.steps, tc.looks, w, b.String())
			}
		}
	}
}

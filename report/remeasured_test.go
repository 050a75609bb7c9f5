package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report/parse"
)

// A disturbance is a group run next to a probe slow slower than typical,
// set aside and measured again in its round, or kept (earlier runners), or
// dropped: set aside, and its round has no result.
type disturbance struct {
	round         int
	slow          float64
	kept, dropped bool
	stall         float64 // the stall's excess over typical, when judged (the bound 5%)
}

// probedRun writes a results file as concbench bench writes it with the
// machine probe on: rounds of one group, with the disturbances ds.
func probedRun(t *testing.T, name string, rounds int, ds ...disturbance) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(contract.BenchPrefix + `pkg="./bench" bench="."` + "\ncommit: 5ce14cbd0e2f\ngoos: linux\npkg: example.com/x\n")
	probe := func(r int, slow float64) {
		b.WriteString(contract.ProbeLine(contract.Probe{Round: r, Slow: slow, Bound: 0.2, CPUs: []contract.CPUTime{{CPU: 0, Time: 50 * time.Millisecond}, {CPU: 1, Time: time.Duration((1 + slow) * float64(50*time.Millisecond))}},
			Stalled: strings.HasPrefix(name, "stall"), Stall: 0.01 * float64(r)}))
	}
	result := func(r int) string { return fmt.Sprintf("BenchmarkX-2   \t     100\t     %d ns/op", 1000+r) }
	for r := 1; r <= rounds; r++ {
		probe(r, 0.01)
		for _, d := range ds {
			if d.round != r {
				continue
			}
			hd := contract.Disturbed{Round: r, Kept: d.kept, Dropped: d.dropped, Before: 0.01, After: d.slow, Bound: 0.2, Package: "example.com/x", Group: "."}
			if d.stall != 0 {
				hd.Stall, hd.StallBound = d.stall, 0.05
			}
			b.WriteString(contract.DisturbedLine(hd))
			if d.kept {
				b.WriteString(result(r) + "\n")
			} else {
				b.WriteString(contract.SetAsideLine(result(r)))
			}
			probe(r, d.slow)
		}
		if !disturbedKept(ds, r) {
			b.WriteString(result(r) + "\n")
			probe(r, 0.02)
		}
		b.WriteString(contract.RoundDoneLine(r))
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func disturbedKept(ds []disturbance, round int) bool {
	for _, d := range ds {
		if d.round == round && (d.kept || d.dropped) {
			return true
		}
	}
	return false
}

// scanInputs reads paths as report reads them, and checks that the results
// set aside are none of the results: one per round.
func scanInputs(t *testing.T, rounds int, paths ...string) []parse.InputInfo {
	t.Helper()
	info, err := parse.Scan(parse.Sources(paths), nil, func(*benchfmt.Result) {})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range info.Inputs {
		if in.Results != rounds {
			t.Errorf("%s: %d results, want %d (one per round)", in.Label, in.Results, rounds)
		}
	}
	return info.Inputs
}

func TestRemeasuredNote(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.txt")
	os.WriteFile(plain, []byte("goos: linux\nBenchmarkX-2 100 1000 ns/op\n"+contract.RoundDoneLine(1)), 0o644)
	calm := probedRun(t, "calm.txt", 6)
	noisy := probedRun(t, "noisy.txt", 6,
		disturbance{2, 0.27, false, false, 0},
		disturbance{5, 0.41, false, false, 0}, disturbance{5, 0.23, false, false, 0},
		disturbance{6, 0.35, true, false, 0})
	once := probedRun(t, "once.txt", 3, disturbance{3, 0.3, false, false, 0})
	stallCalm := probedRun(t, "stallcalm.txt", 6)
	stalled := probedRun(t, "stalled.txt", 6,
		disturbance{round: 2, slow: 0.02, stall: 0.41}, disturbance{round: 3, slow: 0.03, stall: 0.17, kept: true})
	both := probedRun(t, "both.txt", 6,
		disturbance{round: 2, slow: 0.02, stall: 0.41}, disturbance{round: 4, slow: 0.35, stall: 0.01})
	// 5.04 points over typical: written +5.0%, on the 5% bound; its
	// probes calm, it was its stall that failed.
	onBound := probedRun(t, "onbound.txt", 6, disturbance{round: 2, slow: 0.01, stall: 0.0504})
	dropped := probedRun(t, "dropped.txt", 6,
		disturbance{round: 2, slow: 0.31}, disturbance{round: 4, slow: 0.83},
		disturbance{round: 4, slow: 0.75}, disturbance{round: 4, slow: 0.8, dropped: true})

	if n := remeasuredNote(scanInputs(t, 1, plain)); n != "" {
		t.Errorf("no probe lines: %q, want no note", n)
	}
	for _, c := range []struct {
		name   string
		inputs []parse.InputInfo
		want   []string
		not    []string
	}{
		{"calm", scanInputs(t, 6, calm), []string{
			"The machine probe of concbench bench (the same fixed work on every CPU at once, before and after every group run",
			"found no disturbed group run in `" + calm + "` (bound 20%)",
		}, []string{"Set aside", "Kept"}},
		{"disturbed", scanInputs(t, 6, noisy), []string{
			"The machine probe of concbench bench (the same fixed work",
			"found disturbed group runs in `" + noisy + "`: 4, in rounds 2, 5 and 6 of 6, next to a probe 23–41% slower than the run's typical probe (beyond the bound of 20%).",
			"Set aside and measured again in the same round: 3;",
			"Kept all the same, the runner having measured their group again as often as it may: 1 (35% slower)",
		}, []string{"found no disturbed"}},
		{"dropped", scanInputs(t, 5, dropped), []string{
			"found disturbed group runs in `" + dropped + "`: 4, in rounds 2 and 4 of 6, next to a probe 31–83% slower",
			"Set aside and measured again in the same round: 4;",
			"Still disturbed after the runner had measured them again as often as it may: 1 group run, in round 4, so that those rounds have no result of those groups (n counts the results kept).",
		}, []string{"Kept"}},
		{"one set aside", scanInputs(t, 3, once), []string{
			"found disturbed group runs in `" + once + "`: 1, in round 3 of 3, next to a probe 30% slower",
			"Set aside and measured again in the same round: 1;",
		}, []string{"Kept"}},
		{"calm, stall read", scanInputs(t, 6, stallCalm), []string{
			"found no disturbed group run in `" + stallCalm + "` (bound 20%; the runs' CPU stall 1–6% of their time): no probe next to a group run was slower than the run's typical probe by more than the bound, and no run's CPU stall (the share of its time in which some task of the system waited for a CPU) exceeded its group's typical stall by more than the stall bound.",
		}, nil},
		{"stalled", scanInputs(t, 6, stalled), []string{
			"found disturbed group runs in `" + stalled + "`: 2, in rounds 2 and 3 of 6, whose CPU stall (the share of the run's time in which some task of the system waited for a CPU) was 17–41 points above its group's typical stall (beyond the stall bound of 5 points).",
			"Set aside and measured again in the same round: 1;",
			"Kept all the same, the runner having measured their group again as often as it may: 1 (a stall 17 points above typical)",
		}, []string{"next to a probe"}},
		{"probe and stall", scanInputs(t, 6, both), []string{
			"found disturbed group runs in `" + both + "`: 2, in rounds 2 and 4 of 6, 1 next to a probe 35% slower than the run's typical probe (beyond the bound of 20%), and 1 whose CPU stall",
			"was 41 points above its group's typical stall (beyond the stall bound of 5 points).",
		}, nil},
		{"stall on the bound", scanInputs(t, 6, onBound), []string{
			"found disturbed group runs in `" + onBound + "`: 1, in round 2 of 6, whose CPU stall",
			"was 5 points above its group's typical stall",
		}, []string{"next to a probe"}},
		{"calm and disturbed", append(scanInputs(t, 6, calm), scanInputs(t, 3, once)...), []string{
			"The machine probe of concbench bench (the same fixed work on every CPU at once, before and after every group run: one run of a test binary for one -bench group) found no disturbed group run in `" + calm + "` (bound 20%)",
			"by more than the bound. The machine probe found disturbed group runs in `" + once + "`: 1, in round 3 of 3",
		}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := remeasuredNote(c.inputs)
			for _, w := range c.want {
				if !strings.Contains(n, w) {
					t.Errorf("the note has no %q:\n%s", w, n)
				}
			}
			for _, w := range c.not {
				if strings.Contains(n, w) {
					t.Errorf("the note has %q:\n%s", w, n)
				}
			}
		})
	}
}

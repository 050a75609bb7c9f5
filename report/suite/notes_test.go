package suite

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report"
)

// suiteOutput writes a suite-shaped output: 12 samples of each benchmark
// of name → values around its median (times in ns), with the metric
// columns extra returns for the sample.
func suiteOutput(t *testing.T, rows []spreadRow) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\npkg: github.com/concbench/concbench/bench\nnumcpu: 2\ngomaxprocs: 2\nscale: report\ncpu-ll-bound: 3000\n")
	for i := range 12 {
		for _, r := range rows {
			// i/11 in [0, 1]: the samples spread evenly over ±r.spread.
			v := r.median * (1 + r.spread*(2*float64(i)/11-1))
			fmt.Fprintf(&b, "Benchmark%s-2\t10\t%.0f ns/op%s\n", r.name, v, r.extra)
		}
	}
	path := filepath.Join(t.TempDir(), "bench.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type spreadRow struct {
	name           string
	median, spread float64
	extra          string
}

func reportOf(t *testing.T, path string) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := report.Generate(report.Options{Files: []string{path}, OutDir: dir, Preset: Preset}); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, report.ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	return string(md)
}

// hasNot checks that md contains every string of has and none of not.
func hasNot(t *testing.T, md string, has, not []string) {
	t.Helper()
	for _, s := range has {
		if !strings.Contains(md, s) {
			t.Errorf("REPORT.md lacks %q", s)
		}
	}
	for _, s := range not {
		if strings.Contains(md, s) {
			t.Errorf("REPORT.md has %q", s)
		}
	}
}

// TestThrottleNote checks the explanation of a throttled strategy's wide
// interval as its own behaviour: it appears when the 429s are in the data,
// the strategy waits out their Retry-After and the interval is wider than
// ±5%, and not otherwise: adaptive takes its 429s as signals, not as
// waits, at the report scale (89 in 0.29 s) and the full one (148 in
// 2.84 s), and its wide interval gets another note.
func TestThrottleNote(t *testing.T) {
	const thrNote = "own behaviour, not noise: each 429"
	throttled := func(gor float64, n int) []spreadRow {
		return []spreadRow{
			{"IOThrottled/api=mock/strategy=sequential", 960e6, 0.01, "\t0 throttled/op"},
			{"IOThrottled/api=mock/strategy=goroutines", 2e9, gor, fmt.Sprintf("\t%d throttled/op", n)},
			{"IOThrottled/api=mock/strategy=ratelimit/workers=32", 578e6, 0.01, "\t0 throttled/op"},
		}
	}
	for _, c := range []struct {
		name     string
		rows     []spreadRow
		has, not []string
	}{
		{"throttled and wide", throttled(0.3, 80), []string{"The wide interval of goroutines (±", "80 429s per run) is the strategy's own behaviour, not noise: each 429"}, nil},
		{"never throttled", throttled(0.3, 0), nil, []string{thrNote}},
		{"throttled, steady", throttled(0.02, 80), nil, []string{thrNote}},
		{"adaptive, report scale", append(throttled(0.02, 80),
			spreadRow{"IOThrottled/api=mock/strategy=adaptive", 292e6, 0.3, "\t89 throttled/op"}), []string{"The wide interval of adaptive (±"}, []string{thrNote, "adaptive (±30%, 89 429s"}},
		{"adaptive, full scale", append(throttled(0.02, 80),
			spreadRow{"IOThrottled/api=mock/strategy=adaptive", 2.84e9, 0.3, "\t148 throttled/op"}), []string{"The wide interval of adaptive (±"}, []string{thrNote, "148 429s"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			hasNot(t, reportOf(t, suiteOutput(t, c.rows)), c.has, c.not)
		})
	}
}

// TestOwnSpreadNote checks the explanation of a strategy's wide interval
// as its own: it appears when two or more of its group stay within ±2% in
// the same rounds, with the cause for a strategy whose cost is known to
// vary, and not otherwise.
func TestOwnSpreadNote(t *testing.T) {
	const (
		note  = "The wide interval of %s"
		cause = "Its cost varies by itself"
	)
	group := func(wide string, spread, others float64) []spreadRow {
		rows := []spreadRow{
			{"CPU/workload=seed/strategy=sequential", 136e3, others, ""},
			{"CPU/workload=seed/strategy=goroutines", 127e3, others, ""},
			{"CPU/workload=seed/strategy=pool/workers=2", 92e3, others, ""},
			{"CPU/workload=seed/strategy=static/workers=2", 99e3, others, ""},
		}
		for i := range rows {
			if regexp.MustCompile("strategy=(" + wide + ")").MatchString(rows[i].name) {
				rows[i].spread = spread
			}
		}
		return rows
	}
	for _, c := range []struct {
		name     string
		rows     []spreadRow
		has, not []string
	}{
		{"goroutines wide, the rest steady", group("goroutines", 0.15, 0.01), []string{fmt.Sprintf(note, "goroutines (±"), cause, "sequential ±1%"}, nil},
		{"static wide, the rest steady", group("static", 0.15, 0.01), []string{fmt.Sprintf(note, "static workers=2 (±9.5%) is not the machine's unsteadiness over the whole group"), "Either its cost varies by itself, or the machine's slow spells hit it harder than the steady ones."}, []string{cause, "comes from the strategy"}},
		{"pool and static wide, the rest steady", group("pool|static", 0.15, 0.01), []string{"The wide intervals of pool workers=2 (±9.5%) and static workers=2 (±9.5%) are not the machine's unsteadiness over the whole group: 2 others of the group", "Either their costs vary by themselves, or the machine's slow spells hit them harder than the steady ones."}, []string{cause, "The wide interval of pool", "The wide interval of static"}},
		{"goroutines wide, the rest not steady", group("goroutines", 0.15, 0.06), nil, []string{"The wide interval"}},
		{"all steady", group("goroutines", 0.01, 0.01), nil, []string{"The wide interval"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			hasNot(t, reportOf(t, suiteOutput(t, c.rows)), c.has, c.not)
		})
	}
}

// TestScalingOrder checks that a scaling table lists its members by worker
// count, whatever order the rounds ran them in (make report runs the
// one-op worker counts after the others).
func TestScalingOrder(t *testing.T) {
	rows := []spreadRow{
		{"IO/api=mock/strategy=sequential", 960e6, 0.01, ""},
		{"IOScaling/api=mock/strategy=pool/workers=8", 126e6, 0.01, ""},
		{"IOScaling/api=mock/strategy=pool/workers=64", 23e6, 0.01, ""},
		{"IOScaling/api=mock/strategy=pool/workers=1", 962e6, 0.01, ""},
		{"IOScaling/api=mock/strategy=pool/workers=2", 481e6, 0.01, ""},
	}
	md := reportOf(t, suiteOutput(t, rows))
	at := func(s string) int {
		i := strings.Index(md, "| "+s+" |")
		if i < 0 {
			i = strings.Index(md, "| **"+s+"** |") // the peak
		}
		if i < 0 {
			t.Fatalf("REPORT.md has no row %q", s)
		}
		return i
	}
	order := []string{"pool workers=1", "pool workers=2", "pool workers=8", "pool workers=64"}
	for i := 1; i < len(order); i++ {
		if at(order[i-1]) > at(order[i]) {
			t.Errorf("%q comes after %q in the scaling table", order[i-1], order[i])
		}
	}
}

// TestPlacementNote checks that REPORT.md says the host moved the CPUs
// when the round trips recorded before the rounds differ by 2× or more,
// and not when they stay close or are not recorded.
func TestPlacementNote(t *testing.T) {
	const note = "The round trip between two CPUs, which concbench bench measures before each round, changed during"
	rows := []spreadRow{
		{"CPU/workload=seed/strategy=sequential", 136e3, 0.01, ""},
		{"CPU/workload=seed/strategy=pool/workers=2", 92e3, 0.01, ""},
	}
	for _, c := range []struct {
		name string
		rts  []int
		want bool
	}{
		{"moved", []int{85, 90, 412, 405}, true},
		{"stayed", []int{85, 90, 120, 88}, false},
		{"one round", []int{85}, false},
		{"none recorded", nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := suiteOutput(t, rows)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, rt := range c.rts {
				b.WriteString(contract.RoundTripLine(i+1, time.Duration(rt))) // as concbench bench writes it
			}
			b.Write(data)
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			md := reportOf(t, path)
			if got := strings.Contains(md, note); got != c.want {
				t.Errorf("note in REPORT.md: %v, want %v", got, c.want)
			}
			if c.want && !strings.Contains(md, "85 to 412 ns over 4 rounds") {
				t.Errorf("the note does not give the range 85 to 412 ns over 4 rounds")
			}
		})
	}
}

// TestSharedSpreadNote checks the explanation of wide intervals as the
// machine's: two or more strategies wide while the reference stayed
// within ±5% and ownSpread has no two steady members; or the reference
// wide too; and nothing when ownSpread explains, or all is steady.
func TestSharedSpreadNote(t *testing.T) {
	const (
		shared   = "a machine's slow spells hit jobs that run on several CPUs at once far more than sequential code"
		unsteady = "the machine was unsteady while this group ran"
	)
	group := func(seq, gor, pool, static float64) []spreadRow {
		return []spreadRow{
			{"CPU/workload=ll/strategy=sequential", 360e6, seq, ""},
			{"CPU/workload=ll/strategy=goroutines", 190e6, gor, ""},
			{"CPU/workload=ll/strategy=pool/workers=2", 185e6, pool, ""},
			{"CPU/workload=ll/strategy=static/workers=2", 330e6, static, ""},
		}
	}
	for _, c := range []struct {
		name     string
		rows     []spreadRow
		has, not []string
	}{
		// Twelve samples spread evenly over ±s: benchstat's interval is
		// their 3rd to 10th, ±0.64 s.
		{"two-worker jobs wide, sequential steady", group(0.047, 0.157, 0.126, 0.0157), []string{shared, "goroutines (±10%) and pool workers=2 (±8.0%) are wider than sequential's (±3.0%)", "Part of their spread may be the machine's, and so may a difference between them"}, []string{unsteady, "The wide interval of"}},
		{"one wide, ownSpread's", group(0.01, 0.157, 0.01, 0.01), []string{"The wide interval of goroutines"}, []string{shared, unsteady}},
		{"the whole group wide", group(0.11, 0.157, 0.126, 0.0157), []string{unsteady, "and so is sequential's (±7.0%)",
			// and the summary says it under the group's headline
			// (goroutines, whose cost varies by itself, in a note of its own)
			"    - the machine was unsteady while this group ran (sequential ±7.0%, pool workers=2 ±8.0%): a difference smaller than these widths may be the machine's; measure again on an idle machine",
			"The interval of goroutines (±10%) is wide. Its cost varies by itself"}, []string{shared}},
		// A checker's group, one alternative to its reference: both wide.
		{"a checker, both wide", []spreadRow{
			{"Checker/check=lucaslehmer/n=1279/reduce=mod", 1.7e6, 0.157, ""},
			{"Checker/check=lucaslehmer/n=1279/reduce=shift", 0.48e6, 0.126, ""},
		}, []string{"The interval of shift (±8.0%) is wide, and so is reduce=mod's (±10%)", "    - the machine was unsteady while this group ran (reduce=mod ±10%, shift ±8.0%)"}, []string{shared}},
		// The checkers run on one CPU: with their reference steady, the
		// several-CPUs note does not apply to them; with it wide, the
		// members are "alternatives", and equal widths are written once.
		{"checkers, steady reference", []spreadRow{
			{"Checker/n=31/check=trial", 9e6, 0.01, ""},
			{"Checker/n=31/check=trialkp", 3e6, 0.157, ""},
			{"Checker/n=31/check=lucaslehmer", 0.2e6, 0.157, ""},
		}, nil, []string{unsteady, shared, "wider than"}},
		{"checkers, all wide", []spreadRow{
			{"Checker/n=31/check=trial", 9e6, 0.157, ""},
			{"Checker/n=31/check=trialkp", 3e6, 0.157, ""},
			{"Checker/n=31/check=lucaslehmer", 0.2e6, 0.157, ""},
		}, []string{"(check=trial ±10%, its 2 alternatives ±10%): a difference smaller", "A difference between these alternatives smaller"}, []string{shared, "strategies ±"}},
		{"a checker, steady reference", []spreadRow{
			{"Checker/check=lucaslehmer/n=1279/reduce=mod", 1.7e6, 0.01, ""},
			{"Checker/check=lucaslehmer/n=1279/reduce=shift", 0.48e6, 0.126, ""},
		}, nil, []string{unsteady, shared}},
		{"all steady", group(0.01, 0.01, 0.01, 0.01), nil, []string{shared, unsteady}},
		// make report, 2026-12-05: sequential over ±5% and processes,
		// whose cost varies by itself, the only wide member. The reference
		// is the machine's evidence, and its width the bound; processes'
		// cause is in words, not in the machine's widths.
		{"processes wide, the reference too", []spreadRow{
			{"CPU/workload=ll/strategy=sequential", 360e6, 0.085, ""},
			{"CPU/workload=ll/strategy=goroutines", 190e6, 0.047, ""},
			{"CPU/workload=ll/strategy=pool/workers=2", 185e6, 0.047, ""},
			{"CPU/workload=ll/strategy=processes/workers=2", 215e6, 0.26, ""},
		}, []string{
			"    - the machine was unsteady while this group ran (sequential ±5.4%): a difference smaller than this width may be the machine's",
			"The interval of sequential, the reference, is wide (±5.4%), and its cost does not vary by itself: the machine was unsteady while this group ran. A difference between the strategies smaller than its interval",
			"The interval of processes workers=2 (±17%) is wide. Its cost varies by itself: it runs its work in child processes", "part of the width may be the machine's",
		}, []string{"processes workers=2 ±17%", shared, "The wide interval of"}},
		// The same with pool wide too: pool's spread has no cause of its
		// own, so it is in the machine's note; processes is not.
		{"processes and pool wide, the reference too", []spreadRow{
			{"CPU/workload=ll/strategy=sequential", 360e6, 0.085, ""},
			{"CPU/workload=ll/strategy=goroutines", 190e6, 0.047, ""},
			{"CPU/workload=ll/strategy=pool/workers=2", 185e6, 0.157, ""},
			{"CPU/workload=ll/strategy=processes/workers=2", 215e6, 0.26, ""},
		}, []string{unsteady, "(sequential ±5.4%, pool workers=2 ±10%)", "The interval of pool workers=2 (±10%) is wide, and so is sequential's", "The interval of processes workers=2 (±17%) is wide. Its cost"}, []string{shared, "processes workers=2 ±17%"}},
		// The IO task waits on timers: its note says what runs on the CPUs.
		{"IO", []spreadRow{
			{"IO/api=mock/strategy=sequential", 960e6, 0.047, ""},
			{"IO/api=mock/strategy=goroutines", 40e6, 0.157, ""},
			{"IO/api=mock/strategy=pool/workers=32", 42e6, 0.126, ""},
			{"IO/api=mock/strategy=errgroup", 41e6, 0.047, ""},
		}, []string{"jobs with many requests in flight (each response waits for a CPU to handle it, and one spell delays many) far more than requests made one at a time", "goroutines (±10%) and pool workers=32 (±8.0%) are wider than sequential's (±3.0%)"}, []string{shared, unsteady}},
	} {
		t.Run(c.name, func(t *testing.T) {
			hasNot(t, reportOf(t, suiteOutput(t, c.rows)), c.has, c.not)
		})
	}
}

// TestFewSamplesNoSpreadNote: with fewer than 6 samples (go test's default
// -count 1, or -count 3) benchstat gives no interval, and the table says
// "too few samples"; no note may read that as the machine's unsteadiness
// or a strategy's own spread ("±+Inf%"), however far apart the samples.
func TestFewSamplesNoSpreadNote(t *testing.T) {
	rows := []spreadRow{
		{"CPU/workload=ll/strategy=sequential", 360e6, 0.3, ""},
		{"CPU/workload=ll/strategy=goroutines", 190e6, 0.3, ""},
		{"CPU/workload=ll/strategy=pool/workers=2", 185e6, 0.3, ""},
		{"CPU/workload=ll/strategy=processes/workers=2", 215e6, 0.3, ""},
	}
	for _, n := range []int{1, 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			path := suiteOutput(t, rows)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			seen := make(map[string]int)
			var kept []string
			for _, line := range strings.SplitAfter(string(b), "\n") {
				if name, _, ok := strings.Cut(line, "\t"); ok && strings.HasPrefix(name, "Benchmark") {
					if seen[name]++; seen[name] > n {
						continue
					}
				}
				kept = append(kept, line)
			}
			if err := os.WriteFile(path, []byte(strings.Join(kept, "")), 0o644); err != nil {
				t.Fatal(err)
			}
			hasNot(t, reportOf(t, path), nil, []string{"Inf%", "unsteady", "is wide", "are wide", "wider than", "The wide interval"})
		})
	}
}

// TestSummaryNamesEachRun: with two runs of different benchmarks, the
// task's section and summary say that a benchmark the newest run lacks
// comes from the run that has it, and name that run beside it, not the
// newest one over it.
func TestSummaryNamesEachRun(t *testing.T) {
	dir := t.TempDir()
	hash, job := filepath.Join("..", "testdata", "fanout-hashjob.txt"), filepath.Join("..", "testdata", "jobs", "v1.txt")
	if _, err := report.Generate(report.Options{Files: []string{"hash=" + hash, "job=" + job}, OutDir: dir, Preset: Preset}); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, report.ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	hasNot(t, string(md), []string{
		"- **Your benchmarks by strategy** (run `job`)",
		"  - BenchmarkHashJob (run `hash`): ",
		"and each benchmark it lacks from the newest run that has it",
	}, []string{"  - BenchmarkJob (run"})
}

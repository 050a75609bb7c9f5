package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// suiteOutput writes a suite-shaped output: 12 samples of each benchmark
// of name → values around its median (times in ns), with the metric
// columns extra returns for the sample.
func suiteOutput(t *testing.T, rows []spreadRow) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\npkg: github.com/concbench/concbench/bench\nnumcpu: 2\ngomaxprocs: 2\n")
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
	if _, err := Generate(Options{Files: []string{path}, OutDir: dir}); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	return string(md)
}

// TestSpreadNotes checks the two explanations of a wide interval as a
// strategy's own behaviour: each appears when its evidence is in the data
// and not otherwise.
func TestSpreadNotes(t *testing.T) {
	const (
		gorNote = "The wide interval of goroutines"
		thrNote = "are the strategies' own behaviour, not noise: each 429"
	)
	seed := func(gor, pool float64) []spreadRow {
		return []spreadRow{
			{"CPU/workload=seed/strategy=sequential", 136e3, 0.02, ""},
			{"CPU/workload=seed/strategy=goroutines", 127e3, gor, ""},
			{"CPU/workload=seed/strategy=pool/workers=2", 92e3, pool, ""},
			{"CPU/workload=seed/strategy=pool/workers=2/order=desc", 90e3, 0.02, ""},
		}
	}
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
		{"goroutines wide, pools steady", seed(0.15, 0.02), []string{gorNote}, []string{thrNote}},
		{"goroutines and a pool wide", seed(0.15, 0.15), nil, []string{gorNote}},
		{"goroutines steady", seed(0.02, 0.02), nil, []string{gorNote}},
		{"throttled and wide", throttled(0.3, 80), []string{thrNote, "80 429s per run"}, []string{gorNote}},
		{"never throttled", throttled(0.3, 0), nil, []string{thrNote}},
		{"throttled, steady", throttled(0.02, 80), nil, []string{thrNote}},
	} {
		t.Run(c.name, func(t *testing.T) {
			md := reportOf(t, suiteOutput(t, c.rows))
			for _, s := range c.has {
				if !strings.Contains(md, s) {
					t.Errorf("REPORT.md lacks %q", s)
				}
			}
			for _, s := range c.not {
				if strings.Contains(md, s) {
					t.Errorf("REPORT.md has %q", s)
				}
			}
		})
	}
}

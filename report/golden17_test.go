package report_test

import (
	"path/filepath"
	"testing"

	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/model"
)

// cases17 are golden reports of outputs recorded for issue 17's rules
// (testdata/README.md): testdata/NAME.md is the report of the files.
var cases17 = []struct {
	name  string
	files []string
	opts  report.Options
}{
	// Alternatives without key=value (Pond-Eager, AntsPool) compared
	// within each load, and each row's median.
	{"namepatterns-pools", []string{"namepatterns/pools.txt"}, report.Options{}},
	// Alternatives as base names, the workload folded into one key's
	// value (Work=001r_Concurrency=1): compared within each workload,
	// never across.
	{"namepatterns-workers", []string{"namepatterns/workers.txt"}, report.Options{}},
	// The standard library's sync.Map against its other maps.
	{"stdlib-syncmap", []string{"stdlib/syncmap.txt"}, report.Options{}},
	// Three runs named like a series: short labels, too few runs for a
	// change point, the newest gated against the one before.
	{"namepatterns-series", []string{"namepatterns/series/bench_v1_sequential.txt", "namepatterns/series/bench_v1_worker_pool.txt", "namepatterns/series/bench_v6_worker_pool.txt"}, report.Options{}},
	// A typo in -col: a warning naming the keys that exist.
	{"stdlib-crc32-col-typo", []string{"stdlib/crc32.txt"}, report.Options{Spec: spec(func(s *model.Spec) { s.Col = "/polly"; s.Filter = ".unit:sec/op" })}},
	// One benchmark per table (b.ReportMetric units): each table says why
	// it has no chart.
	{"stdlib-custom-hints", []string{"stdlib/custom.txt"}, report.Options{Spec: spec(func(s *model.Spec) { s.Filter = "-.unit:sec/op" })}},
}

func TestGolden17(t *testing.T) {
	for _, c := range cases17 {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			opts := c.opts
			for _, f := range c.files {
				opts.Files = append(opts.Files, filepath.Join("..", "testdata", f))
			}
			opts.OutDir = t.TempDir()
			checkReport(t, opts, filepath.Join("testdata", c.name))
		})
	}
}

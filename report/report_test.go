package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/internal/golden"
	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/chart"
	"github.com/concbench/concbench/report/internal/pngcheck"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/suite"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// inputsOf returns the inputs of a golden case: testdata/NAME.txt, after
// testdata/NAME.old.txt when that exists (two runs: old, new).
func inputsOf(path string) []string {
	old := strings.TrimSuffix(path, ".txt") + ".old.txt"
	if _, err := os.Stat(old); err == nil {
		return []string{old, path}
	}
	return []string{path}
}

// sharedCases are golden reports of the real outputs in the top-level
// testdata/ that nobody here wrote: testdata/NAME.md is the report of
// the files, under the flags given.
var sharedCases = []struct {
	name  string
	files []string
	opts  report.Options
}{
	{"stdlib-multipkg", []string{"stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt"}, report.Options{}},
	{"stdlib-multipkg-ignore-pkg", []string{"stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt"}, report.Options{Spec: spec(func(s *model.Spec) { s.Ignore = "pkg"; s.Filter = ".unit:sec/op" })}},
	{"stdlib-cpu", []string{"stdlib/cpu.txt"}, report.Options{}},
	{"stdlib-cpu-col", []string{"stdlib/cpu.txt"}, report.Options{Spec: spec(func(s *model.Spec) { s.Col = "/gomaxprocs" })}},
	{"stdlib-crc32", []string{"stdlib/crc32.txt"}, report.Options{}},
	{"stdlib-custom", []string{"stdlib/custom.txt"}, report.Options{}},
	{"stdlib-note", []string{"stdlib/note.txt"}, report.Options{}},
	{"stdlib-json", []string{"stdlib/json.old.json", "stdlib/json.new.json"}, report.Options{}},
	{"perf-crc", []string{"perf/crc-old.txt", "perf/crc-new.txt"}, report.Options{X: "/size"}},
	// fanout.Benchmark's output for a user's job: speedup and scaling
	// charts with the declared floor's limit, and no setup.
	{"fanout-sleepjob", []string{"suite/fanout-sleepjob.txt"}, report.Options{}},
	{"stdlib-multipkg-ref-new", []string{"stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt"}, report.Options{Ref: "../testdata/stdlib/multipkg.new.txt", Spec: spec(func(s *model.Spec) { s.Filter = "pkg:encoding/hex" })}},
	{"stdlib-crc32-col-size", []string{"stdlib/crc32.txt"}, report.Options{Spec: spec(func(s *model.Spec) { s.Col = "/align"; s.Filter = ".unit:sec/op" })}},
	// Alternatives without key=value (Pond-Eager, AntsPool) compared
	// within each load, and each row's median.
	{"namepatterns-pools", []string{"namepatterns/pools.txt"}, report.Options{}},
	// Alternatives as base names, the workload folded into one key's
	// value (Work=001r_Concurrency=1): compared within each workload,
	// never across.
	{"namepatterns-workers", []string{"namepatterns/workers.txt"}, report.Options{}},
	// The standard library's sync.Map against its other maps.
	{"stdlib-syncmap", []string{"stdlib/syncmap.txt"}, report.Options{}},
	// RSA key generation at a -benchtime near its op's time: the samples
	// of one op, each slower than the rest's median, get a warning.
	{"stdlib-rsakey", []string{"stdlib/rsakey.txt"}, report.Options{}},
	// Three runs named like a series: short labels, too few runs for a
	// change point, the newest gated against the one before.
	{"namepatterns-series", []string{"namepatterns/series/bench_v1_sequential.txt", "namepatterns/series/bench_v1_worker_pool.txt", "namepatterns/series/bench_v6_worker_pool.txt"}, report.Options{}},
	// A typo in -col: a warning naming the keys that exist.
	{"stdlib-crc32-col-typo", []string{"stdlib/crc32.txt"}, report.Options{Spec: spec(func(s *model.Spec) { s.Col = "/polly"; s.Filter = ".unit:sec/op" })}},
	// One benchmark per table (b.ReportMetric units): each table says why
	// it has no chart.
	{"stdlib-custom-hints", []string{"stdlib/custom.txt"}, report.Options{Spec: spec(func(s *model.Spec) { s.Filter = "-.unit:sec/op" })}},
}

func spec(f func(*model.Spec)) model.Spec {
	s := model.DefaultSpec
	f(&s)
	return s
}

// TestGoldenShared generates the report of each of sharedCases and
// compares REPORT.md with testdata/NAME.md; -update rewrites them.
func TestGoldenShared(t *testing.T) {
	for _, c := range sharedCases {
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

// TestGolden generates the report of every testdata/NAME.txt and compares
// REPORT.md with testdata/NAME.md, or, when generating fails, the error
// with testdata/NAME.err. -update rewrites them. The charts are checked
// to decode with the sizes their types state, and to show a title and
// axes.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".old.txt") {
			continue
		}
		n++
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkReport(t, report.Options{Files: inputsOf(f), OutDir: t.TempDir()}, strings.TrimSuffix(f, ".txt"))
		})
	}
	if n == 0 {
		t.Fatal("no golden cases in testdata")
	}
}

// TestGoldenSeveralRuns: four runs of a user's fanout.Benchmark job
// (testdata/jobs: the job changed between them, so the speedups differ)
// get the suite's section of the newest run, as the newest alone would,
// and say so; testdata/fanout-4runs.md is the golden REPORT.md.
func TestGoldenSeveralRuns(t *testing.T) {
	var files []string
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		files = append(files, v+"="+filepath.Join("testdata", "jobs", v+".txt"))
	}
	dir := t.TempDir()
	checkReport(t, report.Options{Files: files, OutDir: dir}, filepath.Join("testdata", "fanout-4runs"))
	const heading = "## Your benchmarks by strategy"
	section := func(files ...string) string {
		t.Helper()
		return sectionOf(t, report.Options{Files: files, Preset: suite.Preset}, heading)
	}
	md, err := os.ReadFile(filepath.Join(dir, report.ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	all, newest := cutSection(t, string(md), heading), section(files[3])
	const from = "From run `v4`, the newest of 4 (in the order given).\n\n"
	if !strings.Contains(all, from) {
		t.Errorf("the section of four runs does not say %q", from)
	}
	if strings.Replace(all, from, "", 1) != newest {
		t.Errorf("the section of four runs:\n%s\nwant the newest run's:\n%s", all, newest)
	}
	if oldest := section(files[0]); oldest == newest {
		t.Fatal("the first and the newest run give the same section: the test shows nothing")
	}
}

// TestGoldenUserStrategy: a user's benchmarks named strategy=…
// (testdata/user-strategy.txt, without the suite's configuration lines)
// get the engine's report and charts, with and without -col /strategy:
// the preset applies only to the output its lines identify.
func TestGoldenUserStrategy(t *testing.T) {
	for _, c := range []struct {
		golden string
		spec   model.Spec
	}{{"user-strategy", model.Spec{}}, {"user-strategy-col", spec(func(s *model.Spec) { s.Col = "/strategy" })}} {
		t.Run(c.golden, func(t *testing.T) {
			opts := report.Options{Files: []string{filepath.Join("testdata", "user-strategy.txt")}, OutDir: t.TempDir(), Spec: c.spec}
			checkReport(t, opts, filepath.Join("testdata", c.golden))
			md, err := os.ReadFile(filepath.Join(opts.OutDir, report.ReportFile))
			if err != nil {
				t.Fatal(err)
			}
			pngs, _ := filepath.Glob(filepath.Join(opts.OutDir, "*.png"))
			if strings.Contains(string(md), "Your benchmarks by strategy") || len(pngs) == 0 {
				t.Errorf("-col %s: %d charts, and the suite's section:\n%s", c.spec.Col, len(pngs), md)
			}
		})
	}
}

// sectionOf generates the report of opts into a new directory and returns
// its section under heading (see cutSection).
func sectionOf(t *testing.T, opts report.Options, heading string) string {
	t.Helper()
	opts.OutDir = t.TempDir()
	res, err := report.Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	return cutSection(t, string(md), heading)
}

// cutSection returns the section of REPORT.md under heading ("##
// Changes"), up to the next heading of that level.
func cutSection(t *testing.T, md, heading string) string {
	t.Helper()
	_, s, ok := strings.Cut(md, heading+"\n")
	if !ok {
		t.Fatalf("REPORT.md has no %q:\n%s", heading, md)
	}
	level := heading[:strings.Index(heading, " ")+1]
	s, _, _ = strings.Cut(s, "\n"+level)
	return s
}

// checkReport generates the report of opts with the suite preset, as
// concbench report does, and compares REPORT.md with golden.md, or its
// error with golden.err. The charts must be those that REPORT.md shows,
// decode with the sizes their types state, and show a title and axes; the
// warnings written must be those returned.
func checkReport(t *testing.T, opts report.Options, golden string) {
	t.Helper()
	var warn bytes.Buffer
	opts.Warnings = &warn
	opts.Preset = suite.Preset
	res, err := report.Generate(opts)
	if err != nil {
		goldenFile(t, golden+".err", []byte(err.Error()+"\n"))
		return
	}
	got, err := os.ReadFile(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	goldenFile(t, golden+".md", got)
	var written []string
	for _, c := range res.Charts {
		written = append(written, filepath.Base(c))
	}
	var linked []string
	for _, m := range imageLink.FindAllSubmatch(got, -1) {
		linked = append(linked, string(m[1]))
	}
	slices.Sort(written)
	slices.Sort(linked)
	if pngs, _ := filepath.Glob(filepath.Join(opts.OutDir, "*.png")); len(pngs) != len(written) || !slices.Equal(linked, written) {
		t.Errorf("REPORT.md shows %v; report.Generate wrote %v, %d PNG files", linked, written, len(pngs))
	}
	for _, c := range res.Charts {
		data, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(c), func(t *testing.T) { pngcheck.Check(t, data, chart.Width, 0) })
	}
	if len(res.Warnings) > 0 && !strings.Contains(string(got), "## Warnings") {
		t.Errorf("%d warnings but REPORT.md lists none", len(res.Warnings))
	}
	if w := strings.Join(res.Warnings, "\n"); strings.TrimSpace(warn.String()) != w {
		t.Errorf("warnings written:\n%s\nreturned:\n%s", warn.String(), w)
	}
}

// imageLink matches an image of REPORT.md and captures its file.
var imageLink = regexp.MustCompile(`!\[[^\]]*\]\(([^)]+)\)`)

// goldenFile compares got with the file at path, or rewrites it with -update.
// A mismatch leaves got in path.got for diffing.
func goldenFile(t *testing.T, path string, got []byte) {
	t.Helper()
	golden.Check(t, path, got, *update)
}

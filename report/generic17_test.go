package report

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/concbench/concbench/internal/recorded"
	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/chart"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
	"github.com/concbench/concbench/report/trend"
)

// generate17 generates the report of files (in the top-level testdata) and
// returns REPORT.md.
func generate17(t *testing.T, opts Options, files ...string) (string, *Result) {
	t.Helper()
	opts.Files = prefixed(files)
	opts.OutDir = t.TempDir()
	res, err := Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	return string(md), res
}

// Rule: columns and runs are told apart by the part of their file names
// that differs, in charts and the trend; label=path wins; the tables keep
// benchstat's labels.
func TestShortLabelsInCharts(t *testing.T) {
	series := []string{"namepatterns/series/bench_v1_sequential.txt", "namepatterns/series/bench_v1_worker_pool.txt", "namepatterns/series/bench_v6_worker_pool.txt"}
	md, _ := generate17(t, Options{}, series...)
	for _, want := range []string{
		"![sec/op: against " + text.Escape("v1_sequential") + "](table-01-sec-op.png)",
		text.Escape("../testdata/namepatterns/series/bench_v1_worker_pool.txt") + " sec/op", // the table: benchstat's label
	} {
		if !strings.Contains(md, want) {
			t.Errorf("REPORT.md lacks %q", want)
		}
	}
	in, err := Load(Options{Files: prefixed(series), Spec: trend.DefaultSpec})
	if err != nil {
		t.Fatal(err)
	}
	res, err := trend.FromModel(in.Tables, in.Info.Inputs, trend.FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var runs []string
	for _, r := range res.Chart().Benchmarks[0].Runs {
		runs = append(runs, r.Label)
	}
	if want := []string{"v1_sequential", "v1_worker_pool", "v6_worker_pool"}; !slices.Equal(runs, want) {
		t.Errorf("trend runs %q, want %q", runs, want)
	}
	md, _ = generate17(t, Options{}, "stdlib/cpu.txt")
	if !strings.Contains(md, "by GOMAXPROCS") {
		t.Errorf("one file: no line chart over GOMAXPROCS")
	}
	// label=path: the label as given.
	md, _ = generate17(t, Options{}, "base=namepatterns/series/bench_v1_sequential.txt", "namepatterns/series/bench_v6_worker_pool.txt")
	if !strings.Contains(md, "against base](") {
		t.Errorf("label=path: the chart does not name the column base:\n%s", md)
	}
}

// prefixed returns the paths of files in the top-level testdata, label=
// kept.
func prefixed(files []string) []string {
	var out []string
	for _, f := range files {
		label, path, ok := strings.Cut(f, "=")
		if !ok {
			out = append(out, filepath.Join("..", "testdata", f))
			continue
		}
		out = append(out, label+"="+filepath.Join("..", "testdata", path))
	}
	return out
}

// Rule: names without key=value get charts, not "no chart applies": the
// alternatives compared within each workload, and each row's value.
func TestNamesWithoutKeysGetCharts(t *testing.T) {
	for _, c := range []struct {
		file, ref string
		alts      []string // compared against ref, each in the chart
	}{
		{"namepatterns/pools.txt", "Pond-Eager", []string{"Pond-Lazy", "Goroutines", "AntsPool"}},
		{"namepatterns/workers.txt", "Pond", []string{"GoPool", "Tunny"}},
		{"stdlib/syncmap.txt", "*sync_test.RWMutexMap", []string{"*sync.Map"}},
	} {
		md, res := generate17(t, Options{}, c.file)
		if len(res.Charts) == 0 || strings.Contains(md, "No chart") {
			t.Errorf("%s: %d charts; REPORT.md:\n%s", c.file, len(res.Charts), md)
		}
		if !strings.Contains(md, "against "+text.Escape(c.ref)+"](") || !strings.Contains(md, "by workload](") {
			t.Errorf("%s: no comparison against %s, or no chart of the values", c.file, c.ref)
		}
	}
}

// Rule: a categorical comparison compares alternatives within one
// workload only: lkumarjain's pattern, where the first key's values
// (Work=001r_Concurrency=1, SHA256=1kB_Concurrency=2) are workloads.
func TestPivotWithinWorkload(t *testing.T) {
	in, err := Load(Options{Files: prefixed([]string{"namepatterns/workers.txt"})})
	if err != nil {
		t.Fatal(err)
	}
	g := newGeneric(in, Options{}, nil)
	c, key := g.pivot(in.Tables.Tables[0])
	if c == nil || key != "benchmark" || c.Ref != "Pond" {
		t.Fatalf("pivot %v by %q, want the benchmarks against Pond", c, key)
	}
	var rows []string
	for _, r := range c.Rows {
		rows = append(rows, r.Label)
		if len(r.Points) != 2 {
			t.Errorf("workload %s: %d alternatives against Pond, want GoPool and Tunny", r.Label, len(r.Points))
		}
	}
	// The values chart beside it names each alternative with the glyph
	// of its index: so does the pivot, whose reference leaves its glyph
	// unused.
	v := g.values(in.Tables.Tables[0])
	if v == nil || !c.ShapeByIndex || !slices.Equal(v.Cols, c.Cols) || v.ColNoun != key {
		t.Errorf("values chart %v beside pivot: same columns %v, glyphs by index %v, noun %q", v, c.Cols, c.ShapeByIndex, v.ColNoun)
	}
	// Every workload, the SHA256 one too, and nothing else.
	want := []string{"Work=001r_Concurrency=1-2", "Work=001r_Concurrency=2-2", "Work=001r_Concurrency=4-2",
		"Work=010r_Concurrency=1-2", "Work=010r_Concurrency=2-2", "Work=010r_Concurrency=4-2", "SHA256=1kB_Concurrency=2-2"}
	if !slices.Equal(rows, want) {
		t.Errorf("rows %q, want %q", rows, want)
	}
}

// Rule: a ratio chart's whisker leaves out 1× exactly when its point is
// filled (significant), on every chart of these reports.
func TestWhiskersAgreeWithSignificance(t *testing.T) {
	for _, files := range [][]string{
		{"namepatterns/workers.txt"}, {"stdlib/syncmap.txt"}, {"stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt"},
	} {
		in, err := Load(Options{Files: prefixed(files)})
		if err != nil {
			t.Fatal(err)
		}
		g := newGeneric(in, Options{}, nil)
		checked := 0
		for _, tb := range in.Tables.Tables {
			cs := []*chartRatios{}
			if r := g.ratios(tb); r != nil {
				cs = append(cs, &chartRatios{r, r.Drawn()})
			}
			if p, _ := g.pivot(tb); p != nil {
				cs = append(cs, &chartRatios{p, p.Drawn()})
			}
			for _, c := range cs {
				for _, i := range c.drawn {
					for _, p := range c.r.Rows[i].Points {
						if p.Lo == 1 || p.Hi == 1 || p.Lo == p.Hi {
							continue // on the boundary, or a count that never varies
						}
						checked++
						if inside := p.Lo < 1 && 1 < p.Hi; inside == p.Significant {
							t.Errorf("%v %s: %v (%v–%v) significant %v", files, c.r.Rows[i].Label, p.Ratio, p.Lo, p.Hi, p.Significant)
						}
					}
				}
			}
		}
		if checked == 0 {
			t.Errorf("%v: no point checked", files)
		}
	}
}

type chartRatios struct {
	r     *chart.Ratios
	drawn []int
}

// Rule: a line chart puts on its axis only the rows that have its key,
// and draws no panel whose lines have one point each: of lkumarjain's
// rename (no name matches between the runs; only the newer names have
// Concurrency=), the older rows would otherwise sit at 0 on the axis, a
// panel each.
func TestLinesOnlyRowsWithTheKey(t *testing.T) {
	in, err := Load(Options{Files: prefixed([]string{"namepatterns/workers.txt", "namepatterns/workers-renamed.txt"})})
	if err != nil {
		t.Fatal(err)
	}
	g := newGeneric(in, Options{}, nil)
	l := g.lines(in.Tables.Tables[0])
	if l == nil || l.key != "Concurrency" {
		t.Fatalf("lines = %+v, want a chart over Concurrency", l)
	}
	for _, p := range l.chart.Panels {
		for _, s := range p.Series {
			if len(s.Points) < 2 {
				t.Errorf("panel %q, line %q: %d point(s)", p.Title, s.Name, len(s.Points))
			}
			for _, pt := range s.Points {
				if pt.X < 1 {
					t.Errorf("panel %q, line %q: a point at Concurrency=%v", p.Title, s.Name, pt.X)
				}
			}
		}
	}
}

// Rule: a -ref or -x that matches nothing is a warning naming what there
// is, not a silent change of the charts; one that matches is not.
func TestChartFlagWarnings(t *testing.T) {
	two := []string{"stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt"}
	crc := []string{"stdlib/crc32.txt"} // BenchmarkCRC32/poly=…/size=…/align=…
	for _, c := range []struct {
		name  string
		opts  Options
		files []string
		want  []string
	}{
		{"ref typo", Options{Ref: "nosuch"}, two, []string{`-ref "nosuch": no column is labeled so`, "(columns: ../testdata/stdlib/multipkg.old.txt (or old), "}},
		{"ref", Options{Ref: "new"}, two, nil},
		{"ref an alternative", Options{Ref: "AntsPool"}, []string{"namepatterns/pools.txt"}, nil},
		{"x typo", Options{X: "/szie"}, crc, []string{"-x /szie: no table's rows vary in a numeric name key of that name", "such keys here: /size"}},
		{"x", Options{X: "/size"}, crc, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, res := generate17(t, c.opts, c.files...)
			got := strings.Join(res.Warnings, "\n")
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("warnings lack %q:\n%s", w, got)
				}
			}
			if c.want == nil && (strings.Contains(got, "-ref ") || strings.Contains(got, "-x ")) {
				t.Errorf("a warning for a flag that matched:\n%s", got)
			}
		})
	}
}

// Rule: the Changes section's advice on keys that stamp each run gives the
// whole -ignore to pass to report, whose -ignore replaces the default
// (the runner's keys); following it, the benchmarks are followed.
func TestRunKeysAdviceInReport(t *testing.T) {
	var heads []string
	for i := range 4 {
		heads = append(heads, fmt.Sprintf("commit: c0ffee%d\nrunstamp: 2022010%dT2132\n", i, i+1))
	}
	files := recorded.Stamped(t, "stdlib/crc32.txt", heads)
	gen := func(spec model.Spec) string {
		res, err := Generate(Options{Files: files, OutDir: t.TempDir(), Spec: spec})
		if err != nil {
			t.Fatal(err)
		}
		md, err := os.ReadFile(res.Report)
		if err != nil {
			t.Fatal(err)
		}
		return string(md)
	}
	ignore := DefaultSpec.Ignore + ",runstamp"
	if md := gen(model.Spec{}); !strings.Contains(md, "give `-ignore "+ignore+"`") {
		t.Errorf("REPORT.md lacks the advice -ignore %s:\n%s", ignore, md)
	}
	spec := DefaultSpec
	spec.Ignore = ignore
	md := gen(spec)
	if strings.Contains(md, "give `-ignore") || strings.Contains(md, "can be seen") {
		t.Errorf("REPORT.md with -ignore %s still advises or cannot see:\n%s", ignore, md)
	}
}

// TestFileStems: chart file names keep what tells tables apart: the
// package's own part of its path, the unit, then any other value that
// differs; a value every table shares is left out.
func TestFileStems(t *testing.T) {
	table := func(unit string, kv ...string) *model.Table {
		tb := &model.Table{Unit: unit}
		for i := 0; i < len(kv); i += 2 {
			tb.Own = append(tb.Own, parse.Config{Key: kv[i], Value: kv[i+1]})
		}
		return tb
	}
	got := fileStems([]*model.Table{
		table("sec/op", "go", "downloading example.com/m v1.2.3", "pkg", "github.com/gofiber/fiber/v3/middleware/cache"),
		table("B/s", "go", "downloading example.com/m v1.2.3", "pkg", "github.com/gofiber/fiber/v3/middleware/cache"),
		table("sec/op", "go", "downloading example.com/m v1.2.3", "pkg", "github.com/gofiber/fiber/v3/middleware/csrf", "note", "hw off"),
	})
	want := []string{"cache-sec-op", "cache-b-s", "csrf-sec-op-hw-off"}
	if !slices.Equal(got, want) {
		t.Errorf("stems %q, want %q", got, want)
	}
	if got := fileStems([]*model.Table{table("sec/op", "pkg", "encoding/hex")}); !slices.Equal(got, []string{"encoding-hex-sec-op"}) {
		t.Errorf("one table: %q", got)
	}
}

// Rule: a column that shares no benchmark name with the first (a rename
// between runs) is a warning that names an example of each; columns that
// share names get none.
func TestDisjointColumns(t *testing.T) {
	in, err := Load(Options{Files: prefixed([]string{"namepatterns/workers.txt", "namepatterns/workers-renamed.txt"})})
	if err != nil {
		t.Fatal(err)
	}
	w := newGeneric(in, Options{}, nil).disjointWarnings()
	if len(w) != 1 || !strings.HasPrefix(w[0], "no benchmark of ") || !strings.Contains(w[0], "so nothing of it is compared: the names differ (such as `") {
		t.Errorf("warnings %q, want one naming the rename", w)
	}
	in, err = Load(Options{Files: prefixed([]string{"stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt"})})
	if err != nil {
		t.Fatal(err)
	}
	if w := newGeneric(in, Options{}, nil).disjointWarnings(); len(w) != 0 {
		t.Errorf("two runs of the same benchmarks: warnings %q", w)
	}
	// Columns by the name itself, or by package, share no name by design.
	for _, col := range []string{".fullname", "pkg"} {
		s := DefaultSpec
		s.Col, s.Table = col, ""
		in, err = Load(Options{Files: prefixed([]string{"stdlib/multipkg.old.txt"}), Spec: s})
		if err != nil {
			t.Fatal(err)
		}
		if w := newGeneric(in, Options{Spec: s}, nil).disjointWarnings(); len(w) != 0 {
			t.Errorf("-col %s: warnings %q", s.Col, w)
		}
	}
}

// Rule: a table whose benchmarks all have one median (0 B/op of code
// that allocates nothing, as in gofiber's output) gets no chart of that
// value drawn again and again, but a line saying so.
func TestSameMediansNoChart(t *testing.T) {
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\npkg: example.com/p\n")
	for range 6 {
		b.WriteString("BenchmarkA-4 \t 1000\t 1200 ns/op\t 0 B/op\t 0 allocs/op\n")
		b.WriteString("BenchmarkB-4 \t 1000\t 2400 ns/op\t 0 B/op\t 0 allocs/op\n")
	}
	in := filepath.Join(t.TempDir(), "zero.txt")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Generate(Options{Files: []string{in}, OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	for _, unit := range []string{"B/op", "allocs/op"} {
		if !strings.Contains(string(md), "No chart: every benchmark's median is 0.000 "+unit+", nothing to tell apart.") {
			t.Errorf("no line for the %s table of zeros:\n%s", unit, md)
		}
	}
	if len(res.Charts) != 1 { // sec/op's values, which differ
		t.Errorf("%d charts, want 1, of sec/op: %v", len(res.Charts), res.Charts)
	}
}

// Rule: a line chart's subtitle claims bands only where the chart draws
// one (chart.Lines.Banded): one sample a benchmark gives none.
func TestLineSubtitleBands(t *testing.T) {
	for _, count := range []int{1, 6} {
		var b strings.Builder
		b.WriteString("goos: linux\ngoarch: amd64\npkg: example.com/p\n")
		for i := range count {
			for _, size := range []int{1, 8, 64} {
				fmt.Fprintf(&b, "BenchmarkX/size=%d-4 \t 1000\t %d ns/op\n", size, 100*size+i)
			}
		}
		in := filepath.Join(t.TempDir(), "sizes.txt")
		if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		loaded, err := Load(Options{Files: []string{in}})
		if err != nil {
			t.Fatal(err)
		}
		l := newGeneric(loaded, Options{}, nil).lines(loaded.Tables.Tables[0])
		if l == nil {
			t.Fatalf("count %d: no line chart", count)
		}
		want := "median with its interval as a band"
		if count < 6 {
			want = "median; no interval: too few samples"
		}
		if !strings.HasPrefix(l.chart.Subtitle, want) {
			t.Errorf("count %d: subtitle %q, want it to start %q", count, l.chart.Subtitle, want)
		}
	}
}

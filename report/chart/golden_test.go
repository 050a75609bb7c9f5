package chart

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/cmpimg"

	"github.com/concbench/concbench/report/internal/pngcheck"
)

var update = flag.Bool("update", false, "rewrite the golden images testdata/*.golden.png")

// goldenDelta is the tolerance of cmpimg.EqualApprox: rendering is
// deterministic (gonum embeds its fonts), so only a compressor or
// rasterizer change should ever need it.
const goldenDelta = 0.02

// A pngChart is any chart of this package.
type pngChart interface {
	Size() (w, h int)
	WritePNG(io.Writer) error
}

// TestGolden draws each sample chart and compares it with
// testdata/NAME.golden.png (cmpimg.EqualApprox); on a mismatch it writes
// testdata/NAME.got.png (git-ignored). Run with -update to rewrite the
// goldens, and look at them.
func TestGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := tc.chart.WritePNG(&buf); err != nil {
				t.Fatal(err)
			}
			w, h := tc.chart.Size()
			pngcheck.Check(t, buf.Bytes(), w, h) // the stated size, a title, an axis
			compareGolden(t, tc.name, buf.Bytes())
		})
	}
}

// BenchmarkCharts draws every golden chart once per iteration; the
// report draws every table's chart, so this must stay cheap.
func BenchmarkCharts(b *testing.B) {
	cases := goldenCases()
	b.ReportAllocs()
	for b.Loop() {
		for _, tc := range cases {
			if err := tc.chart.WritePNG(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(cases))/1000, "ms/chart")
}

type goldenCase struct {
	name  string
	chart pngChart
}

func goldenCases() []goldenCase {
	return []goldenCase{
		{"ratios-small", sampleSmall()},
		{"ratios-200", sampleMany()},
		{"ratios-rate", sampleRate()},
		{"ratios-huge", sampleHuge()},
		{"lines-cpu", sampleCPU()},
		{"lines-size", sampleSize()},
		{"compare-30", sampleCompare30()},
		{"trend-8", sampleTrend()},
		{"values-workloads", sampleValues()},
		{"ratios-elided", sampleElided()},
		{"compare-wide", sampleCompareWide()},
	}
}

// compareGolden compares a chart with testdata/NAME.golden.png, or
// rewrites the golden with -update. A mismatch writes NAME.got.png.
func compareGolden(t *testing.T, name string, data []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name+".golden.png")
	got := filepath.Join("testdata", name+".got.png")
	if *update {
		if err := os.WriteFile(golden, data, 0o644); err != nil {
			t.Fatal(err)
		}
		os.Remove(got)
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	ok, err := cmpimg.EqualApprox("png", data, want, goldenDelta)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		os.WriteFile(got, data, 0o644)
		t.Errorf("%s differs from %s; see %s (go test -update rewrites the golden)", name, golden, got)
		return
	}
	os.Remove(got)
}

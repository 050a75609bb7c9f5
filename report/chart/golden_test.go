package chart

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/cmpimg"
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
	cases := []struct {
		name  string
		chart pngChart
	}{
		{"ratios-small", sampleSmall()},
		{"ratios-200", sampleMany()},
		{"ratios-rate", sampleRate()},
		{"ratios-huge", sampleHuge()},
		{"lines-cpu", sampleCPU()},
		{"lines-size", sampleSize()},
		{"compare-30", sampleCompare30()},
		{"trend-8", sampleTrend()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := tc.chart.WritePNG(&buf); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.name+".golden.png")
			got := filepath.Join("testdata", tc.name+".got.png")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				os.Remove(got)
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			ok, err := cmpimg.EqualApprox("png", buf.Bytes(), want, goldenDelta)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				os.WriteFile(got, buf.Bytes(), 0o644)
				t.Errorf("%s differs from %s; see %s (go test -update rewrites the golden)", tc.name, golden, got)
				return
			}
			os.Remove(got)
		})
	}
}

package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/concbench/concbench/report/internal/pngcheck"
)

// tp is a point of a Tradeoff sample: time and p99 in seconds with ±spread,
// and peak goroutines.
func tp(label string, sec, p99, spread, g float64) TradeoffPoint {
	return TradeoffPoint{
		Label: label,
		Text:  fmt.Sprintf("%s, p99 %s, %s goroutines", secondsLabel(sec), secondsLabel(p99), compactNumber(g)),
		X:     NewInterval(sec, sec*(1-spread), sec*(1+spread)),
		Y:     NewInterval(p99, p99*(1-2*spread), p99*(1+2*spread)),
		Size:  g,
	}
}

// sampleTradeoff is shaped like the suite's latency chart: a job of
// 10,000 pieces, where a pool of 8 is 10% slower than goroutines but its
// p99 is 5× lower and it holds 8 goroutines, not 10,003; and a tail
// group, with and without hedging.
func sampleTradeoff() *Tradeoff {
	return &Tradeoff{
		Title:    "Your benchmarks by strategy: p99 piece latency against time per run",
		Subtitle: "linux/amd64, 2 CPUs; run bench.txt",
		XLabel:   "time per run (sec/op)", YLabel: "p99 piece latency",
		XUnit: "s", YUnit: "s", XBetter: LowerBetter, YBetter: LowerBetter,
		SizeLabel: "peak goroutines",
		Diagonal:  "p99 = time per run: the slowest pieces wait for the whole run",
		Panels: []TradeoffPanel{
			{Title: "BenchmarkJob", Points: []TradeoffPoint{
				tp("sequential", 0.512, 0.507, 0.01, 0),
				tp("goroutines", 0.0201, 0.0190, 0.03, 10003),
				tp("pool workers=2", 0.259, 0.0051, 0.02, 2),
				tp("pool workers=8", 0.0221, 0.0038, 0.03, 8),
				tp("pool workers=64", 0.0205, 0.0112, 0.03, 64),
				tp("errgroup workers=8", 0.0226, 0.0039, 0.04, 8),
				tp("singlethread", 0.0232, 0.0201, 0.02, 10001),
				tp("adaptive", 0.0215, 0.0080, 0.05, 40),
			}},
			{Title: "BenchmarkIOTail api=mock/tail=1%x10", Points: []TradeoffPoint{
				tp("sequential", 3.13, 3.07, 0.01, 1),
				tp("goroutines", 0.212, 0.201, 0.04, 152),
				tp("hedged", 0.061, 0.041, 0.05, 160),
			}},
		},
	}
}

// sampleTradeoffCrowded has many points at nearly the same place, some
// that cannot be drawn, and one without intervals.
func sampleTradeoffCrowded() *Tradeoff {
	t := &Tradeoff{
		Title:  "Crowded",
		XLabel: "time", YLabel: "p99", XUnit: "s", YUnit: "s",
		XBetter: LowerBetter, YBetter: LowerBetter, SizeLabel: "peak goroutines",
	}
	var pts []TradeoffPoint
	for i := range 17 {
		pts = append(pts, tp(fmt.Sprintf("strategy%d workers=%d", i, 1<<(i%7)), 0.01*(1+0.001*float64(i)), 0.009, 0.02, float64(int(1)<<(i%7))))
	}
	pts = append(pts,
		TradeoffPoint{Label: "no value", X: NewInterval(math.NaN(), 0, 0), Y: NewInterval(0.01, 0.009, 0.011)},
		TradeoffPoint{Label: "no interval", X: NewInterval(0.02, math.Inf(-1), math.Inf(1)), Y: NewInterval(0.015, math.NaN(), math.NaN()), Size: math.NaN()},
	)
	t.Panels = []TradeoffPanel{{Title: "crowded", Points: pts}}
	return t
}

// TestTradeoffGolden draws the sample and compares it with
// testdata/tradeoff.golden.png.
func TestTradeoffGolden(t *testing.T) {
	for name, c := range map[string]*Tradeoff{"tradeoff": sampleTradeoff(), "tradeoff-crowded": sampleTradeoffCrowded()} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.WritePNG(&buf); err != nil {
				t.Fatal(err)
			}
			w, h := c.Size()
			pngcheck.Check(t, buf.Bytes(), w, h)
			compareGolden(t, name, buf.Bytes())
		})
	}
}

func TestLookTradeoff(t *testing.T) {
	if *chartDir == "" {
		t.Skip("-chartdir not set")
	}
	writeLooks(t, map[string]pngChart{"tradeoff": sampleTradeoff(), "tradeoff-crowded": sampleTradeoffCrowded()})
}

// drawTradeoff renders t as the PNG writer does and returns the decoded
// image and the layout.
func drawTradeoff(t *testing.T, c *Tradeoff) (image.Image, *tradeoffLayout) {
	t.Helper()
	var lay *tradeoffLayout
	w, h := c.Size()
	var buf bytes.Buffer
	if err := render(&buf, w, h, func(dc draw.Canvas) error { lay = c.draw(dc); return nil }); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return img, lay
}

// Rule: every point that can be drawn has one label, the label's swatch
// has the point's color in the image (a PNG of few colors keeps it), and
// the legend counts the points that cannot be drawn.
func TestTradeoffEveryPointLabelled(t *testing.T) {
	for name, c := range map[string]*Tradeoff{"sample": sampleTradeoff(), "crowded": sampleTradeoffCrowded()} {
		img, lay := drawTradeoff(t, c)
		names := c.names()
		undrawn := 0
		for i, pn := range c.Panels {
			pl := lay.panels[i]
			seen := make(map[int]bool)
			for k, o := range pl.owners {
				if seen[o] {
					t.Errorf("%s panel %d: point %d labelled twice", name, i, o)
				}
				seen[o] = true
				want := c.colorOf(names, pn.Points[o].Label)
				x, y := int(pixels(pl.swatch[k].X)), img.Bounds().Dy()-int(pixels(pl.swatch[k].Y))
				if got := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA); got != want {
					t.Errorf("%s panel %d: the swatch of %q is %v in the image, want %v", name, i, pn.Points[o].Label, got, want)
				}
			}
			undrawn += len(pn.Points) - len(seen)
		}
		legend := legendText(c.legend())
		if undrawn > 0 && !strings.Contains(legend, fmt.Sprintf("%d %s not be drawn", undrawn, plural(undrawn, "point could", "points could"))) {
			t.Errorf("%s: %d points not drawn, legend %q", name, undrawn, legend)
		}
		if name == "crowded" && undrawn != 1 {
			t.Errorf("crowded: %d points not drawn, want 1 (no value)", undrawn)
		}
	}
}

// Rule: labels never overlap one another, lie inside the image and right
// of the data area (never over a point, a whisker or a line), and the
// "better" mark lies over no point or whisker.
func TestTradeoffLabelsApart(t *testing.T) {
	for name, c := range map[string]*Tradeoff{"sample": sampleTradeoff(), "crowded": sampleTradeoffCrowded()} {
		_, lay := drawTradeoff(t, c)
		if len(lay.panels) != len(c.Panels) {
			t.Fatalf("%s: %d panels drawn, want %d", name, len(lay.panels), len(c.Panels))
		}
		var all []vg.Rectangle
		for i, pl := range lay.panels {
			if len(pl.labels) == 0 {
				t.Errorf("%s panel %d: no labels", name, i)
			}
			for _, r := range pl.labels {
				if r.Min.X < pl.data.Max.X {
					t.Errorf("%s panel %d: label %v reaches into the data area %v", name, i, r, pl.data)
				}
				if r.Min.X < lay.canvas.Min.X || r.Max.X > lay.canvas.Max.X || r.Min.Y < lay.canvas.Min.Y || r.Max.Y > lay.canvas.Max.Y {
					t.Errorf("%s panel %d: label %v outside the image %v", name, i, r, lay.canvas)
				}
			}
			all = append(all, pl.labels...)
			if pl.badge.Size().X <= 0 {
				t.Errorf("%s panel %d: no better mark", name, i)
			}
			for k, p := range pl.points {
				if overlaps(p, pl.badge) {
					t.Errorf("%s panel %d: point %d (%v) lies under the better mark %v", name, i, k, p, pl.badge)
				}
			}
		}
		if !disjoint(all) {
			t.Errorf("%s: labels overlap", name)
		}
	}
}

// Rule: the glyph grows with the size figure (peak goroutines), so that
// 8 and 10,000 look different (four times the area at least), within
// bounds; unknown is the smallest.
func TestTradeoffGlyphSize(t *testing.T) {
	last := 0.0
	for _, g := range []float64{0, 1, 2, 8, 64, 1000, 10000} {
		r := glyphRadius(g)
		if r <= last && g > 0 {
			t.Errorf("glyphRadius(%v) = %v, not above %v", g, r, last)
		}
		last = r
	}
	if a, b := glyphRadius(8), glyphRadius(10000); b*b < 4*a*a || glyphRadius(1e9) > 14 || glyphRadius(math.NaN()) != glyphRadius(0) {
		t.Errorf("radii: 8 → %v, 10000 → %v, 1e9 → %v, NaN → %v", glyphRadius(8), glyphRadius(10000), glyphRadius(1e9), glyphRadius(math.NaN()))
	}
	if !strings.Contains(legendText(sampleTradeoff().legend()), "glyph size: peak goroutines") {
		t.Error("the legend does not say what the glyph size shows")
	}
}

// Rule: no input makes the chart fail: no panels, no points, points
// that cannot be drawn, one point, unknown directions.
func TestTradeoffDegenerate(t *testing.T) {
	nan := NewInterval(math.NaN(), math.NaN(), math.NaN())
	for name, c := range map[string]*Tradeoff{
		"empty":     {Title: "empty"},
		"no points": {Title: "none", Panels: []TradeoffPanel{{Title: "p"}}},
		"undrawable": {Title: "nan", XBetter: LowerBetter, YBetter: LowerBetter, Panels: []TradeoffPanel{{Title: "p", Points: []TradeoffPoint{
			{Label: "a", X: nan, Y: nan}, {Label: "b", X: NewInterval(math.Inf(1), 0, 0), Y: NewInterval(1, 1, 1)}}}}},
		"one":      {Title: "one", XUnit: "s", Panels: []TradeoffPanel{{Title: "p", Points: []TradeoffPoint{{Label: "a", X: NewInterval(1, 1, 1), Y: NewInterval(0, 0, 0)}}}}},
		"negative": {Title: "neg", Panels: []TradeoffPanel{{Title: "p", Points: []TradeoffPoint{{Label: "a", X: NewInterval(-1, -2, 0), Y: NewInterval(3, 2, 4)}, {Label: "b", X: NewInterval(5, 4, 6), Y: NewInterval(1e-3, 1e-4, 1e-2)}}}}},
	} {
		var buf bytes.Buffer
		if err := c.WritePNG(&buf); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// secondsLabel writes times with their SI prefix.
func TestSecondsLabel(t *testing.T) {
	for v, want := range map[float64]string{2: "2 s", 0.05: "50 ms", 0.002: "2 ms", 2e-4: "200 µs", 5e-9: "5 ns", 0: "0 ns"} {
		if got := secondsLabel(v); got != want {
			t.Errorf("secondsLabel(%v) = %q, want %q", v, got, want)
		}
	}
}

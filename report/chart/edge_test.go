package chart

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/report/internal/pngcheck"
)

var (
	nan = math.NaN()
	inf = math.Inf(1)
)

// TestEdgeCases draws charts of values a chart cannot show as such (NaN,
// infinite, zero, negative), empty charts and oversized ones: each must
// give a valid image of its stated size and no error.
func TestEdgeCases(t *testing.T) {
	odd := []Interval{{nan, nan, nan}, {inf, inf, inf}, {0, 0, 0}, {-1, -2, 0}, {1e300, 1e-300, inf}, {2, -inf, inf}, {1e-9, 1e-10, 1e-8}}
	var bars []Bar
	for i, iv := range odd {
		bars = append(bars, Bar{Label: fmt.Sprint("odd", i), Speedup: iv, Winner: i == 1})
	}
	var many []Panel
	for i := 0; i < 20; i++ {
		many = append(many, Panel{Title: fmt.Sprint("panel ", i), Bars: []Bar{{Label: "a", Speedup: Interval{float64(i + 1), float64(i), float64(i + 2)}}}, Limit: 3})
	}
	long := strings.Repeat("very-long-name/", 40)
	var rows []Change
	for i := 0; i < 100; i++ {
		rows = append(rows, Change{Name: fmt.Sprint(long, i), Change: Interval{float64(i) / 100, float64(i)/100 - 0.1, float64(i)/100 + 0.1}, Significant: i%3 == 0})
	}
	var pts []Point
	for i, iv := range odd {
		pts = append(pts, Point{X: float64(i), Y: iv})
	}
	type drawer struct {
		name  string
		size  func() (int, int)
		draw  func(*bytes.Buffer) error
		empty bool // nothing to draw: no axes expected
	}
	sp := func(s *Speedups) drawer {
		return drawer{name: s.Title, size: s.Size, draw: func(b *bytes.Buffer) error { return s.WritePNG(b) }}
	}
	sc := func(s *Scaling) drawer {
		return drawer{name: s.Title, size: s.Size, draw: func(b *bytes.Buffer) error { return s.WritePNG(b) }}
	}
	cm := func(c *Compare) drawer {
		return drawer{name: c.Title, size: c.Size, draw: func(b *bytes.Buffer) error { return c.WritePNG(b) }}
	}
	empty := func(d drawer) drawer { d.empty = true; return d }
	ds := []drawer{
		empty(sp(&Speedups{Title: "no panels"})),
		sp(&Speedups{Title: "empty panel", Panels: []Panel{{Title: "nothing"}}}),
		sp(&Speedups{Title: "odd values", Panels: []Panel{{Title: "odd", Bars: bars, Limit: nan}}}),
		sp(&Speedups{Title: "odd values, log", Panels: []Panel{{Title: "odd", Bars: bars, Limit: 1000}}}),
		sp(&Speedups{Title: "many panels", Panels: many}),
		sp(&Speedups{Title: "long labels", Panels: []Panel{{Title: long, Bars: []Bar{{Label: long, Speedup: Interval{2, 1, 3}}}, Limit: 4, LimitLabel: long}}}),
		empty(sc(&Scaling{Title: "no series"})),
		sc(&Scaling{Title: "odd points", Series: []Series{{Name: "odd", Points: pts}}, Limit: pts}),
		sc(&Scaling{Title: "one point", Series: []Series{{Name: "one", Points: []Point{{X: 4, Y: Interval{2, 1, 3}}}}}}),
		cm(&Compare{Title: "no changes"}),
		cm(&Compare{Title: "odd changes", Changes: []Change{{Name: "nan", Change: Interval{nan, nan, nan}}, {Name: "inf", Change: Interval{inf, -inf, inf}}, {Name: "ok", Change: Interval{0.1, 0, 0.2}, Significant: true}}}),
		cm(&Compare{Title: "many rows", Changes: rows, Threshold: 0.05}),
	}
	for _, d := range ds {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := d.draw(&buf); err != nil {
				t.Fatal(err)
			}
			w, h := d.size()
			if *chartDir != "" {
				os.WriteFile(filepath.Join(*chartDir, strings.ReplaceAll(d.name, " ", "-")+".png"), buf.Bytes(), 0o644)
			}
			if d.empty {
				img, err := png.Decode(&buf)
				if err != nil || img.Bounds().Dx() != w || img.Bounds().Dy() != h {
					t.Fatalf("got %v, %v; want a %dx%d PNG", img.Bounds(), err, w, h)
				}
				return
			}
			pngcheck.Check(t, buf.Bytes(), w, h)
		})
	}
}

package chart_test

import (
	"bytes"
	"fmt"
	"image/png"

	"github.com/concbench/concbench/report/chart"
)

// A benchmark table in sec/op drawn against its first column: new.txt
// takes 0.8 of old.txt's time, drawn as 1.25× better.
func ExampleRatios() {
	c := &chart.Ratios{
		Title:  "Encode (sec/op)",
		Unit:   "sec/op",
		Better: chart.LowerBetter,
		Ref:    "old.txt",
		Cols:   []string{"old.txt", "new.txt"},
		Rows: []chart.RatioRow{
			{Label: "Encode/size=1024-2", Points: []chart.RatioPoint{{Col: 1, Ratio: 0.8, Lo: 0.75, Hi: 0.86, Significant: true}}},
			{Label: "Encode/size=4096-2", Points: []chart.RatioPoint{{Col: 1, Ratio: 1.01, Lo: 0.97, Hi: 1.05}}},
		},
	}
	var buf bytes.Buffer
	if err := c.WritePNG(&buf); err != nil {
		fmt.Println(err)
		return
	}
	img, err := png.Decode(&buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	w, h := c.Size()
	fmt.Println(img.Bounds().Dx() == w, img.Bounds().Dy() == h)
	// Output: true true
}

// A metric against a numeric key, size=: one panel, a line per series.
func ExampleLines() {
	l := &chart.Lines{Title: "Copy: throughput against size", XLabel: "size", YLabel: "B/s", Better: chart.HigherBetter}
	var s chart.Series
	s.Name = "copy"
	for _, x := range []float64{64, 1024, 16384, 262144} {
		v := 1e10 * x / (x + 256)
		s.Points = append(s.Points, chart.Point{X: x, Y: chart.NewInterval(v, v*0.95, v*1.05)})
	}
	l.Panels = []chart.LinePanel{{Series: []chart.Series{s}}}
	var buf bytes.Buffer
	fmt.Println(l.WritePNG(&buf))
	// Output: <nil>
}

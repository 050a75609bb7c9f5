package chart

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// sampleIOGroups is shaped like the suite's io-speedup.png of a -short
// run: four groups of the nine strategies besides sequential, and the
// tail group of two (goroutines and hedged).
func sampleIOGroups() *Ratios {
	cols := []string{"sequential", "goroutines", "pool workers=32", "errgroup workers=32", "ratelimit workers=32", "pipeline workers=32", "singlethread", "processes", "adaptive", "hedged"}
	r := &Ratios{Title: "IO task", Unit: "sec/op", Better: LowerBetter, Ref: "sequential", Cols: cols, Ranked: true}
	for _, g := range []string{"IO api=mock", "IO api=local/transport=default", "IO api=local/transport=tuned", "IOThrottled api=mock"} {
		row := RatioRow{Label: g}
		for j := 1; j < len(cols); j++ {
			s := 5 + float64(j)
			row.Points = append(row.Points, RatioPoint{Col: j, Ratio: 1 / s, Lo: 0.9 / s, Hi: 1.1 / s, Significant: true})
		}
		r.Rows = append(r.Rows, row)
	}
	r.Rows = append(r.Rows, RatioRow{Label: "IOTail api=mock/tail=1%x10", Points: []RatioPoint{
		{Col: 1, Ratio: 1 / 12.6, Lo: 1 / 17.0, Hi: 1 / 10.3, Significant: true},
		{Col: 9, Ratio: 1 / 12.6, Lo: 1 / 16.5, Hi: 1 / 8.74, Significant: true},
	}})
	return r
}

// Rule: every column of a Ratios chart of up to twelve columns besides
// the reference has a glyph of its own, filled and hollow; beyond, the
// legend says that the shapes repeat.
func TestColumnsToldApart(t *testing.T) {
	for n := 1; n <= len(filledGlyphs); n++ {
		seen := make(map[string]int)
		for col := 1; col <= n; col++ {
			r := &Ratios{Ref: "ref", Cols: make([]string, n+1)}
			r.Cols[0] = "ref"
			for _, filled := range []bool{true, false} {
				g := glyphOf(r.shape(col), filled)
				k := fmt.Sprintf("%v %#v", filled, g)
				if prev, dup := seen[k]; dup {
					t.Fatalf("%d columns: columns %d and %d share the glyph %s", n, prev, col, k)
				}
				seen[k] = col
			}
		}
	}
	if reflect.DeepEqual(glyphOf(8, true), glyphOf(10, true)) {
		t.Error("the plus and the saltire are the same glyph")
	}
	if !strings.Contains(shapesNote(len(filledGlyphs)+1, "column"), "repeat") || strings.Contains(shapesNote(9, "column"), "repeat") {
		t.Errorf("shapesNote: %q for 13 columns, %q for 9", shapesNote(len(filledGlyphs)+1, "column"), shapesNote(9, "column"))
	}
}

// Rule: a row takes as many lines as it has points, so the suite's IO
// chart draws its tail group of two strategies beside four groups of
// nine (it was cut: "… and 1 more row").
func TestRowsByTheirPoints(t *testing.T) {
	r := sampleIOGroups()
	shown, more := r.shown()
	if more != 0 || len(shown) != 5 {
		t.Errorf("%d rows shown, %d left out; want all 5", len(shown), more)
	}
	if legend := legendText(r.legend()); strings.Contains(legend, "more row") {
		t.Errorf("legend %q leaves a row out", legend)
	}
	// Rows that all have every column still draw at most maxLines lines.
	full := sampleIOGroups()
	full.Rows = append(full.Rows[:4:4], full.Rows[:4]...)
	if shown, _ := full.shown(); len(shown)*9 > maxLines {
		t.Errorf("8 rows of 9 points: %d shown, more than %d lines", len(shown), maxLines)
	}
}

func TestLookIOGroups(t *testing.T) {
	if *chartDir == "" {
		t.Skip("-chartdir not set")
	}
	writeLooks(t, map[string]pngChart{"io-groups": sampleIOGroups()})
}

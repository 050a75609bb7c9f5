package chart

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"git.sr.ht/~sbinet/gg"
	xdraw "golang.org/x/image/draw"
)

// TestGlyphInterpolator checks that the charts' interpolator draws text,
// upright, rotated and at fractional positions, exactly as gg's default
// (draw.BiLinear) does, pixel for pixel.
func TestGlyphInterpolator(t *testing.T) {
	drawText := func(interp xdraw.Interpolator) []byte {
		img := image.NewRGBA(image.Rect(0, 0, 300, 120))
		ctx := gg.NewContextForRGBA(img)
		ctx.SetInterpolator(interp)
		ctx.InvertY()
		c := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(DPI))
		dc := draw.New(c)
		for i, rot := range []float64{0, math.Pi / 2, math.Pi / 7} {
			sty := text.Style{Color: color.RGBA{R: 200, G: 30, B: 30, A: 255}, Font: font.From(sans, 11), Rotation: rot, Handler: plot.DefaultTextHandler}
			x := vg.Length(20+90*i) + 0.37 // not on a whole pixel
			dc.FillText(sty, vg.Point{X: x, Y: 40.61}, "Encode-2 ±3%  1.5×")
		}
		return img.Pix
	}
	want, got := drawText(xdraw.BiLinear), drawText(glyphInterpolator{})
	if bytes.Count(want, []byte{255}) == len(want) {
		t.Fatal("nothing was drawn")
	}
	if !bytes.Equal(got, want) {
		n := 0
		for i := range got {
			if got[i] != want[i] {
				n++
			}
		}
		t.Errorf("%d of %d bytes differ from draw.BiLinear's", n, len(want))
	}
}

func TestWholeShift(t *testing.T) {
	for _, c := range []struct {
		m      [6]float64
		dx, dy int
		ok     bool
	}{
		{[6]float64{1, 0, 3, 0, 1, -7}, 3, -7, true},
		{[6]float64{1, 0, 3.5, 0, 1, 7}, 0, 0, false},
		{[6]float64{1, 0, 3, 0, -1, 7}, 0, 0, false},
		{[6]float64{0, 1, 3, 1, 0, 7}, 0, 0, false},
		{[6]float64{2, 0, 3, 0, 2, 7}, 0, 0, false},
	} {
		dx, dy, ok := wholeShift(c.m)
		if ok != c.ok || ok && (dx != c.dx || dy != c.dy) {
			t.Errorf("wholeShift(%v) = %d, %d, %v; want %d, %d, %v", c.m, dx, dy, ok, c.dx, c.dy, c.ok)
		}
	}
}

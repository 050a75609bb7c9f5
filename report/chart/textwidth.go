package chart

import (
	"errors"
	"math"
	"strings"
	"sync"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// textHandler is gonum's plain text handler with the width of a string
// measured from cached advances and kerning pairs. gonum's font.Face.Width
// allocates a glyph buffer on every call, and a chart measures thousands
// of strings (every tick label, every elision tried): about a seventh of
// a report's allocations. The widths are the same, to the bit: the same
// sums of the same font units, scaled the same way.
type textHandler struct {
	text.Plain
}

var _ text.Handler = textHandler{}

func init() {
	plot.DefaultTextHandler = textHandler{text.Plain{Fonts: font.DefaultCache}}
}

// Box implements text.Handler.
func (h textHandler) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	face := h.Fonts.Lookup(fnt, fnt.Size)
	ext := face.Extents()
	return widthOf(face, txt), ext.Ascent, ext.Descent
}

// Draw implements text.Handler as text.Plain.Draw does, with widthOf.
func (h textHandler) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if len(txt) == 0 {
		return
	}
	fnt := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	cos, sin := vg.Length(cos64), vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin
	lines := h.Lines(txt)
	ht := sty.Height(txt)
	pt.Y += ht*vg.Length(sty.YAlign) - fnt.Extents().Ascent
	for i, line := range lines {
		xoffs := vg.Length(sty.XAlign) * widthOf(fnt, line)
		n := vg.Length(len(lines) - i)
		c.FillString(fnt, pt.Add(vg.Point{X: xoffs, Y: n * sty.Font.Size}), line)
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}

// widthOf is face.Width(s) from the cache of face's font.
func widthOf(face font.Face, s string) vg.Length {
	if face.Face == nil {
		return face.Width(s)
	}
	m := metricsOf(face.Face)
	ppem := fixed.Int26_6(face.Face.UnitsPerEm())
	scale := face.Font.Size / font.Points(float64(ppem))
	width := 0
	prev := rune(-1)
	m.mu.Lock()
	for _, r := range s {
		if prev >= 0 {
			width += m.kern(prev, r, ppem)
		}
		width += m.advance(r, ppem)
		prev = r
	}
	m.mu.Unlock()
	return font.Points(float64(width)) * scale
}

// glyphMetrics caches one font's advances and kerning pairs, in font
// units at ppem = units per em (what font.Face.Width asks for).
type glyphMetrics struct {
	mu    sync.Mutex
	f     *sfnt.Font
	buf   sfnt.Buffer
	index map[rune]sfnt.GlyphIndex
	adv   map[rune]int
	kerns map[[2]rune]int
}

var metrics sync.Map // *sfnt.Font → *glyphMetrics

func metricsOf(f *sfnt.Font) *glyphMetrics {
	if m, ok := metrics.Load(f); ok {
		return m.(*glyphMetrics)
	}
	m, _ := metrics.LoadOrStore(f, &glyphMetrics{f: f, index: make(map[rune]sfnt.GlyphIndex), adv: make(map[rune]int), kerns: make(map[[2]rune]int)})
	return m.(*glyphMetrics)
}

// glyph returns r's glyph index; it panics as font.Face.Width does when
// the font cannot say.
func (m *glyphMetrics) glyph(r rune) sfnt.GlyphIndex {
	if i, ok := m.index[r]; ok {
		return i
	}
	i, err := m.f.GlyphIndex(&m.buf, r)
	if err != nil {
		panic("could not get glyph index: " + err.Error())
	}
	m.index[r] = i
	return i
}

func (m *glyphMetrics) advance(r rune, ppem fixed.Int26_6) int {
	if a, ok := m.adv[r]; ok {
		return a
	}
	a, err := m.f.GlyphAdvance(&m.buf, m.glyph(r), ppem, xfont.HintingNone)
	if err != nil {
		panic("could not retrieve glyph's advance: " + err.Error())
	}
	m.adv[r] = int(a)
	return int(a)
}

func (m *glyphMetrics) kern(prev, r rune, ppem fixed.Int26_6) int {
	key := [2]rune{prev, r}
	if k, ok := m.kerns[key]; ok {
		return k
	}
	k, err := m.f.Kern(&m.buf, m.glyph(prev), m.glyph(r), ppem, xfont.HintingNone)
	switch {
	case err == nil:
	case errors.Is(err, sfnt.ErrNotFound):
		k = 0
	default:
		panic("could not get kerning: " + err.Error())
	}
	m.kerns[key] = int(k)
	return int(k)
}

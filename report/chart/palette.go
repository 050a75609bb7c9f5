package chart

import (
	"cmp"
	"image"
	"image/color"
	"slices"
)

// paletted returns img as a paletted image of at most 256 colors, which
// image/png encodes several times faster than RGBA (no per-row filter
// search, a quarter of the bytes to compress) and smaller. A chart's
// colors are few: the background, the text and the series' colors, and
// the anti-aliased blends between them. The palette is the 256 most
// frequent colors; a rarer blend is drawn in its nearest palette color.
// It converts src in place: the paletted image's pixels take the first
// quarter of src's (each is written after the pixels it overwrites were
// read), so src is not an image afterwards, and no second buffer of the
// chart's size is allocated.
func paletted(src *image.RGBA) *image.Paletted {
	b := src.Bounds()
	// Count the colors. Pixels come in runs of one color, so only a
	// change of color costs a lookup.
	var counts colorTable
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := src.Pix[src.PixOffset(b.Min.X, y):src.PixOffset(b.Max.X, y)]
		last, run := pack(row[0:4]), 0
		for i := 0; i < len(row); i += 4 {
			if c := pack(row[i : i+4]); c != last {
				*counts.at(last) += run
				last, run = c, 0
			}
			run++
		}
		*counts.at(last) += run
	}
	colors := counts.keys()
	slices.SortFunc(colors, func(a, b uint32) int {
		if c := cmp.Compare(*counts.at(b), *counts.at(a)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	pal := colors[:min(len(colors), 256)]
	var index colorTable // a color's palette index
	p := make(color.Palette, len(pal))
	for i, c := range pal {
		*index.at(c) = i
		p[i] = color.RGBA{uint8(c >> 24), uint8(c >> 16), uint8(c >> 8), uint8(c)}
	}
	for _, c := range colors[len(pal):] {
		*index.at(c) = int(nearest(c, pal))
	}
	w, h := b.Dx(), b.Dy()
	dst := &image.Paletted{Pix: src.Pix[: w*h : w*h], Stride: w, Rect: b, Palette: p}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := src.Pix[src.PixOffset(b.Min.X, y):src.PixOffset(b.Max.X, y)]
		out := dst.Pix[dst.PixOffset(b.Min.X, y):]
		last := pack(row[0:4])
		li := uint8(*index.at(last))
		for i, j := 0, 0; i < len(row); i, j = i+4, j+1 {
			if c := pack(row[i : i+4]); c != last {
				last, li = c, uint8(*index.at(c))
			}
			out[j] = li
		}
	}
	return dst
}

// A colorTable maps packed colors to ints: an open-addressing hash table,
// several times faster than a map for the few thousand colors of a chart.
type colorTable struct {
	slots []colorSlot
	n     int
}

type colorSlot struct {
	key  uint32
	used bool
	val  int
}

// at returns the value of key, added as 0 if absent.
func (t *colorTable) at(key uint32) *int {
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	mask := uint32(len(t.slots) - 1)
	for i := (key * 0x9e3779b1) >> 7 & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if !s.used {
			s.key, s.used = key, true
			t.n++
			return &s.val
		}
		if s.key == key {
			return &s.val
		}
	}
}

func (t *colorTable) grow() {
	old := t.slots
	t.slots, t.n = make([]colorSlot, max(1024, 2*len(old))), 0
	for _, s := range old {
		if s.used {
			*t.at(s.key) = s.val
		}
	}
}

// keys returns the keys, in no order.
func (t *colorTable) keys() []uint32 {
	out := make([]uint32, 0, t.n)
	for _, s := range t.slots {
		if s.used {
			out = append(out, s.key)
		}
	}
	return out
}

func pack(p []byte) uint32 {
	return uint32(p[0])<<24 | uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3])
}

// nearest returns the index of the palette color closest to c.
func nearest(c uint32, pal []uint32) uint8 {
	best, bestD := 0, int(^uint(0)>>1)
	for i, q := range pal {
		d := 0
		for shift := 0; shift < 32; shift += 8 {
			x := int(c>>shift&0xff) - int(q>>shift&0xff)
			d += x * x
		}
		if d < bestD {
			best, bestD = i, d
		}
	}
	return uint8(best)
}

// Package pngcheck checks, in tests, that a chart image was drawn: it
// decodes, has the expected size, is not blank, and has a title and an
// axis.
package pngcheck

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// Check fails t unless data is a PNG image of w×h pixels (a size of 0
// is not checked) that has several colors, dark pixels (text) in its
// title band, the top 40 pixels, and an axis line: a run of dark pixels,
// vertical or horizontal, at least a fifth of the image long.
func Check(t testing.TB, data []byte, w, h int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decoding PNG: %v", err)
	}
	b := img.Bounds()
	if (w > 0 && b.Dx() != w) || (h > 0 && b.Dy() != h) {
		t.Fatalf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	m := darkMask(img)
	if n := m.count(image.Rect(0, 0, b.Dx(), 40)); n < 50 {
		t.Errorf("title band has %d dark pixels, want a title", n)
	}
	if !m.hasLine() {
		t.Errorf("no axis line found")
	}
	if n := distinctColors(img, 16); n < 3 {
		t.Errorf("%d distinct colors: blank image?", n)
	}
	return img
}

// A mask marks the dark pixels of an image: darker than mid-gray, as text
// and axis lines are even anti-aliased.
type mask struct {
	w, h int
	dark []bool
}

func darkMask(img image.Image) *mask {
	b := img.Bounds()
	m := &mask{w: b.Dx(), h: b.Dy(), dark: make([]bool, b.Dx()*b.Dy())}
	for y := 0; y < m.h; y++ {
		for x := 0; x < m.w; x++ {
			var r, g, bl uint32
			switch im := img.(type) { // the fast paths of PNG decoding
			case *image.RGBA:
				p := im.Pix[im.PixOffset(b.Min.X+x, b.Min.Y+y):]
				r, g, bl = uint32(p[0])<<8, uint32(p[1])<<8, uint32(p[2])<<8
			case *image.NRGBA:
				p := im.Pix[im.PixOffset(b.Min.X+x, b.Min.Y+y):]
				r, g, bl = uint32(p[0])<<8, uint32(p[1])<<8, uint32(p[2])<<8
			default:
				r, g, bl, _ = img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			}
			m.dark[y*m.w+x] = (r+g+bl)/3 < 0x8000
		}
	}
	return m
}

// count counts the dark pixels within r.
func (m *mask) count(r image.Rectangle) int {
	r = r.Intersect(image.Rect(0, 0, m.w, m.h))
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if m.dark[y*m.w+x] {
				n++
			}
		}
	}
	return n
}

// hasLine reports whether a vertical or horizontal run of dark pixels is
// at least a fifth of the image's height or width.
func (m *mask) hasLine() bool {
	for x := 0; x < m.w; x++ {
		k := 0
		for y := 0; y < m.h; y++ {
			if k = next(k, m.dark[y*m.w+x]); k >= m.h/5 {
				return true
			}
		}
	}
	for y := 0; y < m.h; y++ {
		k := 0
		for x := 0; x < m.w; x++ {
			if k = next(k, m.dark[y*m.w+x]); k >= m.w/5 {
				return true
			}
		}
	}
	return false
}

func next(k int, dark bool) int {
	if dark {
		return k + 1
	}
	return 0
}

// DarkPixels counts the pixels of img within r that are darker than
// mid-gray.
func DarkPixels(img image.Image, r image.Rectangle) int {
	b := img.Bounds()
	return darkMask(img).count(r.Sub(b.Min))
}

func distinctColors(img image.Image, limit int) int {
	seen := make(map[color.RGBA]bool)
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bb, a := img.At(x, y).RGBA()
			seen[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bb >> 8), uint8(a >> 8)}] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

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
	if n := DarkPixels(img, image.Rect(0, 0, b.Dx(), 40)); n < 50 {
		t.Errorf("title band has %d dark pixels, want a title", n)
	}
	if !HasAxisLine(img) {
		t.Errorf("no axis line found")
	}
	if n := distinctColors(img, 16); n < 3 {
		t.Errorf("%d distinct colors: blank image?", n)
	}
	return img
}

// dark reports whether c is darker than mid-gray: text and axis lines,
// even anti-aliased.
func dark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return (r+g+b)/3 < 0x8000
}

// DarkPixels counts the dark pixels of img within r.
func DarkPixels(img image.Image, r image.Rectangle) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if dark(img.At(x, y)) {
				n++
			}
		}
	}
	return n
}

// HasAxisLine reports whether img has a vertical or horizontal run of
// dark pixels at least a fifth of its height or width.
func HasAxisLine(img image.Image) bool {
	b := img.Bounds()
	for x := b.Min.X; x < b.Max.X; x++ {
		if run(img, b.Dy()/5, func(i int) (int, int) { return x, b.Min.Y + i }, b.Dy()) {
			return true
		}
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		if run(img, b.Dx()/5, func(i int) (int, int) { return b.Min.X + i, y }, b.Dx()) {
			return true
		}
	}
	return false
}

func run(img image.Image, want int, at func(int) (int, int), n int) bool {
	k := 0
	for i := 0; i < n; i++ {
		if dark(img.At(at(i))) {
			if k++; k >= want {
				return true
			}
		} else {
			k = 0
		}
	}
	return false
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

package chart

import (
	"testing"

	"gonum.org/v1/plot/font"
)

// The cached widths are gonum's, to the bit, for every font and size the
// charts use and text of every kind they write (kerning pairs included).
func TestWidthOf(t *testing.T) {
	texts := []string{"", "AV", "To", "Wa", "BenchmarkEncode/size=1024-8", "sec/op; lower is better; log scale",
		"1.23× (1.10–1.40×)", "…", "µs ± 5%", "ll/strategy=pool/order=desc", "⌈n/w⌉", "\u0301é", "Ω≥≤→"}
	for _, f := range []font.Font{sans, sansBold} {
		for _, size := range []font.Length{10, 11, 12, 15} {
			face := font.DefaultCache.Lookup(f, size)
			for _, s := range texts {
				if got, want := widthOf(face, s), face.Width(s); got != want {
					t.Errorf("%v %v %q: width %v, gonum's %v", f.Weight, size, s, got, want)
				}
			}
		}
	}
}

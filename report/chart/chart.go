// Package chart draws benchmark charts as PNG images with
// gonum.org/v1/plot, from plain numbers and labels: it knows no suite, no
// benchfmt and no benchproc. The caller (the report engine) decides what
// goes in; every chart is readable on its own.
//
// The charts:
//
//   - Ratios, one per benchmark table: for each row (benchmark), each
//     column's value relative to a reference column, with its interval,
//     oriented as "better by" by the unit's Direction (ref/col for a
//     time, col/ref for a rate), the reference line at 1×, and optional
//     per-row limits. This is the speedup chart, generalised.
//   - Lines: a metric (or its ratio) against a numeric key such as size=,
//     workers= or -cpu, a line per series with its interval as a band,
//     small multiples per group of rows, optional limit lines.
//   - Compare: the change of every benchmark between two runs, with its
//     interval, significance and threshold lines.
//   - Trend: small multiples of each benchmark's median across runs in
//     order, with change points marked.
//   - Tradeoff: two costs of each alternative against each other (a
//     strategy's p99 piece latency against its time), both intervals as
//     whiskers, the glyph sized by a third (peak goroutines), each point
//     named in a column, the better corner marked; a panel per group.
//
// Each has Size, the image size in pixels, and WritePNG. The suite's
// speedup and scaling charts are a Ratios chart (a row per group, a
// column per strategy, the group's limit) and a Lines chart.
//
// Every chart follows the same rules. Colors follow the unit's Direction
// (the caller's): green is better, red is worse, gray is no significant
// difference, and with an Unknown direction nothing is called better or
// worse. A ratio axis is logarithmic when its values span more than
// LogRange, so that 0.5× and 2× lie the same distance from 1×, and a
// change far larger than the rest is drawn as an arrow at the axis edge
// rather than let it flatten every other row. Ratios and Compare write
// every value (with its interval) in a column right of the data, one line
// each, so that no label lies over a whisker, a line or another label;
// axis tick labels are thinned (or slanted) so that they never overlap.
// Of many rows the largest changes are drawn and the chart says how many
// more there are ("… and 170 more rows"); of many panels, the first
// MaxPanels. Text the font lacks is spelled out (⌈x⌉ as ceil(x)). Long
// titles, names and file names are elided in the middle
// with "…" to fit, never clipped. Values that cannot be drawn (NaN,
// infinite, not positive on a log axis, no interval from too few samples)
// are left out or written as "no interval", and the legend says how many;
// no input makes a chart panic.
//
// A Ratios chart of one table, in sec/op, against the column "old.txt":
//
//	c := &chart.Ratios{
//		Title:  "BenchmarkEncode (sec/op)",
//		Unit:   "sec/op",
//		Better: chart.LowerBetter,
//		Ref:    "old.txt",
//		Cols:   []string{"old.txt", "new.txt"},
//		Rows: []chart.RatioRow{{
//			Label: "Encode/size=1024",
//			// new/old = 0.8: drawn as 1.25× better
//			Points: []chart.RatioPoint{{Col: 1, Ratio: 0.8, Lo: 0.75, Hi: 0.86, Significant: true}},
//		}},
//	}
//	err := c.WritePNG(w)
//
// A stage of the report's pipeline (see package report) after package
// model: package report turns the model's tables into these plain structs,
// and the suite preset (report/suite) its speedups.
package chart

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"git.sr.ht/~sbinet/gg"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// pngCompression trades size for time: on these charts BestSpeed saves
// about a third of the encoding time of the default level for a few
// percent more bytes.
var pngCompression = png.BestSpeed

// DPI is the resolution of the PNG images; sizes are given in pixels.
const DPI = 96

// Width is the width of every chart, in pixels.
const Width = 1000

// Interval is a value with its confidence interval. Lo and Hi may be
// infinite (too few samples for an interval) or NaN (unknown).
type Interval struct {
	Center, Lo, Hi float64
}

// NewInterval returns the Interval center [lo, hi].
func NewInterval(center, lo, hi float64) Interval { return Interval{center, lo, hi} }

// finite reports whether all of iv is finite.
func (iv Interval) finite() bool {
	return isFinite(iv.Center) && isFinite(iv.Lo) && isFinite(iv.Hi)
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// maxMagnitude bounds the values a chart draws: beyond it (or closer to
// zero than its inverse) a value is treated as unknown, since axes
// spanning hundreds of decades defeat the plotting arithmetic and no
// reader.
const maxMagnitude = 1e12

// tame returns iv with a center out of bounds made NaN and bounds out of
// bounds made infinite, so that the drawing code treats them as it treats
// unknown values and missing intervals.
func tame(iv Interval) Interval {
	ok := func(v float64) bool {
		a := math.Abs(v)
		return isFinite(v) && a < maxMagnitude && (a == 0 || a > 1/maxMagnitude)
	}
	if !ok(iv.Center) {
		iv.Center = math.NaN()
	}
	if !ok(iv.Lo) {
		iv.Lo = math.Inf(-1)
	}
	if !ok(iv.Hi) {
		iv.Hi = math.Inf(1)
	}
	return iv
}

// Colors shared by the charts.
var (
	colorBar     = color.RGBA{R: 0x4c, G: 0x78, B: 0xa8, A: 0xff} // blue
	colorSlower  = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff} // red
	colorFaster  = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff} // green
	colorNeutral = color.RGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff} // gray
	colorLimit   = color.RGBA{A: 0xff}
	colorRef     = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
)

// palette colors the series of a line chart, a tradeoff chart's points
// (Tableau 10), with its red and green last: in a ratio or compare chart
// beside them, red is worse and green better, so a chart of eight series
// or fewer uses neither.
var palette = []color.RGBA{
	{R: 0x4e, G: 0x79, B: 0xa7, A: 0xff}, {R: 0xf2, G: 0x8e, B: 0x2b, A: 0xff},
	{R: 0x76, G: 0xb7, B: 0xb2, A: 0xff}, {R: 0xb0, G: 0x7a, B: 0xa1, A: 0xff},
	{R: 0xed, G: 0xc9, B: 0x48, A: 0xff}, {R: 0x9c, G: 0x75, B: 0x5f, A: 0xff},
	{R: 0xff, G: 0x9d, B: 0xa7, A: 0xff}, {R: 0xba, G: 0xb0, B: 0xac, A: 0xff},
	{R: 0x59, G: 0xa1, B: 0x4f, A: 0xff}, {R: 0xe1, G: 0x57, B: 0x59, A: 0xff},
}

func translucent(c color.RGBA, a uint8) color.NRGBA {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: a}
}

var (
	sans     = font.Font{Typeface: "Liberation", Variant: "Sans"}
	sansBold = func() font.Font { f := sans; f.Weight = 700; return f }()
)

// px converts pixels to vg lengths at DPI.
func px(n float64) vg.Length { return vg.Length(n * 72 / DPI) }

// newPlot returns a plot with the report's fonts.
func newPlot(title string) *plot.Plot {
	p := plot.New()
	// The image is white already (vgimg fills it): filling each plot's
	// background again rasterizes its whole area for nothing.
	p.BackgroundColor = nil
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sansBold, 12)
	p.Title.Padding = px(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, 11)
		a.Tick.Label.Font = font.From(sans, 10)
		a.LineStyle.Width = px(1)
	}
	p.Legend.TextStyle.Font = font.From(sans, 10)
	return p
}

// A figure is a plot whose axis labels are drawn by its draw method.
//
// gonum/plot centers the layout box of an axis label on the arithmetic
// middle of the axis range, which on a log axis lies near its end, and
// then shrinks the data area to fit the box. So a figure reserves the
// labels' space with blank labels and draws the labels itself, centered
// on the data area.
type figure struct {
	*plot.Plot
	ylabel, xlabel string
}

// setXLabel sets the x-axis label.
func (f *figure) setXLabel(s string) {
	f.xlabel = s
	f.X.Label.Text = ""
	if s != "" {
		f.X.Label.Text = " "
	}
}

// newFigure returns a figure with the report's fonts.
func newFigure(title, ylabel string) *figure {
	p := newPlot(title)
	if ylabel != "" {
		p.Y.Label.Text = " "
	}
	return &figure{Plot: p, ylabel: ylabel}
}

// draw draws the figure on c.
func (f *figure) draw(c draw.Canvas) {
	f.Plot.Draw(c)
	if f.xlabel != "" {
		sty := f.X.Label.TextStyle
		sty.XAlign = draw.XCenter
		da := f.DataCanvas(c)
		c.FillText(sty, vg.Point{X: da.Center().X, Y: c.Min.Y + sty.FontExtents().Descent}, f.xlabel)
	}
	if f.ylabel == "" {
		return
	}
	sty := f.Y.Label.TextStyle
	sty.Rotation += math.Pi / 2
	x := c.Min.X + sty.Height(f.ylabel) - sty.FontExtents().Descent
	da := f.DataCanvas(c)
	c.FillText(sty, vg.Point{X: x, Y: da.Center().Y}, f.ylabel)
}

// render draws an image of w×h pixels with fn and writes it as PNG to out.
// A panic inside gonum/plot, which would be a bug here, becomes an error.
func render(out io.Writer, w, h int, fn func(dc draw.Canvas) error) error {
	pal, err := paint(w, h, fn)
	if err != nil {
		return err
	}
	defer indexed.Put(&pal.Pix)
	enc := png.Encoder{CompressionLevel: pngCompression, BufferPool: pngBuffers}
	return enc.Encode(out, pal)
}

// paint draws an image of w×h pixels with fn on the easel's buffer and
// returns it as a paletted image, its pixels in a buffer of their own.
func paint(w, h int, fn func(dc draw.Canvas) error) (pal *image.Paletted, err error) {
	pix := <-easel
	defer func() { easel <- pix }()
	if cap(pix) < w*h*4 {
		pix = make([]byte, w*h*4)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error drawing chart: %v", r)
		}
	}()
	// vgimg.UseWH would make vgimg allocate the image and gg copy it into
	// one of its own; handing it both saves one image of w×h×4 bytes.
	img := &image.RGBA{Pix: pix[:w*h*4], Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.SetInterpolator(glyphInterpolator{})
	ctx.InvertY()
	c := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(DPI))
	dc := draw.New(c) // white: vgimg fills its background
	if err := fn(dc); err != nil {
		return nil, err
	}
	pal = paletted(img)
	var own []byte
	if b, _ := indexed.Get().(*[]byte); b != nil && cap(*b) >= w*h {
		own = (*b)[:0]
	} else {
		own = make([]byte, 0, w*h)
	}
	pal.Pix = append(own, pal.Pix...)
	return pal, nil
}

// easel holds the one buffer every chart is drawn on (the pixels of a
// 1000×836 chart take 3.3 MB, the largest allocation of a report). A
// chart takes it from its first stroke until its colors are indexed, so
// the next chart is drawn while the one before is encoded and written, in
// the memory of one image (and, for each chart being encoded, its indexed
// pixels, a quarter image, and a PNG encoder's buffers). Two charts drawn
// at once took two images, and a new image for each chart was 40% of the
// bytes a report allocated. vgimg paints the whole image with its background (draw.Src) before
// anything is drawn, so what the chart before left in the buffer never
// shows. The buffer holds no pointers: kept across collections, it costs
// them no marking.
var easel = func() chan []byte {
	c := make(chan []byte, 1)
	c <- nil
	return c
}()

// indexed reuses the paletted pixels (*[]byte) of the charts being
// encoded, a quarter of the easel's each.
var indexed sync.Pool

// pngBuffers reuses the PNG encoders' buffers (a compressor of about a
// megabyte each) from chart to chart.
var pngBuffers = &pngPool{}

// pngPool is a png.EncoderBufferPool over a sync.Pool.
type pngPool struct{ p sync.Pool }

func (pp *pngPool) Get() *png.EncoderBuffer {
	b, _ := pp.p.Get().(*png.EncoderBuffer)
	return b
}

func (pp *pngPool) Put(b *png.EncoderBuffer) { pp.p.Put(b) }

// header draws a title (one line, or up to maxTitleLines when it is
// long: see fitLines) and an optional subtitle (up to maxSubtitleLines)
// at the top of dc and returns the canvas below it.
func header(dc draw.Canvas, title, subtitle string) draw.Canvas {
	sty, sub := titleStyle(), subtitleStyle()
	y := dc.Max.Y - px(10)
	room := dc.Max.X - dc.Min.X - px(2*headerMargin)
	for _, line := range fitLines(title, sty, room, maxTitleLines) {
		dc.FillText(sty, vg.Point{X: dc.Center().X, Y: y}, line)
		y -= sty.Rectangle(line).Size().Y + px(4)
	}
	if subtitle != "" {
		for _, line := range fitLines(subtitle, sub, room, maxSubtitleLines) {
			dc.FillText(sub, vg.Point{X: dc.Center().X, Y: y}, line)
			y -= sub.Rectangle(line).Size().Y
		}
	}
	dc.Max.Y = y - px(14)
	return dc
}

// titleStyle is the style of a chart's title.
func titleStyle() text.Style {
	return text.Style{Color: color.Black, Font: font.From(sansBold, 15), XAlign: draw.XCenter, YAlign: draw.YTop, Handler: plot.DefaultTextHandler}
}

// subtitleStyle is the style of a chart's subtitle.
func subtitleStyle() text.Style {
	sty := titleStyle()
	sty.Font = font.From(sans, 11)
	sty.Color = colorRef
	return sty
}

// maxTitleLines and maxSubtitleLines bound the lines of a chart's title
// and subtitle.
const (
	maxTitleLines    = 3
	maxSubtitleLines = 2
)

// fitLines fits a title or subtitle to w in as few lines as it takes,
// up to most, so that a long one (a package path, a CPU name, a unit and
// what the chart shows; a task's parameters and its input's file name)
// is read whole rather than cut in its middle: its paths cut to their
// file names first (see pathBases); then, if it is still too wide,
// broken after the ", ", " · " or "; " that best balance the lines. Only
// a text too long for most lines has its lines elided in the middle
// (elide).
func fitLines(s string, sty text.Style, w vg.Length, most int) []string {
	s = printable(s)
	if sty.Width(s) <= w {
		return []string{s}
	}
	s, _ = pathBases(s)
	if sty.Width(s) <= w {
		return []string{s}
	}
	var ends []int // where a line may end: after the comma, the dot or the semicolon
	for i := range len(s) {
		switch {
		case strings.HasPrefix(s[i:], ", "):
			ends = append(ends, i+len(","))
		case strings.HasPrefix(s[i:], " · "):
			ends = append(ends, i+len(" ·"))
		case strings.HasPrefix(s[i:], "; "):
			ends = append(ends, i+len(";"))
		}
	}
	lines := func(breaks []int) []string {
		out := make([]string, 0, len(breaks)+1)
		from := 0
		for _, e := range breaks {
			out = append(out, s[from:e])
			from = e + len(" ")
		}
		return append(out, s[from:])
	}
	widths := map[string]vg.Length{} // a line is measured once
	widest := func(ls []string) vg.Length {
		var m vg.Length
		for _, l := range ls {
			wd, ok := widths[l]
			if !ok {
				wd = sty.Width(l)
				widths[l] = wd
			}
			m = max(m, wd)
		}
		return m
	}
	var best []string
	for n := 2; n <= min(most, len(ends)+1); n++ {
		bestWidth := vg.Length(math.Inf(1))
		var try func(breaks []int, next int)
		try = func(breaks []int, next int) {
			if len(breaks) == n-1 {
				if ls := lines(breaks); widest(ls) < bestWidth {
					best, bestWidth = ls, widest(ls)
				}
				return
			}
			for k := next; k < len(ends); k++ {
				try(append(breaks, ends[k]), k+1)
			}
		}
		try(make([]int, 0, n-1), 0)
		if bestWidth <= w {
			return best
		}
	}
	if best == nil {
		return []string{elide(s, sty, w)}
	}
	for i := range best {
		best[i] = elide(best[i], sty, w)
	}
	return best
}

// headerHeightOf is the pixel height of the header of a chart titled
// title, with subtitle: headerHeight, and more for each line after a
// long title's or subtitle's first.
func headerHeightOf(title, subtitle string) int {
	h := headerHeight
	w := px(Width - 2*headerMargin)
	for _, line := range fitLines(title, titleStyle(), w, maxTitleLines)[1:] {
		h += int(math.Ceil(float64(titleStyle().Rectangle(line).Size().Y+px(4)) * DPI / 72))
	}
	if subtitle != "" {
		for _, line := range fitLines(subtitle, subtitleStyle(), w, maxSubtitleLines)[1:] {
			h += int(math.Ceil(float64(subtitleStyle().Rectangle(line).Size().Y) * DPI / 72))
		}
	}
	return h
}

// headerHeight is the pixel height of a chart's title and subtitle.
const headerHeight = 64

// headerMargin is the least room, in pixels, left either side of a title.
const headerMargin = 12

// printable returns s without control characters (but newlines) and with
// the runes the charts' font lacks, which would silently vanish, spelled
// out: "⌈n/w⌉" becomes "ceil(n/w)", others their Go escape ("名" becomes
// `\u540d`, "🚀" `\U0001f680`), so that names which differ only in
// such runes (`名前`, `大小`) still differ on the chart.
func printable(s string) string {
	ok := true
	for _, r := range s {
		if r < ' ' && r != '\n' || !hasGlyph(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < ' ' && r != '\n':
		case hasGlyph(r):
			b.WriteRune(r)
		case glyphSubstitutes[r] != "":
			b.WriteString(glyphSubstitutes[r])
		default:
			q := strconv.QuoteRuneToASCII(r) // "'\u540d'"
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}

var glyphSubstitutes = map[rune]string{'⌈': "ceil(", '⌉': ")", '⌊': "floor(", '⌋': ")", '▶': ">", '◀': "<"}

// glyphs caches hasGlyph: rune → bool.
var glyphs sync.Map

// hasGlyph reports whether the charts' font draws r.
func hasGlyph(r rune) bool {
	if r < 0x80 {
		return true
	}
	if v, ok := glyphs.Load(r); ok {
		return v.(bool)
	}
	ok := true
	if face := font.DefaultCache.Lookup(sans, 10); face.Face != nil {
		i, err := face.Face.GlyphIndex(nil, r)
		ok = err == nil && i != 0
	}
	glyphs.Store(r, ok)
	return ok
}

// elide returns s, or s with runes cut out of its middle and replaced by
// "…", so that it is at most w wide in sty: the ends of a benchmark name
// or a file name tell it apart. It first drops control characters and
// keeps only the first line. Its cost is a few measurements of the text.
func elide(s string, sty text.Style, w vg.Length) string {
	s = printable(s)
	if sty.Width(s) <= w {
		return s
	}
	r := []rune(s)
	cut := func(n int) string { // n runes kept
		head := n / 3
		return strings.TrimRight(string(r[:head]), " ") + "…" + strings.TrimLeft(string(r[len(r)-(n-head):]), " ")
	}
	return cut(widest(len(r)-1, func(n int) bool { return sty.Width(cut(n)) <= w }))
}

// widest returns the largest n in [0, most] for which fits(n) holds, or 0:
// fits is true up to some n and false beyond it.
func widest(most int, fits func(n int) bool) int {
	lo, hi := 0, most
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// shorten limits a label to n runes, cutting out its middle (the ends of
// a benchmark name tell it apart), so that a pathological name cannot push
// the data area off the image. It also drops control characters.
func shorten(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' && r != '\n' {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	head := (n - 1) / 3
	tail := n - 1 - head
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}

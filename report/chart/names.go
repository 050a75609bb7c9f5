package chart

import (
	"path"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// nameSeps separate the words of a benchmark name or a path: an elided
// name keeps whole words where it can.
const nameSeps = "/_-=. \t,:;"

// elideAll elides each of names to fit w in sty, as elide does, but keeps
// in each the part that tells it apart from the others: cutting the
// middle of lkumarjain's Sleep=001ms_Concurrency=10 and
// Sleep=010ms_Concurrency=10 gives Sleep=0…s_Co…=10 for both, where
// elideAll keeps the word 001ms or 010ms. Names that fit are kept whole.
func elideAll(names []string, sty text.Style, w vg.Length) []string {
	out := make([]string, len(names))
	rs := make([][]rune, len(names))
	for i, n := range names {
		out[i] = printable(n)
		rs[i] = []rune(out[i])
	}
	for i, s := range out {
		if sty.Width(s) <= w {
			continue
		}
		out[i] = elideKeeping(rs[i], required(rs, i), sty, w)
	}
	return out
}

// required marks the runes of names[i] that tell it apart from each of
// the others: for each, the word where the two first differ (the last
// word when names[i] is the start of the other); in the first word, only
// its runes up to the one that differs.
func required(names [][]rune, i int) []bool {
	s := names[i]
	keep := make([]bool, len(s))
	for j, t := range names {
		if j == i {
			continue
		}
		p := commonPrefix(s, t)
		if p >= len(s) {
			p = len(s) - 1
		}
		if p < 0 {
			continue
		}
		// The word at p; at a separator, the separator and the word
		// before it ("10" of "…=10-2" against "…=100-2").
		a, b := p, p+1
		if strings.ContainsRune(nameSeps, s[p]) {
			a = p
		}
		for a > 0 && !strings.ContainsRune(nameSeps, s[a-1]) {
			a--
		}
		for b < len(s) && !strings.ContainsRune(nameSeps, s[b]) && !strings.ContainsRune(nameSeps, s[p]) {
			b++
		}
		if a == 0 { // in the first word: up to the rune that differs
			b = min(b, p+1)
		}
		for k := a; k < b; k++ {
			keep[k] = true
		}
	}
	return keep
}

func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// elideKeeping elides s to fit w, keeping the runes marked in keep: as
// elide when its cut keeps them; else the marked runes, a head and a
// tail as long as fit, each gap between them written "…"; when the
// marked runes alone are too wide, they are elided in their middle.
func elideKeeping(s []rune, keep []bool, sty text.Style, w vg.Length) string {
	if e := elide(string(s), sty, w); keepsAll(e, s, keep) {
		return e
	}
	build := func(k int) string { // k runes of head and tail
		var sb strings.Builder
		gap := 0 // runes left out since the last kept one
		for i, r := range s {
			if !keep[i] && i >= k/2 && i < len(s)-k/2 {
				gap++
				continue
			}
			switch gap {
			case 0:
			case 1: // an ellipsis would take its place
				sb.WriteRune(s[i-1])
			default:
				sb.WriteString("…")
			}
			gap = 0
			sb.WriteRune(r)
		}
		if gap > 0 {
			sb.WriteString("…")
		}
		return sb.String()
	}
	if least := build(0); sty.Width(least) > w {
		return elide(least, sty, w)
	}
	return build(widest(2*len(s), func(k int) bool { return sty.Width(build(k)) <= w }))
}

// keepsAll reports whether e, an elision of s by elide, holds every run
// of marked runes of s.
func keepsAll(e string, s []rune, keep []bool) bool {
	for i := 0; i < len(s); {
		if !keep[i] {
			i++
			continue
		}
		j := i
		for j < len(s) && keep[j] {
			j++
		}
		if !strings.Contains(e, string(s[i:j])) {
			return false
		}
		i = j
	}
	return true
}

// pathBases returns s with each word that looks like a file path
// ("/work/x/bench_v1.txt", "runs/a.txt") cut to its base name, and
// whether it cut any: a title names its inputs by their files, whose
// directories rarely tell them apart and would be elided in the middle
// of a file name instead.
func pathBases(s string) (string, bool) {
	words := strings.Split(s, " ")
	cut := false
	for i, w := range words {
		trimmed := strings.TrimRight(w, ",;:)")
		if !looksLikePath(trimmed) {
			continue
		}
		words[i] = path.Base(trimmed) + w[len(trimmed):]
		cut = true
	}
	return strings.Join(words, " "), cut
}

// looksLikePath reports whether w is a path with a directory: a slash
// and a file name with an extension, or a leading "/", "./" or "../";
// units such as sec/op and MB/s are not.
func looksLikePath(w string) bool {
	i := strings.LastIndexByte(w, '/')
	if i < 0 || i == len(w)-1 || utf8.RuneCountInString(w) < 4 {
		return false
	}
	return strings.Contains(w[i:], ".") || strings.HasPrefix(w, "/") || strings.HasPrefix(w, "./") || strings.HasPrefix(w, "../")
}

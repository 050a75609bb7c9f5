package parse

import (
	"path/filepath"
	"slices"
	"strings"
)

// ShortLabels returns a short name of each input for charts, legends and
// axes, where a whole path does not fit and eliding its middle can make
// two inputs look alike. A label given as "label=path" is kept as it is.
// Paths are cut to the part that tells them apart: the words (runs of
// characters between the separators / \ _ - . # and blanks) that all the
// paths share at their start and at their end are left out, so that
// runs/javor_bench_v1_sequential.txt, runs/javor_bench_v1_worker_pool.txt
// and runs/javor_bench_v6_worker_pool.txt become v1_sequential,
// v1_worker_pool and v6_worker_pool, and old.txt and new.txt become old
// and new. When one path is the start or the end of another
// (x.txt, x.old.txt), they keep their base names. One path alone becomes
// its base name. Standard input stays
// "-". The tables keep benchstat's labels (the whole paths); when a short
// name would equal another input's, every path keeps its whole label.
func ShortLabels(inputs []InputInfo) []string {
	out := make([]string, len(inputs))
	var paths []int // the inputs whose labels are paths
	for i, in := range inputs {
		out[i] = in.Label
		if !in.Named && in.Label != "-" {
			paths = append(paths, i)
		}
	}
	switch len(paths) {
	case 0:
		return out
	case 1:
		out[paths[0]] = filepath.Base(inputs[paths[0]].Label)
		return out
	}
	words := make([][]string, len(paths))
	for k, i := range paths {
		words[k] = splitWords(inputs[i].Label)
	}
	pre, suf := commonEnds(words)
	if pre+suf > 0 && !all(words, hasWord(pre, suf)) {
		pre, suf = 0, 0 // one path is another's start or end: base names
		for k, i := range paths {
			words[k] = splitWords(filepath.Base(inputs[i].Label))
		}
	}
	short := slices.Clone(out)
	for k, i := range paths {
		w := words[k]
		from := pre
		if from > 0 && w[from-1] == "#" {
			from-- // keep the # of "path#1"
		}
		short[i] = strings.TrimRight(strings.TrimLeft(strings.Join(w[from:len(w)-suf], ""), labelSeps[:len(labelSeps)-1]), labelSeps)
	}
	for i, s := range short {
		for j := range short {
			if i != j && (s == short[j] || s == "") {
				return out
			}
		}
	}
	return short
}

// labelSeps separate the words of a path; a short label keeps a leading
// "#" (the "#N" of a path given twice).
const labelSeps = "/\\_-. \t#"

// splitWords splits s into words and separators, each its own element, so
// that joining them gives s.
func splitWords(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if strings.ContainsRune(labelSeps, r) {
			if i > start {
				out = append(out, s[start:i])
			}
			out = append(out, string(r))
			start = i + len(string(r))
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// commonEnds returns how many elements every list of words shares at its
// start and at its end.
func commonEnds(words [][]string) (pre, suf int) {
	shortest := len(words[0])
	for _, w := range words {
		shortest = min(shortest, len(w))
	}
	same := func(at func(w []string) string) bool {
		for _, w := range words[1:] {
			if at(w) != at(words[0]) {
				return false
			}
		}
		return true
	}
	for pre < shortest && same(func(w []string) string { return w[pre] }) {
		pre++
	}
	for suf < shortest-pre && same(func(w []string) string { return w[len(w)-1-suf] }) {
		suf++
	}
	return pre, suf
}

// hasWord reports whether w, without pre elements at its start and suf
// at its end, keeps a word that is not a separator.
func hasWord(pre, suf int) func([]string) bool {
	return func(w []string) bool {
		for _, s := range w[pre : len(w)-suf] {
			if !strings.Contains(labelSeps, s) {
				return true
			}
		}
		return false
	}
}

func all[T any](xs []T, f func(T) bool) bool {
	for _, x := range xs {
		if !f(x) {
			return false
		}
	}
	return true
}

// Package text holds the words concbench writes, one of each: how
// markdown escapes text and quotes code, and which plural form a count
// takes. The engine's views (REPORT.md, the compare gate's markdown,
// TREND.md), its charts, the suite preset and bisect's bisect.md write
// with it.
package text

import (
	"fmt"
	"strings"
)

// escaper turns text into markdown that shows it as it is, inside a
// paragraph or a table cell.
var escaper = strings.NewReplacer(
	">=", "≥", // benchmath's "need >= 6 samples", which markdown would quote
	"|", `\|`, "\n", " ", "\r", " ",
	"<", "&lt;", ">", "&gt;",
	"*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"`", "'",
)

// Escape makes s safe in a markdown paragraph, heading, image text or
// table cell: it shows as written, on one line (benchmath's ">=" as "≥").
func Escape(s string) string { return escaper.Replace(s) }

// Code returns s as inline code, its backquotes made quotes and its line
// breaks spaces. (In a table
// cell, a pipe must be escaped inside code too, and shows as "\|"
// outside one: a cell's writer escapes them.)
func Code(s string) string {
	return "`" + codeEscaper.Replace(s) + "`"
}

// codeEscaper keeps inline code on one line and closed: a backquote
// becomes a quote, a line break a space.
var codeEscaper = strings.NewReplacer("`", "'", "\r\n", " ", "\n", " ", "\r", " ")

// List joins "a", "b", "c" as "a, b and c" (one item alone, none as "").
func List(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// Plural returns the form of a word for a count of n: forms[0] for 1,
// else forms[1], or forms[0] with an s when there is no second form.
func Plural(n int, forms ...string) string {
	if n == 1 {
		return forms[0]
	}
	if len(forms) > 1 {
		return forms[1]
	}
	return forms[0] + "s"
}

// Count returns n and the word's form for it: "1 result", "3 results",
// "2 values have".
func Count(n int, forms ...string) string {
	return fmt.Sprintf("%d %s", n, Plural(n, forms...))
}

package markdown

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"a|b":                      `a\|b`,
		"<script>":                 "&lt;script&gt;",
		"need >= 6 samples":        "need ≥ 6 samples",
		"x_y*z":                    `x\_y\*z`,
		"line\nbreak":              "line break",
		"IO/api=mock/strategy=seq": "IO/api=mock/strategy=seq",
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFootnotes(t *testing.T) {
	fn := newFootnotes()
	a, b := errors.New("a"), errors.New("b")
	if got := fn.mark([]error{a}, []error{b, a}); got != " ¹ ² ¹" {
		t.Errorf("marks %q", got)
	}
	if got := superscript(120); got != "¹²⁰" {
		t.Errorf("superscript(120) = %q", got)
	}
}

// TestWriteMinimal writes a report with one benchmark and no tasks: no
// summary, no task sections, the generic tables as given, the warnings.
func TestWriteMinimal(t *testing.T) {
	var buf bytes.Buffer
	r := &Report{Runs: []string{"b.txt"}, Results: 1, Benchmarks: 1, TableCount: 1, Generic: "## Tables\n\n(the tables)\n\n", Warnings: []string{"a <warning>"}}
	if err := Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"# Benchmark report", "From `b.txt`: 1 result of 1 benchmark in 1 table.", "## Tables\n\n(the tables)", "## Warnings", "- a &lt;warning&gt;"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "## Summary") {
		t.Errorf("summary without tasks:\n%s", out)
	}
}

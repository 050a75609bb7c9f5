package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestWriteMinimal writes a report with one benchmark and no preset: no
// summary, no sections, the tables as given, the warnings escaped.
func TestWriteMinimal(t *testing.T) {
	var buf bytes.Buffer
	d := &document{Runs: []string{"b.txt"}, Results: 1, Benchmarks: 1, TableCount: 1, Part: &Part{}, Tables: "## Tables\n\n(the tables)\n\n", Warnings: []string{"a <warning>"}}
	if err := d.write(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"# Benchmark report", "From `b.txt`: 1 result of 1 benchmark in 1 table.", "## Tables\n\n(the tables)", "## Warnings", "- a &lt;warning&gt;"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "## Summary") {
		t.Errorf("summary without a preset:\n%s", out)
	}
}

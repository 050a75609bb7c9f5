package view

import (
	"bytes"
	"encoding/json"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/internal/golden"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// build returns the model of files (under ../../testdata) with spec.
func build(t *testing.T, spec model.Spec, files ...string) *model.Tables {
	t.Helper()
	var paths []string
	for _, f := range files {
		paths = append(paths, filepath.Join("..", "..", "testdata", f))
	}
	b, err := model.NewBuilder(spec)
	if err != nil {
		t.Fatal(err)
	}
	info, err := parse.Scan(parse.Sources(paths), nil, func(r *benchfmt.Result) { b.Add(r) })
	if err != nil {
		t.Fatal(err)
	}
	return b.Tables(info.Units)
}

// TestGoldenViews renders two runs of five packages in each format and
// compares the output with testdata/multipkg.FORMAT; -update rewrites them.
func TestGoldenViews(t *testing.T) {
	ts := build(t, model.DefaultSpec, "stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt")
	for _, f := range []Format{Text, Markdown, CSV, JSON} {
		t.Run(string(f), func(t *testing.T) {
			var out, warn bytes.Buffer
			if err := Write(&out, &warn, ts, f); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "multipkg."+string(f)), out.Bytes(), *update)
		})
	}
}

// TestJSONCarriesEveryCell checks that the JSON has, for every cell of
// the model, its samples, median, interval, and against the base its
// change and p-value, unformatted.
func TestJSONCarriesEveryCell(t *testing.T) {
	ts := build(t, model.DefaultSpec, "stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt")
	var out bytes.Buffer
	if err := WriteJSON(&out, ts); err != nil {
		t.Fatal(err)
	}
	var doc jsonDoc
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Tables) != len(ts.Tables) {
		t.Fatalf("%d tables in JSON, %d in the model", len(doc.Tables), len(ts.Tables))
	}
	for i, mt := range ts.Tables {
		jt := doc.Tables[i]
		if jt.Unit != mt.Unit || len(jt.Rows) != len(mt.Rows) {
			t.Fatalf("table %d: %s with %d rows, want %s with %d", i, jt.Unit, len(jt.Rows), mt.Unit, len(mt.Rows))
		}
		for j, rk := range mt.Rows {
			jr := jt.Rows[j]
			for _, jc := range jr.Cells {
				var c *model.Cell
				for _, ck := range mt.Cols {
					if model.Label(ck) == jc.Column {
						c = mt.Cell(rk, ck)
					}
				}
				if c == nil {
					t.Fatalf("%s %s: no such cell in the model", jr.Name, jc.Column)
				}
				if jc.N != len(c.Sample.Values) || jc.Center == nil || *jc.Center != c.Summary.Center {
					t.Errorf("%s %s: n=%d center=%v, model n=%d center=%v", jr.Name, jc.Column, jc.N, jc.Center, len(c.Sample.Values), c.Summary.Center)
				}
				if c.Baseline != nil && (jc.P == nil || *jc.P != c.Comparison.P) {
					t.Errorf("%s %s: p=%v, model %v", jr.Name, jc.Column, jc.P, c.Comparison.P)
				}
			}
		}
	}
}

// TestTextTableHeaders: the text view names, before each table, the
// configuration that changed since the one before, as benchstat does.
func TestTextTableHeaders(t *testing.T) {
	ts := build(t, model.DefaultSpec, "stdlib/note.txt")
	var out bytes.Buffer
	if err := WriteText(&out, ts); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"goos: linux\n", "note: after\n", "note: before\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("text lacks %q:\n%s", want, s)
		}
	}
	if strings.Count(s, "goos: linux") != 1 {
		t.Errorf("unchanged configuration repeated:\n%s", s)
	}
}

package model_test

import (
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/report/model"
)

// tablesOf builds the model of a benchmark file's text under spec.
func tablesOf(t *testing.T, text string, spec model.Spec) *model.Tables {
	t.Helper()
	b, err := model.NewBuilder(spec)
	if err != nil {
		t.Fatal(err)
	}
	r := benchfmt.NewReader(strings.NewReader(text), "in.txt")
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok {
			b.Add(res)
		}
	}
	return b.Tables(r.Units())
}

const sortText = `goos: linux
pkg: example.com/sort
BenchmarkSort/strategy=quick/n=100-2 	 100	 1000 ns/op
BenchmarkSort/strategy=quick/n=100-2 	 100	 1010 ns/op
BenchmarkSort/strategy=merge/n=100-2 	 100	 1200 ns/op
BenchmarkSort/strategy=merge/n=100-2 	 100	 1210 ns/op
`

// A key of -table, -row or -col that no result has is a warning naming
// the keys the results have; the tables are benchstat's all the same.
func TestUnknownProjectionKey(t *testing.T) {
	for _, c := range []struct {
		name string
		spec func(*model.Spec)
		want []string // substrings of the one warning; none: no warning
	}{
		{"typo in -col", func(s *model.Spec) { s.Col = "/stratgy" }, []string{"-col", "/stratgy", "/strategy, /n, /gomaxprocs", "goos, pkg"}},
		{"unknown config key in -row", func(s *model.Spec) { s.Row = "commit" }, []string{"-row", "configuration key commit", "goos, pkg"}},
		{"unknown key in -table", func(s *model.Spec) { s.Table = "/size" }, []string{"-table", "/size"}},
		{"a misspelled special key", func(s *model.Spec) { s.Col = ".fle" }, []string{"-col", "configuration key .fle"}},
		{"special keys", func(s *model.Spec) { s.Table, s.Row, s.Col = ".config", ".name", ".fullname" }, nil},
		{"known name key", func(s *model.Spec) { s.Col = "/strategy" }, nil},
		{"known config key", func(s *model.Spec) { s.Table = "goos" }, nil},
		{"defaults", func(*model.Spec) {}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := model.DefaultSpec
			c.spec(&s)
			ts := tablesOf(t, sortText, s)
			if len(c.want) == 0 {
				if len(ts.Warnings) != 0 {
					t.Fatalf("warnings %q, want none", ts.Warnings)
				}
				return
			}
			if len(ts.Warnings) != 1 {
				t.Fatalf("warnings %q, want one", ts.Warnings)
			}
			for _, w := range c.want {
				if !strings.Contains(ts.Warnings[0], w) {
					t.Errorf("warning %q lacks %q", ts.Warnings[0], w)
				}
			}
		})
	}
}

// With a typo the results still form benchstat's tables: one column
// whose label is empty.
func TestUnknownKeyKeepsTables(t *testing.T) {
	s := model.DefaultSpec
	s.Col = "/stratgy"
	ts := tablesOf(t, sortText, s)
	if len(ts.Tables) != 1 || len(ts.Tables[0].Cols) != 1 || model.Label(ts.Tables[0].Cols[0]) != "" || len(ts.Tables[0].Rows) != 2 {
		t.Fatalf("tables %+v, want one table of two rows and one unnamed column", ts.Tables)
	}
}

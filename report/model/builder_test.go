package model

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
)

// results reads benchmark text into results with their rounds: the
// configuration line "round: N" gives the round of the results after it.
func results(t *testing.T, text string) (out []*benchfmt.Result, rounds []int) {
	t.Helper()
	r := benchfmt.NewReader(strings.NewReader(text), "a.txt")
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.Result:
			round, _ := strconv.Atoi(rec.GetConfig("round"))
			out = append(out, rec.Clone())
			rounds = append(rounds, round)
		case *benchfmt.SyntaxError:
			t.Fatal(rec)
		}
	}
	return out, rounds
}

// TestMeasured checks that a cell keeps its values in the order added
// with their rounds beside the sorted sample, that benchstat's numbers
// are the same with rounds or without, and that a cell without rounds has
// none.
func TestMeasured(t *testing.T) {
	text := "round: 1\nBenchmarkA 1 30 ns/op\nBenchmarkB 1 7 ns/op\nround: 2\nBenchmarkA 1 10 ns/op\nBenchmarkA 1 20 ns/op\nround: 3\nBenchmarkA 1 15 ns/op\n"
	res, rounds := results(t, text)
	spec := DefaultSpec
	spec.Ignore = "round"
	var ts [2]*Tables
	for i, withRounds := range []bool{true, false} {
		b, err := NewBuilder(spec)
		if err != nil {
			t.Fatal(err)
		}
		for j, r := range res {
			round := rounds[j]
			if !withRounds {
				round = 0
			}
			b.AddRound(r.Clone(), round)
		}
		ts[i] = b.Tables(nil)
	}
	tab := ts[0].Tables[0]
	a := tab.Cell(tab.Rows[0], tab.Cols[0])
	want := []Measurement{{30, 1}, {10, 2}, {20, 2}, {15, 3}}
	for i := range want {
		want[i].Value *= 1e-9 // ns/op as benchfmt tidies it
	}
	if !slices.Equal(a.Measured, want) {
		t.Errorf("Measured = %v, want %v", a.Measured, want)
	}
	if got := a.InRound(2); !slices.Equal(got, []float64{want[1].Value, want[2].Value}) {
		t.Errorf("InRound(2) = %v", got)
	}
	if !slices.IsSorted(a.Sample.Values) || len(a.Sample.Values) != 4 {
		t.Errorf("Sample.Values = %v, want the 4 values sorted", a.Sample.Values)
	}
	plain := ts[1].Tables[0]
	p := plain.Cell(plain.Rows[0], plain.Cols[0])
	if p.Measured != nil {
		t.Errorf("without rounds, Measured = %v, want nil", p.Measured)
	}
	if p.Summary.Center != a.Summary.Center || p.Summary.Lo != a.Summary.Lo || p.Summary.Hi != a.Summary.Hi || !slices.Equal(p.Sample.Values, a.Sample.Values) {
		t.Errorf("the summary changed with rounds: %+v, %+v", p.Summary, a.Summary)
	}
}

// TestAlso checks that the second grouping of Also gets, in the same
// pass, the results keep accepts that the filter kept, under its own
// Spec.
func TestAlso(t *testing.T) {
	text := "pkg: x\nBenchmarkA/s=1 1 30 ns/op 4 B/op\nBenchmarkA/s=2 1 7 ns/op 4 B/op\npkg: y\nBenchmarkC 1 15 ns/op 8 B/op\n"
	res, _ := results(t, text)
	spec := DefaultSpec
	spec.Filter = ".unit:sec/op"
	b, err := NewBuilder(spec)
	if err != nil {
		t.Fatal(err)
	}
	also, err := b.Also(Spec{Row: "/s", Col: ".file", Filter: "*", Alpha: 0.05, Confidence: 0.95}, func(r *benchfmt.Result) bool { return r.GetConfig("pkg") == "x" })
	if err != nil {
		t.Fatal(err)
	}
	all, err := b.Also(Spec{Table: "pkg", Row: ".name", Col: ".file", Filter: "*", Alpha: 0.05, Confidence: 0.95}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		b.Add(r)
	}
	if n := len(b.Tables(nil).Tables); n != 2 {
		t.Errorf("%d tables, want 2 (pkg x and y, sec/op)", n)
	}
	if n := len(all.Tables(nil).Tables); n != 2 || all.Len() != 3 {
		t.Errorf("the grouping of every result: %d tables of %d results, want 2 of 3", n, all.Len())
	}
	at := also.Tables(nil)
	if also.Len() != 2 || len(at.Tables) != 1 {
		t.Fatalf("the grouping of pkg x: %d results in %d tables, want 2 in one (sec/op of pkg x)", also.Len(), len(at.Tables))
	}
	var rows []string
	for _, r := range at.Tables[0].Rows {
		rows = append(rows, Label(r))
	}
	if at.Tables[0].Unit != "sec/op" || !slices.Equal(rows, []string{"1", "2"}) {
		t.Errorf("the grouping of pkg x: %s, rows %v; want sec/op, rows 1 and 2", at.Tables[0].Unit, rows)
	}
}

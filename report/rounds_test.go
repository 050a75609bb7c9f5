package report_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/view"
)

// TestRounds reads a file shaped as concbench bench writes it (its
// settings line and header, the round-trip probe before and the marker
// after each of 6 interleaved rounds of two benchmarks): every cell keeps
// each value with its round, in the order measured, beside the sorted
// sample; and the tables are benchstat's, byte for byte the same as of
// the file without the runner's lines.
func TestRounds(t *testing.T) {
	var runner, plain strings.Builder
	runner.WriteString(contract.BenchPrefix + "pkg=\"./...\" bench=\".\" count=6\n")
	runner.WriteString(contract.KeyCommit + ": 5ce14cbd0e2f\n" + contract.KeyRef + ": HEAD\n")
	for _, b := range []*strings.Builder{&runner, &plain} {
		b.WriteString("goos: linux\ngoarch: amd64\npkg: example.com/m\n")
	}
	want := map[string][]model.Measurement{}
	for round := 1; round <= 6; round++ {
		runner.WriteString(contract.RoundTripLine(round, 400))
		for _, name := range []string{"A", "B"} {
			ns := 100*len(name+strings.Repeat("x", round%3)) + 7*round // differs by round, not sorted
			line := fmt.Sprintf("Benchmark%s-2\t1000\t%d ns/op\n", name, ns)
			runner.WriteString(line)
			plain.WriteString(line)
			want[name] = append(want[name], model.Measurement{Value: float64(ns) * 1e-9, Round: round})
		}
		runner.WriteString("PASS\n" + contract.RoundDoneLine(round))
	}
	dir := t.TempDir()
	var tables [2]*model.Tables
	for i, text := range []string{runner.String(), plain.String()} {
		path := filepath.Join(dir, fmt.Sprint(i, ".txt"))
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		in, err := report.Load(report.Options{Files: []string{"run=" + path}})
		if err != nil {
			t.Fatal(err)
		}
		tables[i] = in.Tables
	}
	tab := tables[0].Tables[0]
	for _, row := range tab.Rows {
		c := tab.Cell(row, tab.Cols[0])
		name := strings.TrimSuffix(model.Label(row), "-2")
		if len(c.Measured) != 6 || !slices.EqualFunc(c.Measured, want[name], func(a, b model.Measurement) bool {
			return a.Round == b.Round && a.Value-b.Value < 1e-15 && b.Value-a.Value < 1e-15
		}) {
			t.Errorf("%s: Measured = %v, want %v", name, c.Measured, want[name])
		}
		if !slices.IsSorted(c.Sample.Values) {
			t.Errorf("%s: the sample is not sorted: %v", name, c.Sample.Values)
		}
	}
	if p := tables[1].Tables[0]; p.Cell(p.Rows[0], p.Cols[0]).Measured != nil {
		t.Error("a file without the runner's lines has rounds")
	}
	var csv [2]bytes.Buffer
	for i := range tables {
		if err := view.WriteCSV(&csv[i], nil, tables[i]); err != nil {
			t.Fatal(err)
		}
	}
	if csv[0].String() != csv[1].String() {
		t.Errorf("the tables changed with the rounds:\n%s\nwithout:\n%s", csv[0].String(), csv[1].String())
	}
}

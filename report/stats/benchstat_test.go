package stats

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/report/internal/synth"
	"github.com/concbench/concbench/report/parse"
)

// TestMatchesBenchstat runs "go tool benchstat -format csv" (the version
// pinned in go.mod) on the report's testdata files and on generated
// inputs, and checks that Summarize computes the same medians (exactly:
// the CSV prints them in full), intervals, deltas, p-values, sample sizes
// and geomeans, to benchstat's printed precision.
func TestMatchesBenchstat(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to run benchstat with")
	}
	var inputs [][]string
	golden, _ := filepath.Glob("../testdata/*.txt")
	for _, f := range golden {
		if strings.HasSuffix(f, ".old.txt") {
			continue
		}
		in := []string{f}
		if old := strings.TrimSuffix(f, ".txt") + ".old.txt"; exists(old) {
			in = []string{old, f}
		}
		if _, err := parse.Files(in...); err == nil {
			inputs = append(inputs, in)
		}
	}
	dir := t.TempDir()
	gen := func(name string, o synth.Options) string {
		var b bytes.Buffer
		if err := synth.Write(&b, o); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	inputs = append(inputs,
		[]string{gen("a.txt", synth.Options{Count: 6, Seed: 1}), gen("b.txt", synth.Options{Count: 6, Seed: 2, Slower: map[string]float64{"pool": 1.1}})},
		[]string{gen("big-a.txt", synth.Options{Count: 40, Seed: 3, Noise: 0.2}), gen("big-b.txt", synth.Options{Count: 25, Seed: 4, Noise: 0.2, Slower: map[string]float64{"CPU": 1.05}})},
		[]string{gen("few.txt", synth.Options{Count: 3, Seed: 5})},
		[]string{gen("few-a.txt", synth.Options{Count: 2, Seed: 6}), gen("few-b.txt", synth.Options{Count: 5, Seed: 7})},
	)
	if len(golden) == 0 {
		t.Log("no testdata files in ../testdata; checking generated inputs only")
	}
	for _, in := range inputs {
		t.Run(strings.Join(in, "+"), func(t *testing.T) {
			cmd := exec.Command(goCmd, append([]string{"tool", "benchstat", "-format", "csv"}, in...)...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("go tool benchstat: %v\n%s", err, stderr.Bytes())
			}
			want, err := readBenchstatCSV(out)
			if err != nil {
				t.Fatalf("reading benchstat's CSV: %v\n%s", err, out)
			}
			set, err := parse.Files(in...)
			if err != nil {
				t.Fatal(err)
			}
			got := Summarize(set, DefaultOptions)
			compareTables(t, got, want)
		})
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// A bsTable is one table of benchstat's CSV output.
type bsTable struct {
	unit  string
	files []string
	rows  map[string][]bsCell // by benchmark name, per file
	order []string
	geo   []bsCell
}

// A bsCell is what benchstat's CSV prints for one benchmark in one file.
type bsCell struct {
	present      bool // the row has a value in this file
	center, ci   string
	delta, pn    string
	geomeanRatio string
}

// readBenchstatCSV parses benchstat's CSV: configuration lines, then per
// table a row of file names, a row of units, the benchmark rows and the
// geomean row.
func readBenchstatCSV(data []byte) ([]*bsTable, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var tables []*bsTable
	var cur *bsTable
	var cols []int // the column of each file's center
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch {
		case len(rec) < 2:
			cur = nil // configuration line or separator
		case rec[0] == "" && (cur == nil || cur.unit != ""):
			cur = &bsTable{rows: make(map[string][]bsCell)}
			cols = nil
			for i, f := range rec {
				if f != "" {
					cur.files = append(cur.files, f)
					cols = append(cols, i)
				}
			}
			tables = append(tables, cur)
		case rec[0] == "" && cur.unit == "":
			cur.unit = rec[cols[0]]
		default:
			cells := make([]bsCell, len(cols))
			for k, c := range cols {
				if rec[0] == "geomean" && k > 0 && c+2 < len(rec) {
					cells[k].geomeanRatio = rec[c+2]
				}
				if c+1 >= len(rec) || rec[c] == "" && rec[c+1] == "" {
					continue
				}
				cells[k].present, cells[k].center, cells[k].ci = true, rec[c], rec[c+1]
				if k > 0 && c+3 < len(rec) {
					cells[k].delta, cells[k].pn = rec[c+2], rec[c+3]
				}
			}
			if rec[0] == "geomean" {
				cur.geo = cells
			} else {
				cur.rows[rec[0]] = cells
				cur.order = append(cur.order, rec[0])
			}
		}
	}
	return tables, nil
}

func compareTables(t *testing.T, got *Tables, want []*bsTable) {
	t.Helper()
	if len(got.Tables) != len(want) {
		t.Fatalf("%d tables, benchstat has %d", len(got.Tables), len(want))
	}
	checked := 0
	for i, w := range want {
		g := got.Tables[i]
		if g.Unit != w.unit {
			t.Fatalf("table %d: unit %s, benchstat %s", i, g.Unit, w.unit)
		}
		if len(g.Rows) != len(w.order) {
			t.Errorf("%s: %d rows, benchstat %d", g.Unit, len(g.Rows), len(w.order))
		}
		for ri, row := range g.Rows {
			if ri < len(w.order) && w.order[ri] != row.Name {
				t.Errorf("%s: row %d is %s, benchstat's is %s", g.Unit, ri, row.Name, w.order[ri])
			}
			wcells, ok := w.rows[row.Name]
			if !ok {
				t.Errorf("%s: %s missing in benchstat's output", g.Unit, row.Name)
				continue
			}
			for col, c := range row.Cells {
				wc := wcells[col]
				where := fmt.Sprintf("%s %s in %s", g.Unit, row.Name, g.Runs[col])
				if (c != nil) != wc.present {
					t.Errorf("%s: present %v, benchstat %v", where, c != nil, wc.present)
					continue
				}
				if c == nil {
					continue
				}
				checked++
				if s := fmt.Sprint(c.Summary.Center); s != wc.center {
					t.Errorf("%s: median %s, benchstat %s", where, s, wc.center)
				}
				if s := Range(c); s != wc.ci {
					t.Errorf("%s: interval ±%s, benchstat ±%s", where, s, wc.ci)
				}
				if col > 0 {
					if s := Delta(c); s != wc.delta {
						t.Errorf("%s: delta %s, benchstat %s", where, s, wc.delta)
					}
					if s := PN(c); s != wc.pn {
						t.Errorf("%s: %s, benchstat %s", where, s, wc.pn)
					}
				}
			}
		}
		if len(g.Rows) > 1 {
			for col, gm := range g.Geomean {
				wc := w.geo[col]
				if gm.HasSummary && fmt.Sprint(gm.Summary) != wc.center {
					t.Errorf("%s geomean in %s: %v, benchstat %s", g.Unit, g.Runs[col], gm.Summary, wc.center)
				}
				if col > 0 && GeomeanDelta(gm) != wc.geomeanRatio {
					t.Errorf("%s geomean ratio in %s: %s, benchstat %s", g.Unit, g.Runs[col], GeomeanDelta(gm), wc.geomeanRatio)
				}
			}
		}
	}
	if checked == 0 {
		t.Error("no cell checked")
	}
	t.Logf("%d cells match benchstat", checked)
}

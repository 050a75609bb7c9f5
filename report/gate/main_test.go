package gate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchunit"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// aaDir holds the suite's A/A recording (see testdata/README.md at the
// top of the repository).
var aaDir = filepath.Join("..", "..", "testdata", "aa")

// loadAA reads the A/A recording's values of unit (sec/op by default) into
// an AA: per benchmark, each side's value of each round.
func loadAA(t testing.TB, units ...string) *AA {
	t.Helper()
	if len(units) == 0 {
		units = []string{"sec/op"}
	}
	a, err := readAA(filepath.Join(aaDir, "A.txt"), filepath.Join(aaDir, "B.txt"), units)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// readAA reads the recording: side A's file, then side B's, each holding
// one result per benchmark per round, in the order of the rounds.
func readAA(pathA, pathB string, units []string) (*AA, error) {
	type key struct{ name, unit string }
	var order []key
	sides := [2]map[key][][]float64{{}, {}}
	for side, p := range []string{pathA, pathB} {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		r := benchfmt.NewReader(f, p)
		for r.Scan() {
			res, ok := r.Result().(*benchfmt.Result)
			if !ok {
				continue
			}
			for _, v := range res.Values {
				val, unit := benchunit.Tidy(v.Value, v.Unit)
				keep := false
				for _, u := range units {
					keep = keep || u == unit
				}
				if !keep {
					continue
				}
				k := key{strings.TrimPrefix(string(res.Name.Full()), "Benchmark"), unit}
				if _, ok := sides[0][k]; !ok && side == 0 {
					order = append(order, k)
				}
				sides[side][k] = append(sides[side][k], []float64{val})
			}
		}
		f.Close()
		if err := r.Err(); err != nil {
			return nil, err
		}
	}
	a := &AA{}
	for _, k := range order {
		b := LowerIsBetter
		if strings.HasSuffix(k.unit, "/s") {
			b = HigherIsBetter
		}
		a.Series = append(a.Series, Series{Name: k.name, Unit: k.unit, Better: b, A: sides[0][k], B: sides[1][k]})
	}
	return a, nil
}

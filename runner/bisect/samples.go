package bisect

import (
	"bytes"
	"os"
	"slices"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/contract"
)

// A Key names one benchmark of a results file.
type Key struct {
	Pkg   string // the pkg: configuration in force
	Name  string // the full name with its Benchmark prefix, without the -N suffix
	Procs string // the -N suffix, if any
}

// String is the benchmark's name as go test prints it.
func (k Key) String() string { return k.Name + k.Procs }

// A span is the rounds (From, To] of one results file.
type span struct{ From, To int }

// Samples reads the sec/op values of every benchmark in the rounds of a
// results file that spans list (all rounds when spans is nil), in file
// order. A round is the text up to its round marker.
func readSamples(path string, spans []span) (map[Key][]float64, []Key, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var kept []byte
	round := 1
	for line := range bytes.Lines(data) {
		in := spans == nil || slices.ContainsFunc(spans, func(s span) bool { return round > s.From && round <= s.To })
		if in {
			kept = append(kept, line...)
		}
		if _, ok := contract.RoundDone(string(line)); ok {
			round++
		}
	}
	out := make(map[Key][]float64)
	var order []Key
	r := benchfmt.NewReader(bytes.NewReader(kept), path)
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		v, ok := res.Value("sec/op")
		if !ok {
			continue
		}
		base, parts := res.Name.Parts()
		k := Key{Pkg: res.GetConfig("pkg"), Name: "Benchmark" + string(base)}
		for _, p := range parts {
			if p[0] == '-' {
				k.Procs = string(p)
			} else {
				k.Name += string(p)
			}
		}
		if _, ok := out[k]; !ok {
			order = append(order, k)
		}
		out[k] = append(out[k], v)
	}
	return out, order, r.Err()
}

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

// samples are the sec/op values of a results file's benchmarks, each with
// the pass its round was measured in (see passes).
type samples struct {
	values map[Key][]float64
	passes map[Key][]int
	order  []Key // the benchmarks in file order
}

// passes numbers the passes of the runner (contract.Pass) that the rounds
// of several results files were measured in, so that two files' values of
// one pass get one number: the gate pairs them (gate.Comparison.OldRound).
// A round without a known pass gets a number of its own.
type passes map[contract.Pass]int

func (ps passes) id(p contract.Pass) int {
	if !p.Known() {
		p = contract.Pass{Run: "unknown", Index: -len(ps) - 1} // never equal to another
	}
	if n, ok := ps[p]; ok {
		return n
	}
	ps[p] = len(ps) + 1
	return ps[p]
}

// readSamples reads the sec/op values of every benchmark in the rounds of a
// results file that spans list (all rounds when spans is nil), in file
// order, each with its pass numbered by ps. A round is the text up to its
// round marker; the configuration lines before the first round (the
// runner's header) apply to every round.
func readSamples(path string, spans []span, ps passes) (*samples, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var header, round []byte
	inHeader := true
	n := 1
	out := &samples{values: make(map[Key][]float64), passes: make(map[Key][]int)}
	for line := range bytes.Lines(data) {
		if inHeader && bytes.HasPrefix(line, []byte("Benchmark")) {
			inHeader = false
		}
		if _, pass, ok := contract.RoundPass(string(line)); ok && bytes.Contains(line, []byte(" done")) {
			if spans == nil || slices.ContainsFunc(spans, func(s span) bool { return n > s.From && n <= s.To }) {
				if err := out.read(path, append(slices.Clip(header), round...), ps.id(pass)); err != nil {
					return nil, err
				}
			}
			n++
			round = round[:0]
			inHeader = false
			continue
		}
		if inHeader {
			header = append(header, line...)
		} else {
			round = append(round, line...)
		}
	}
	if spans == nil && len(bytes.TrimSpace(round)) > 0 { // not the runner's: no round markers
		if err := out.read(path, append(header, round...), ps.id(contract.Pass{})); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// read adds the sec/op values of one round's text, measured in pass.
func (s *samples) read(path string, text []byte, pass int) error {
	r := benchfmt.NewReader(bytes.NewReader(text), path)
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
		if _, ok := s.values[k]; !ok {
			s.order = append(s.order, k)
		}
		s.values[k] = append(s.values[k], v)
		s.passes[k] = append(s.passes[k], pass)
	}
	return r.Err()
}

package report

import (
	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
)

// passKeys tells which rounds of several inputs were measured together: the
// rounds of concbench bench's files whose markers name the same pass of
// one run of the runner (contract.Pass). Round numbers alone do not say
// it: a file extended by a later run, or a ref added to kept results,
// numbers its rounds of one pass differently from the others'.
//
// While the inputs are read, key gives each (input, round) a key of its
// own for the model's cells (model.Measurement.Round); once they are,
// resolve maps the keys to pass numbers, the same for the rounds of one
// pass in any input, and 0 for a round whose marker names no pass.
type passKeys struct {
	keys map[inputRound]int
	pass map[int]int // key → pass number, after resolve
}

type inputRound struct {
	label string
	round int
}

func newPassKeys() *passKeys { return &passKeys{keys: make(map[inputRound]int)} }

// key returns the key of round of res's input; 0 for no round.
func (p *passKeys) key(res *benchfmt.Result, round int) int {
	if round == 0 {
		return 0
	}
	ir := inputRound{res.GetConfig(".file"), round}
	k, ok := p.keys[ir]
	if !ok {
		k = len(p.keys) + 1
		p.keys[ir] = k
	}
	return k
}

// resolve reads the inputs' round markers (their notes).
func (p *passKeys) resolve(info *parse.Info) {
	byInput := make(map[string]map[int]contract.Pass)
	for _, in := range info.Inputs {
		byInput[in.Label] = roundPasses(in.Notes)
	}
	number := make(map[contract.Pass]int)
	p.pass = make(map[int]int, len(p.keys))
	for ir, k := range p.keys {
		ps, ok := byInput[ir.label][ir.round]
		if !ok {
			continue
		}
		n, ok := number[ps]
		if !ok {
			n = len(number) + 1
			number[ps] = n
		}
		p.pass[k] = n
	}
}

// of returns c's values and the pass of each (nil when c has no rounds),
// for the gate (gate.Comparison's Old and OldRound).
func (p *passKeys) of(c *model.Cell) ([]float64, []int) {
	if c.Measured == nil || p == nil {
		return append([]float64(nil), c.Sample.Values...), nil
	}
	values, rounds := make([]float64, len(c.Measured)), make([]int, len(c.Measured))
	for i, m := range c.Measured {
		values[i], rounds[i] = m.Value, p.pass[m.Round]
	}
	return values, rounds
}

// roundPasses reads the round markers among an input's notes: the pass
// each round was measured in, where its marker names one.
func roundPasses(notes []string) map[int]contract.Pass {
	out := make(map[int]contract.Pass)
	for _, line := range notes {
		if r, p, ok := contract.RoundPass(line); ok && p.Known() {
			out[r] = p
		}
	}
	return out
}

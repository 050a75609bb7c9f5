package report_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/gate"
)

// spellFiles writes OLD and NEW as one interleaved run of concbench bench
// writes them: 30 benchmarks measured twice in each of 10 rounds, in a
// half of which a slow spell of the machine slows both sides alike (by
// 10–40%); NEW's BenchmarkX7 is 7% slower. Each file's round r ends with
// a marker naming the pass passes[side](r) (the zero Pass: a marker
// without one); NEW may have rounds before OLD's first (skip).
func spellFiles(t *testing.T, skip int, pass func(side, round int) contract.Pass) (old, nw string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(20, 7))
	dir := t.TempDir()
	var files [2]strings.Builder
	for side := range files {
		fmt.Fprintf(&files[side], "%spkg=\"./...\" bench=\".\"\n%s: %040x\n%s: v%d\ngoos: linux\ngoarch: amd64\npkg: example.com/m\n",
			contract.BenchPrefix, contract.KeyCommit, side, contract.KeyRef, side)
	}
	for r := range 10 + skip {
		slow := 1.0
		if rng.Float64() < 0.5 {
			slow = 1.1 + 0.3*rng.Float64()
		}
		for side := range files {
			if side == 0 && r < skip {
				continue // NEW alone measured these rounds (an earlier run)
			}
			for range 2 {
				for b := range 30 {
					v := float64(1000*(b+1)) * slow * (1 + 0.01*rng.NormFloat64())
					if side == 1 && b == 7 {
						v *= 1.07
					}
					fmt.Fprintf(&files[side], "BenchmarkX%d-2\t100\t%.1f ns/op\n", b, v)
				}
			}
		}
		for side := range files {
			if side == 0 && r < skip {
				continue
			}
			n := r + 1
			if side == 0 {
				n -= skip
			}
			files[side].WriteString("PASS\n" + contract.RoundDoneIn(n, pass(side, r)))
		}
	}
	var paths [2]string
	for side := range files {
		paths[side] = filepath.Join(dir, fmt.Sprint(side, ".txt"))
		if err := os.WriteFile(paths[side], []byte(files[side].String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return paths[0], paths[1]
}

// TestComparePairsRounds: compare pairs the rounds of OLD and NEW that one
// run of the runner measured together, as their markers say (also when a
// resumed run numbers them differently), and only those: files measured
// in other runs, or whose markers name no pass, are compared unpaired.
// Paired, a 7% slowdown is named through slow spells that hide it from
// the Mann–Whitney U test.
func TestComparePairsRounds(t *testing.T) {
	run := func(id string) func(side, round int) contract.Pass {
		return func(_, round int) contract.Pass { return contract.Pass{Run: id, Index: round + 1} }
	}
	for _, tc := range []struct {
		name   string
		skip   int
		pass   func(side, round int) contract.Pass
		rounds int // of each paired verdict; 0: none paired
	}{
		{"one run", 0, run("20261204T210443Z-0000beef"), 10},
		{"resumed: NEW's round 1 from an earlier run", 1, func(side, round int) contract.Pass {
			if round == 0 {
				return contract.Pass{Run: "20261204T200000Z-00000001", Index: 1}
			}
			return contract.Pass{Run: "20261204T210443Z-0000beef", Index: round}
		}, 10},
		{"two runs", 0, func(side, round int) contract.Pass {
			return contract.Pass{Run: fmt.Sprintf("20261204T21000%dZ-00000001", side), Index: round + 1}
		}, 0},
		{"markers without passes", 0, func(int, int) contract.Pass { return contract.Pass{} }, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old, nw := spellFiles(t, tc.skip, tc.pass)
			for _, p := range []gate.Pairing{gate.PairedT, gate.Unpaired} {
				r, err := report.Compare(report.CompareOptions{Old: old, New: nw, Method: gate.Method{Alpha: 0.05, Threshold: 0.05, Pairing: p}})
				if err != nil {
					t.Fatal(err)
				}
				var slower []string
				for _, v := range r.Verdicts {
					want := tc.rounds
					if p == gate.Unpaired {
						want = 0
					}
					if v.Rounds != want {
						t.Fatalf("-pair %v: %s compared %d rounds, want %d", p, v.Name, v.Rounds, want)
					}
					if v.Kind == gate.Slower {
						slower = append(slower, v.Name)
					}
				}
				paired := p == gate.PairedT && tc.rounds > 0
				if named := len(slower) == 1 && strings.HasPrefix(slower[0], "X7-"); named != paired {
					t.Errorf("-pair %v: slower %v (%s); the 7%% slowdown of X7 named: %v, want %v", p, slower, r.Reason, named, paired)
				}
				if strings.Contains(r.Name(), "paired t") != paired {
					t.Errorf("-pair %v: method %q", p, r.Name())
				}
			}
		})
	}
}

// TestAAFromFilesRounds: an A/A recording of the runner is read round by
// round, a round of A with the round of B measured in the same pass (B's
// first round, from an earlier run, has none), each round's values
// together; files of two runs share no round.
func TestAAFromFilesRounds(t *testing.T) {
	a, b := spellFiles(t, 1, func(side, round int) contract.Pass {
		if round == 0 {
			return contract.Pass{Run: "20261204T200000Z-00000001", Index: 1}
		}
		return contract.Pass{Run: "20261204T210443Z-0000beef", Index: round}
	})
	// spellFiles' side 0 is A, side 1 (with the extra round) B.
	aa, err := report.AAFromFiles(a, b, "", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(aa.Series) != 30 {
		t.Fatalf("%d series, want 30", len(aa.Series))
	}
	for _, s := range aa.Series {
		if len(s.A) != 10 || len(s.B) != 10 || len(s.A[0]) != 2 || len(s.B[9]) != 2 {
			t.Fatalf("%s: %d+%d rounds (%d, %d values in the first and last), want 10 rounds of 2 values a side", s.Name, len(s.A), len(s.B), len(s.A[0]), len(s.B[9]))
		}
		// A round's two sides share its spell: their ratio is near 1
		// (X7's near 1.07) only when the rounds are paired right.
		want := 1.0
		if s.Name == "X7-2" {
			want = 1.07
		}
		for r := range s.A {
			if q := s.B[r][0] / s.A[r][0]; q < want-0.05 || q > want+0.05 {
				t.Errorf("%s round %d: B/A = %.3f, want about %.2f: the rounds are not paired by pass", s.Name, r+1, q, want)
			}
		}
	}
	a, b = spellFiles(t, 0, func(side, round int) contract.Pass {
		return contract.Pass{Run: fmt.Sprintf("20261204T21000%dZ-00000001", side), Index: round + 1}
	})
	if _, err := report.AAFromFiles(a, b, "", nil, nil); err == nil || !strings.Contains(err.Error(), "share no round") {
		t.Errorf("two runs: %v", err)
	}
}

// Package machine measures the machine that benchmarks run on, apart from
// the benchmarks: how fast each CPU does a fixed piece of work right now
// (Prober, which concbench bench runs before and after every group of
// benchmarks, and bench/hiccup's long recordings), and the round trip
// between two CPUs (RoundTrips).
//
// The fixed work comes in units of three kinds, each the kind of code a
// benchmark of the suite spends its time in: integer arithmetic in
// registers (ALU), math/big squaring modulo a Mersenne number as the
// Lucas–Lehmer test does (Big: multiplication, allocation, the caches), and
// a random walk over 16 MiB (Mem: cache misses and the memory bus). A unit's
// size is fixed when its Work is made, so that later units of it are the
// same work, and their times can be compared.
//
// Each probe thread runs on one CPU: on linux it is pinned there
// (sched_setaffinity), elsewhere the scheduler places it, and a probe
// measures threads rather than CPUs.
package machine

import (
	"math/big"
	"math/rand/v2"
	"time"
)

// A Kind is a kind of fixed work.
type Kind int

const (
	ALU Kind = iota // xorshift on one 64-bit word: the integer units and nothing else
	Big             // s = s² − 2 mod 2^4423 − 1 with math/big, as the Lucas–Lehmer test
	Mem             // a random walk over a 16 MiB table: a cache miss per step
)

// Kinds lists every kind, in the order a probe runs them.
var Kinds = []Kind{ALU, Big, Mem}

func (k Kind) String() string {
	switch k {
	case ALU:
		return "alu"
	case Big:
		return "big"
	case Mem:
		return "mem"
	}
	return "kind?"
}

// bigExp is the Mersenne exponent of the Big kind: the suite's largest
// Lucas–Lehmer exponent.
const bigExp = 4423

// two is 2, read by every Thread.
var two = big.NewInt(2)

// memWords is the length of the Mem kind's table (4 Mi uint32: 16 MiB).
const memWords = 4 << 20

// Work is one unit of work of each kind, with its size fixed.
type Work struct {
	size     [3]int   // iterations (ALU, Big) or steps (Mem) of a unit
	mem      []uint32 // mem[i] is the step after i: one random cycle through the table
	mersenne *big.Int
}

// NewWork sizes one unit of each kind to take about unit on this machine
// now. Making it takes a few times unit, plus the 16 MiB table.
func NewWork(unit time.Duration) *Work {
	w := &Work{mersenne: new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), bigExp), big.NewInt(1))}
	// Sattolo's algorithm: a uniformly random permutation of one cycle,
	// so that a walk visits the whole table before it repeats.
	w.mem = make([]uint32, memWords)
	for i := range w.mem {
		w.mem[i] = uint32(i)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := len(w.mem) - 1; i > 0; i-- {
		j := rng.IntN(i)
		w.mem[i], w.mem[j] = w.mem[j], w.mem[i]
	}
	th := w.Thread()
	for _, k := range Kinds {
		n := 1
		for {
			w.size[k] = n
			start := time.Now()
			th.Do(k)
			if d := time.Since(start); d >= unit/2 {
				w.size[k] = max(1, int(float64(n)*float64(unit)/float64(d)))
				break
			}
			n *= 2
		}
	}
	return w
}

// Size returns the size of a unit of kind k: iterations for ALU and Big,
// steps for Mem.
func (w *Work) Size(k Kind) int { return w.size[k] }

// A Thread runs units of w on one goroutine; make one per goroutine.
type Thread struct {
	w      *Work
	pos    uint32 // where the walk over the table is
	s, tmp big.Int
	sum    uint64
}

// Thread returns a new Thread of w.
func (w *Work) Thread() *Thread { return &Thread{w: w} }

// Do runs one unit of kind k.
func (t *Thread) Do(k Kind) {
	n := t.w.size[k]
	switch k {
	case ALU:
		x := uint64(88172645463325252)
		for range n {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
		}
		t.sum += x
	case Big:
		t.s.SetInt64(4)
		for range n {
			t.tmp.Mul(&t.s, &t.s)
			t.tmp.Sub(&t.tmp, two)
			t.s.Mod(&t.tmp, t.w.mersenne)
		}
		if b := t.s.Bits(); len(b) > 0 {
			t.sum += uint64(b[0])
		}
	case Mem:
		i := t.pos
		for range n {
			i = t.w.mem[i]
		}
		t.pos = i
		t.sum += uint64(i)
	}
}

// Sum returns a value that depends on every unit t ran, so that no
// compiler can leave the work out.
func (t *Thread) Sum() uint64 { return t.sum }

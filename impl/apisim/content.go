package apisim

import (
	"hash/fnv"
	"math/rand/v2"
)

const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// Strings returns the content the API serves for slot under seed: p.Count
// strings of ASCII letters, each of a length uniform in [p.Min, p.Max]. It is
// a pure function of its arguments.
func Strings(seed uint64, slot string, p Params) []string {
	r := rand.New(rand.NewPCG(seed, hashString(slot)))
	out := make([]string, p.Count)
	buf := make([]byte, 0, p.Max)
	for i := range out {
		n := p.Min + r.IntN(p.Max-p.Min+1)
		buf = buf[:0]
		for range n {
			buf = append(buf, letters[r.IntN(len(letters))])
		}
		out[i] = string(buf)
	}
	return out
}

// attemptRand returns the generator for the fault and latency draws of one
// attempt at a slot.
func attemptRand(seed uint64, slot string, attempt int) *rand.Rand {
	return rand.New(rand.NewPCG(seed^0x9e3779b97f4a7c15, hashString(slot)*31+uint64(attempt)))
}

func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

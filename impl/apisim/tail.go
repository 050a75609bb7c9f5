package apisim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Tail is the tail of the API's latency distribution: Percent of the
// answers take Factor times the latency they would otherwise take (1% ten
// times slower: Tail{1, 10}), as a server's occasional slow request does
// (a GC pause, a queue, a slow disk). Which answers are slow is drawn, like
// the latency's jitter and the faults, as a function of (seed, slot,
// attempt): the same in every run, and a second attempt at a slot (a
// retry, a hedged request) draws its own. The zero value is no tail.
type Tail struct {
	Percent float64 // share of the answers that are slow, in [0, 100]
	Factor  float64 // how many times slower they are, ≥ 1
}

// Validate reports a tail out of range.
func (t Tail) Validate() error {
	switch {
	case !(t.Percent >= 0 && t.Percent <= 100):
		return fmt.Errorf("tail: percent must be in [0, 100], got %v", t.Percent)
	case t.Percent > 0 && !(t.Factor >= 1 && !math.IsInf(t.Factor, 1)):
		return fmt.Errorf("tail: factor must be a finite number ≥ 1, got %v", t.Factor)
	}
	return nil
}

// String writes the tail as the tail= name key and the -tail flag do:
// "1%x10", or "none".
func (t Tail) String() string {
	if t.Percent == 0 {
		return "none"
	}
	return strconv.FormatFloat(t.Percent, 'g', -1, 64) + "%x" + strconv.FormatFloat(t.Factor, 'g', -1, 64)
}

// ParseTail reads a tail as String writes it: "1%x10" (1% of the answers
// ten times slower), "0.5%x20"; "none" or "" is no tail.
func ParseTail(s string) (Tail, error) {
	if s == "" || s == "none" {
		return Tail{}, nil
	}
	pct, factor, ok := strings.Cut(s, "%x")
	p, err1 := strconv.ParseFloat(pct, 64)
	f, err2 := strconv.ParseFloat(factor, 64)
	if !ok || err1 != nil || err2 != nil {
		return Tail{}, fmt.Errorf("tail %q: want PERCENT%%xFACTOR, such as 1%%x10 (1%% of the answers ten times slower), or none", s)
	}
	t := Tail{Percent: p, Factor: f}
	if err := t.Validate(); err != nil {
		return Tail{}, fmt.Errorf("tail %q: %v", s, err)
	}
	return t, nil
}

// stretch returns wait, Factor times longer if r draws this answer into the
// tail. Without a tail it draws nothing, so the draws that follow are those
// of an API without one.
func (t Tail) stretch(r *rand.Rand, wait time.Duration) time.Duration {
	if t.Percent == 0 || r.Float64()*100 >= t.Percent {
		return wait
	}
	return time.Duration(float64(wait) * t.Factor)
}

package iobound

import (
	"fmt"
	"slices"
)

// An Iteration is the strings of one complete iteration, in request order.
type Iteration struct {
	index   int
	strings []string
}

// Index is the iteration's number, from 0.
func (it Iteration) Index() int { return it.index }

// assembler stores delivered strings by slot and releases complete iterations
// in order.
type assembler struct {
	got  [][][]string // [iteration][request]
	left []int        // requests still missing per iteration
	next int          // next iteration to release
}

func newAssembler(iterations, requests int) assembler {
	a := assembler{got: make([][][]string, iterations), left: make([]int, iterations)}
	for i := range a.got {
		a.got[i] = make([][]string, requests)
		a.left[i] = requests
	}
	return a
}

func (a *assembler) add(s Slot, strs []string) ([]Iteration, error) {
	if s.Iteration < 0 || s.Iteration >= len(a.got) || s.Request < 0 || s.Request >= len(a.got[s.Iteration]) {
		return nil, fmt.Errorf("delivered slot %s is out of range", s)
	}
	if a.got[s.Iteration][s.Request] != nil {
		return nil, fmt.Errorf("slot %s delivered twice", s)
	}
	if strs == nil {
		strs = []string{}
	}
	a.got[s.Iteration][s.Request] = strs
	a.left[s.Iteration]--
	var ready []Iteration
	for a.next < len(a.got) && a.left[a.next] == 0 {
		var all []string
		for _, r := range a.got[a.next] {
			all = append(all, r...)
		}
		ready = append(ready, Iteration{index: a.next, strings: all})
		a.got[a.next] = nil // released: the accumulator holds the strings now
		a.next++
	}
	return ready, nil
}

// missing returns the first slot not delivered.
func (a *assembler) missing() (Slot, bool) {
	for i := a.next; i < len(a.got); i++ {
		for r, strs := range a.got[i] {
			if strs == nil {
				return Slot{i, r}, true
			}
		}
	}
	return Slot{}, false
}

// ResultFile is the content of results.<i>.json: every string of iterations
// 0..i in (iteration, request) order, and the letter counts of their
// concatenation.
type ResultFile struct {
	Iteration int            `json:"-"`
	Data      []string       `json:"data"`
	Counts    map[string]int `json:"counts"`
}

// accumulator holds the data and letter counts of the iterations so far.
type accumulator struct {
	data   []string
	counts [128]int
}

// add appends a complete iteration and returns the result file for it.
func (a *accumulator) add(it Iteration) *ResultFile {
	a.data = append(a.data, it.strings...)
	for _, s := range it.strings {
		for i := 0; i < len(s); i++ {
			a.counts[s[i]&0x7f]++
		}
	}
	return &ResultFile{Iteration: it.index, Data: slices.Clone(a.data), Counts: a.countMap()}
}

func (a *accumulator) countMap() map[string]int {
	m := make(map[string]int)
	for c, n := range a.counts {
		if n > 0 {
			m[string(rune(c))] = n
		}
	}
	return m
}

// mostCommon returns the letter with the highest count; ties go to the letter
// that sorts first. It returns "", 0 when nothing was counted.
func (a *accumulator) mostCommon() (string, int) {
	best, n := -1, 0
	for c, k := range a.counts {
		if k > n {
			best, n = c, k
		}
	}
	if best < 0 {
		return "", 0
	}
	return string(rune(best)), n
}

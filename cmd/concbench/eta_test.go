package main

import (
	"testing"
	"time"
)

// TestRunClock times a run of 3 rounds of two groups, a long one (30 s) and
// a short one (5 s): no estimate until both have been timed, then the sum
// of the runs to come, less the current run's elapsed time.
func TestRunClock(t *testing.T) {
	now := time.Unix(0, 0)
	c := newRunClock(func() time.Time { return now })
	const total = 6
	step := func(key string, done int, took time.Duration) {
		c.begin(key, done, total)
		now = now.Add(took)
	}
	if s := c.String(); s != "" {
		t.Errorf("before any run: %q, want nothing", s)
	}
	step("slow", 0, 30*time.Second)
	if _, ok := c.left(); ok {
		t.Errorf("during the first run: an estimate, want none")
	}
	step("fast", 1, 5*time.Second)
	if _, ok := c.left(); ok {
		t.Errorf("during the first round: an estimate, want none")
	}
	c.begin("slow", 2, total) // round 2: the cycle is complete
	want := 2*35*time.Second + 0
	if d, ok := c.left(); !ok || d != want {
		t.Errorf("at round 2: %v, %t; want %v", d, ok, want)
	}
	now = now.Add(10 * time.Second)
	if d, _ := c.left(); d != want-10*time.Second {
		t.Errorf("10 s into round 2: %v, want %v", d, want-10*time.Second)
	}
	if s, w := c.String(), "about 1m00s left"; s != w {
		t.Errorf("String: %q, want %q", s, w)
	}
	now = now.Add(20 * time.Second)
	c.begin("fast", 5, total) // the last run
	now = now.Add(2 * time.Second)
	if s, w := c.String(), "about 3s left"; s != w {
		t.Errorf("String: %q, want %q", s, w)
	}
}

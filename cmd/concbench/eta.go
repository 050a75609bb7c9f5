package main

import (
	"fmt"
	"time"
)

// runClock estimates how long a bench run has left from the runs of test
// binaries measured so far. Every round of every ref runs the same cycle of
// packages and groups, whose runs take very different times (make report's
// 1x group takes ten times its 0.2s group), so the estimate is per key of the
// cycle: once a whole cycle has been timed, the time left is the sum of the
// latest duration of each run still to come, less what the current run has
// already taken.
type runClock struct {
	now   func() time.Time
	cycle []string // the keys of one round, in order
	full  bool     // the cycle is complete: a key came round again
	dur   map[string]time.Duration
	cur   string    // the key of the run under way
	start time.Time // when it started
	done  int       // runs finished before it
	total int       // runs in all
}

func newRunClock(now func() time.Time) *runClock {
	return &runClock{now: now, dur: make(map[string]time.Duration)}
}

// begin records the start of a run of key, after done of total runs.
func (c *runClock) begin(key string, done, total int) {
	t := c.now()
	c.end(t)
	if !c.full {
		for _, k := range c.cycle {
			if k == key {
				c.full = true
			}
		}
		if !c.full {
			c.cycle = append(c.cycle, key)
		}
	}
	c.cur, c.start, c.done, c.total = key, t, done, total
}

// end records the duration of the run under way, if any.
func (c *runClock) end(t time.Time) {
	if c.cur != "" {
		c.dur[c.cur] = t.Sub(c.start)
		c.cur = ""
	}
}

// left returns the estimated time left, and false until a whole cycle has
// been timed.
func (c *runClock) left() (time.Duration, bool) {
	if c.cur == "" || len(c.cycle) == 0 {
		return 0, false
	}
	var sum time.Duration
	for j := c.done; j < c.total; j++ {
		d, ok := c.dur[c.cycle[j%len(c.cycle)]]
		if !ok {
			return 0, false // a run still to come was never timed
		}
		sum += d
	}
	return max(sum-c.now().Sub(c.start), 0), true
}

// String returns "about 1m40s left", or "" when left does not know.
func (c *runClock) String() string {
	d, ok := c.left()
	if !ok {
		return ""
	}
	s := int(d.Round(time.Second) / time.Second)
	if s < 60 {
		return fmt.Sprintf("about %ds left", s)
	}
	return fmt.Sprintf("about %dm%02ds left", s/60, s%60)
}

package stats

import (
	"fmt"
	"math"
	"strings"

	"golang.org/x/perf/benchunit"
)

// This file formats numbers the way benchstat prints them, so that a
// reader (and a test) can match the report against benchstat's output.

// Range formats the interval of c as benchstat does: "1%", "∞", "?".
func Range(c *Cell) string {
	return c.Summary.PctRangeString()
}

// Human formats v of unit for people: "3.12 s", "38.2 ms", "1.14 MiB",
// "48.3 GiB/s", "47.6 req/s", "15.0k allocs/op". Time and bytes per op
// drop the "/op"; other units keep their name. Three significant digits,
// as benchstat.
func Human(v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Sprint(v)
	}
	num, den, _ := strings.Cut(unit, "/")
	if den != "" {
		den = "/" + den
	}
	s := benchunit.CommonScale([]float64{v}, benchunit.ClassOf(unit))
	n := s.Format(v)
	n = strings.TrimSuffix(n, s.Prefix)
	if den == "/op" && (num == "sec" || num == "B") {
		den = ""
	}
	switch num {
	case "sec":
		return n + " " + s.Prefix + "s" + den
	case "B":
		return n + " " + s.Prefix + "B" + den
	}
	return n + s.Prefix + " " + num + den
}

// Number formats v of unit with a metric (or, for bytes, binary) prefix
// and no unit, as benchstat does: "1.295k", "47.00".
func Number(v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Sprint(v)
	}
	return benchunit.Scale(v, benchunit.ClassOf(unit))
}

// HumanTime formats a time in seconds: "3.12 s", "38.2 ms".
func HumanTime(sec float64) string { return Human(sec, "sec/op") }

// Times formats a speedup: "28.7×", "1.04×", "150×", "91,500×".
func Times(v float64) string {
	switch {
	case math.IsNaN(v):
		return "?"
	case math.IsInf(v, 0):
		return "∞"
	case v >= 999.5:
		return thousands(int64(math.Round(v))) + "×"
	case v >= 99.95:
		return fmt.Sprintf("%.0f×", v)
	case v >= 9.995:
		return fmt.Sprintf("%.1f×", v)
	}
	return fmt.Sprintf("%.2f×", v)
}

// TimesInterval formats the interval of a speedup: "27.5–29.9×", or "∞"
// when a bound is infinite.
func TimesInterval(iv Interval) string {
	if !iv.Finite() {
		return "∞"
	}
	lo, hi := Times(iv.Lo), Times(iv.Hi)
	return strings.TrimSuffix(lo, "×") + "–" + hi
}

// thousands formats n with comma separators: 91500 → "91,500".
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

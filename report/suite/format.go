package suite

import (
	"fmt"
	"math"
	"strings"

	"golang.org/x/perf/benchunit"

	"github.com/concbench/concbench/report/model"
)

// This file formats numbers the way benchstat prints them, so that a
// reader (and a test) can match the report against benchstat's output.

// pctRange formats the interval of c as benchstat does: "1%", "∞", "?".
func pctRange(c *model.Cell) string {
	return c.Summary.PctRangeString()
}

// human formats v of unit for people: "3.12 s", "38.2 ms", "1.14 MiB",
// "48.3 GiB/s", "47.6 req/s", "15.0k allocs/op". Time and bytes per op
// drop the "/op"; other units keep their name. Three significant digits,
// as benchstat.
func human(v float64, unit string) string {
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

// number formats v of unit with a metric (or, for bytes, binary) prefix
// and no unit, as benchstat does: "1.295k", "47.00".
func number(v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Sprint(v)
	}
	return benchunit.Scale(v, benchunit.ClassOf(unit))
}

// humanTime formats a time in seconds: "3.12 s", "38.2 ms".
func humanTime(sec float64) string { return human(sec, "sec/op") }

// times formats a speedup: "28.7×", "1.04×", "150×", "91,500×",
// "0.0011×".
func times(v float64) string {
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
	case v > 0 && v < 0.00995:
		return fmt.Sprintf("%.2g×", v) // 0.0011×, not 0.00×
	}
	return fmt.Sprintf("%.2f×", v)
}

// timesInterval formats the interval of a speedup: "27.5–29.9×";
// "≤55.6×" when only the lower side is open (Lo 0: too few samples or
// pairs to bound it), or "∞" when a bound is infinite.
func timesInterval(r model.Ratio) string {
	if !r.Finite() {
		return "∞"
	}
	if r.Lo == 0 && r.Hi > 0 {
		return "≤" + times(r.Hi)
	}
	lo, hi := times(r.Lo), times(r.Hi)
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

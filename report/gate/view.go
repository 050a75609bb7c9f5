package gate

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/perf/benchunit"

	"github.com/concbench/concbench/internal/text"
)

// Why says in one line why the gate uses its method.
const Why = "on A/A recordings of a 56-benchmark suite, testing each benchmark at α = 0.05 with a 5% threshold false-alarmed in 17–24% of comparisons; " +
	"Holm's procedure holds the whole comparison's false-alarm rate at α (measured: 0.3–1.4%) and is never less powerful than Bonferroni's; " +
	"the threshold keeps a margin against the machine's drift between rounds (Holm alone: up to 4.8%)"

// WhyPaired says in one line why the gate pairs rounds.
const WhyPaired = "a slow spell of the machine hits both sides of a round alike, and the ratio of the round's NEW to its OLD leaves it out"

// why is Why, and WhyPaired when a verdict was paired.
func (r *Result) why() string {
	for _, v := range r.Verdicts {
		if v.Rounds > 0 {
			return Why + "; " + WhyPaired
		}
	}
	return Why
}

// Summary is the method and its parameters in one line.
func (r *Result) Summary() string {
	return fmt.Sprintf("%s: family-wise false-alarm rate α = %s over %s, threshold %s",
		r.Name(), pct(r.Method.Alpha), text.Count(len(r.Verdicts), "test"), pct(r.Method.Threshold))
}

// Name names the method of the result's verdicts in one line: Name when
// none was paired, else the paired test, and how many of the benchmarks
// it paired.
func (r *Result) Name() string {
	paired := 0
	for _, v := range r.Verdicts {
		if v.Rounds > 0 {
			paired++
		}
	}
	switch p := r.Method.Pairing.resolve(); {
	case paired == 0:
		return Name
	case paired == len(r.Verdicts):
		return "Holm–Bonferroni over one-sided " + p.Test() + " (OLD and NEW measured in the same rounds), with a threshold"
	default:
		return fmt.Sprintf("Holm–Bonferroni over one-sided %s (%d tests of OLD and NEW measured in the same rounds) and %s (%d others), with a threshold",
			p.Test(), paired, Unpaired.Test(), len(r.Verdicts)-paired)
	}
}

// Words returns the words for worse and better in unit u, which improves
// the way b says: "slower" and "faster" for time and rates, "worse" and
// "better" otherwise.
func Words(u string, b Better) (worse, better string) {
	if strings.HasPrefix(u, "sec/") || b == HigherIsBetter && strings.HasSuffix(u, "/s") {
		return "slower", "faster"
	}
	return "worse", "better"
}

// Phrase is v's verdict as words: "slower: +23.1%", "no change (could
// detect ≥ 8%)", "inconclusive: 6+6 samples allow no p below 0.0011 > 0.00089".
func (v *Verdict) Phrase(r *Result) string {
	w, b := Words(v.Unit, v.Better)
	switch v.Kind {
	case Slower:
		return fmt.Sprintf("%s: %+.1f%%", w, 100*v.Change)
	case Faster:
		return fmt.Sprintf("%s: %+.1f%%", b, 100*v.Change)
	case Inconclusive:
		return fmt.Sprintf("inconclusive: %s allow no p below %.2g > %.2g", v.sizes("samples"), v.MinP, r.Method.Alpha/float64(len(r.Verdicts)))
	}
	if v.Significant && worse(v.Change, v.Better) {
		return fmt.Sprintf("no change beyond the threshold (%+.1f%% is significant, but within %s)", 100*v.Change, pct(r.Method.Threshold))
	}
	if math.IsNaN(v.Detectable) || math.IsInf(v.Detectable, 0) {
		return "no change"
	}
	return fmt.Sprintf("no change (could detect ≥ %s)", DetectPct(v.Detectable))
}

// DetectPct formats a detectable change (Verdict.Detectable), rounded up
// to a whole percent, as every "could detect" of the gate, trend and
// report says it.
func DetectPct(d float64) string {
	return fmt.Sprintf("%.0f%%", math.Ceil(100*d-1e-9))
}

// sizes says what the verdict's test compared: "10+10" (what), or "10
// rounds" when it paired them.
func (v *Verdict) sizes(what string) string {
	if v.Rounds > 0 {
		return fmt.Sprintf("%d rounds", v.Rounds)
	}
	if what != "" {
		what = " " + what
	}
	return fmt.Sprintf("%d+%d%s", v.N1, v.N2, what)
}

func (v *Verdict) row(r *Result) []string {
	cls := benchunit.ClassOf(v.Unit)
	return []string{v.Name, benchunit.Scale(v.OldMedian, cls), benchunit.Scale(v.NewMedian, cls),
		fmt.Sprintf("%+.1f%%", 100*v.Change), fmt.Sprintf("%.2g", v.PWorse), v.sizes(""), v.Phrase(r)}
}

// WriteText writes the verdicts as text: the method, a table per unit,
// then the decision.
func (r *Result) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "method: %s.\nwhy: %s.\n", r.Summary(), r.why())
	for _, unit := range r.units() {
		rows := [][]string{{unit, "old", "new", "change", "p(worse)", "n", "verdict"}}
		for i := range r.Verdicts {
			if v := &r.Verdicts[i]; v.Unit == unit {
				rows = append(rows, v.row(r))
			}
		}
		b.WriteString("\n")
		align(&b, rows)
	}
	if note := r.pairedNote(); note != "" {
		fmt.Fprintf(&b, "\n%s\n", note)
	}
	if len(r.Missing) > 0 {
		fmt.Fprintf(&b, "\nmissing from NEW: %s\n", strings.Join(r.Missing, ", "))
	}
	fmt.Fprintf(&b, "\n%s: %s\n", strings.ToUpper(r.Decision.String()), r.Reason)
	_, err := io.WriteString(w, b.String())
	return err
}

// pairedNote says what the change column holds for the verdicts paired by
// round, whose change is not the ratio of the medians beside it; "" when
// none was paired.
func (r *Result) pairedNote() string {
	for _, v := range r.Verdicts {
		if v.Rounds > 0 {
			return "change: of a benchmark tested paired by round, the median of its rounds' ratios of NEW to OLD, which may differ from the ratio of the old and new medians, even in sign"
		}
	}
	return ""
}

// units returns the units of the verdicts in order of appearance.
func (r *Result) units() []string {
	var us []string
	seen := map[string]bool{}
	for _, v := range r.Verdicts {
		if !seen[v.Unit] {
			seen[v.Unit] = true
			us = append(us, v.Unit)
		}
	}
	return us
}

// align writes rows as columns: the name left-aligned, numbers
// right-aligned, the verdict left-aligned.
func align(b *strings.Builder, rows [][]string) {
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var line strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			switch {
			case i == 0:
				line.WriteString(c + pad)
			case i == len(r)-1:
				line.WriteString("  " + c)
			default:
				line.WriteString("  " + pad + c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

// WriteMarkdown writes the verdicts as a pull-request comment: the
// decision first, then what changed, and the rest folded in a <details>.
func (r *Result) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### concbench compare: %s\n\n**%s.**\n\n", strings.ToUpper(r.Decision.String()), text.Escape(r.Reason))
	if r.Old.Label != "" || r.New.Label != "" {
		fmt.Fprintf(&b, "OLD: %s → NEW: %s\n\n", r.Old.markdown(), r.New.markdown())
	}
	head := "| benchmark | unit | old | new | change | p(worse) | n | verdict |\n|:--|:--|--:|--:|--:|--:|--:|:--|\n"
	table := func(keep func(Kind) bool) (string, int) {
		var t strings.Builder
		n := 0
		for i := range r.Verdicts {
			v := &r.Verdicts[i]
			if !keep(v.Kind) {
				continue
			}
			n++
			c := v.row(r)
			fmt.Fprintf(&t, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", text.Escape(c[0]), v.Unit, c[1], c[2], c[3], c[4], c[5], text.Escape(c[6]))
		}
		return t.String(), n
	}
	changed, n := table(func(k Kind) bool { return k != NoChange })
	switch undecided := r.Count(Inconclusive); {
	case n > 0 && undecided > 0:
		fmt.Fprintf(&b, "What changed, or could not be decided (%d of %d):\n\n%s%s\n", n, len(r.Verdicts), head, changed)
	case n > 0:
		fmt.Fprintf(&b, "What changed (%d of %d):\n\n%s%s\n", n, len(r.Verdicts), head, changed)
	case len(r.Verdicts) > 0:
		fmt.Fprintf(&b, "Nothing changed beyond noise and the %s threshold in %s.\n\n", pct(r.Method.Threshold), r.scope())
	}
	if note := r.pairedNote(); note != "" {
		fmt.Fprintf(&b, "%s.\n\n", text.Escape(note))
	}
	if len(r.Missing) > 0 {
		fmt.Fprintf(&b, "Missing from NEW: %s.\n\n", text.Escape(strings.Join(r.Missing, ", ")))
	}
	same, n := table(func(k Kind) bool { return k == NoChange })
	if n > 0 {
		fmt.Fprintf(&b, "<details><summary>%s with no change</summary>\n\n%s%s\n</details>\n\n", text.Count(n, "benchmark"), head, same)
	}
	fmt.Fprintf(&b, "<sub>%s. Why: %s.</sub>\n", text.Escape(r.Summary()), text.Escape(r.why()))
	_, err := io.WriteString(w, b.String())
	return err
}

// markdown names the side: its short commit and ref when known, then
// its label.
func (s Side) markdown() string {
	var parts []string
	if s.Commit != "" {
		c := s.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		parts = append(parts, "`"+c+"`")
	}
	if s.Ref != "" && !strings.HasPrefix(s.Commit, s.Ref) {
		parts = append(parts, text.Escape(s.Ref))
	}
	if s.Label != "" {
		parts = append(parts, "`"+strings.ReplaceAll(s.Label, "`", "'")+"`")
	}
	return strings.Join(parts, " ")
}

// jsonResult is the JSON form of a Result.
type jsonResult struct {
	Decision string        `json:"decision"`
	Exit     int           `json:"exit"`
	Reason   string        `json:"reason"`
	Old      *Side         `json:"old,omitempty"`
	New      *Side         `json:"new,omitempty"`
	Method   jsonMethod    `json:"method"`
	Missing  []string      `json:"missing"`
	Verdicts []jsonVerdict `json:"verdicts"`
}

type jsonMethod struct {
	Name      string  `json:"name"`
	Alpha     float64 `json:"alpha"`
	Threshold float64 `json:"threshold"`
	Tests     int     `json:"tests"`
	Why       string  `json:"why"`
}

type jsonVerdict struct {
	Name        string   `json:"name"`
	Unit        string   `json:"unit"`
	Better      string   `json:"better"`
	Verdict     string   `json:"verdict"`
	OldMedian   *float64 `json:"old_median"`
	NewMedian   *float64 `json:"new_median"`
	Change      *float64 `json:"change"`
	NOld        int      `json:"n_old"`
	NNew        int      `json:"n_new"`
	P           float64  `json:"p"`
	PWorse      float64  `json:"p_worse"`
	PBetter     float64  `json:"p_better"`
	Level       float64  `json:"level"`
	Significant bool     `json:"significant"`
	Detectable  *float64 `json:"detectable"` // null: no shift would be flagged
	MinP        float64  `json:"min_p"`
	Rounds      int      `json:"rounds,omitempty"` // the rounds a paired test compared
}

// finite returns &x, or nil when x is NaN or infinite (JSON has neither).
func finite(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// WriteJSON writes the result as one indented JSON object: the decision,
// its exit code and reason, the method, and every verdict with its
// numbers.
func (r *Result) WriteJSON(w io.Writer) error {
	out := jsonResult{
		Decision: r.Decision.String(), Exit: r.Decision.ExitCode(), Reason: r.Reason,
		Method:   jsonMethod{r.Name(), r.Method.Alpha, r.Method.Threshold, len(r.Verdicts), r.why()},
		Missing:  append([]string{}, r.Missing...),
		Verdicts: make([]jsonVerdict, len(r.Verdicts)),
	}
	if r.Old != (Side{}) || r.New != (Side{}) {
		out.Old, out.New = &r.Old, &r.New
	}
	for i, v := range r.Verdicts {
		better := "lower"
		if v.Better == HigherIsBetter {
			better = "higher"
		}
		out.Verdicts[i] = jsonVerdict{v.Name, v.Unit, better, v.Kind.String(), finite(v.OldMedian), finite(v.NewMedian), finite(v.Change),
			v.N1, v.N2, v.P, v.PWorse, v.PBetter, v.Level, v.Significant, finite(v.Detectable), v.MinP, v.Rounds}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

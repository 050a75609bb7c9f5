package bisect

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/gate"
)

// pct formats a relative change as a signed percentage.
func pct(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "+∞"
	case math.IsInf(x, -1):
		return "−∞"
	case math.IsNaN(x):
		return "?"
	}
	return fmt.Sprintf("%+.1f%%", 100*x)
}

// phrase is a change with its interval and the gate's verdict:
// "+29.8% [+24.1%, +35.2%], slower (p = 0.0011)".
func (c *Change) phrase() string {
	s := fmt.Sprintf("%s %s [%s, %s]", c.Bench, pct(c.Center), pct(c.Lo), pct(c.Hi))
	if math.IsInf(c.Hi, 0) || math.IsNaN(c.Hi) || !(c.Lo > -1) {
		// an open interval: too few samples for a bound, not a finding
		s = fmt.Sprintf("%s %s [no interval: too few samples]", c.Bench, pct(c.Center))
	}
	switch v := c.Verdict; v.Kind {
	case gate.Slower:
		s += fmt.Sprintf(", slower (p = %.2g)", v.PWorse)
	case gate.Faster:
		s += fmt.Sprintf(", faster (p = %.2g)", v.PBetter)
	case gate.NoChange:
		s += fmt.Sprintf(", no change (could detect ≥ %s)", strings.TrimPrefix(pct(v.Detectable), "+"))
	default:
		s += ", " + v.Kind.String()
	}
	return s
}

// worstPhrase is the step's worst change, or why it was skipped.
func worstPhrase(st *Step) string {
	if st.Worst == nil {
		if st.Err != nil {
			return st.Err.Error()
		}
		return "no results"
	}
	return st.Worst.phrase()
}

// stepLine is one commit measured, as the log and the summary print it.
func stepLine(st *Step, n int) string {
	what := st.Outcome.String()
	if st.Outcome != Skipped {
		what += fmt.Sprintf(" after %d rounds", st.Rounds)
		if st.Looks > 1 {
			what += fmt.Sprintf(" (%d looks)", st.Looks)
		}
	}
	return fmt.Sprintf("%d/%d %s %q: %s: %s", st.Index, n, short(st.Commit), st.Subject, what, worstPhrase(st))
}

// WriteText writes the result for a terminal: the first slower commit,
// the step, the commit before it, every commit measured, the method and,
// with a profile, where the time grew.
func (r *Result) WriteText(w io.Writer) error {
	var b strings.Builder
	if r.Found {
		fmt.Fprintf(&b, "first slower commit: %s %q\n", r.First.Commit, r.First.Subject)
		if r.MergeHint != "" {
			fmt.Fprintf(&b, "  %s\n", r.MergeHint)
		}
		fmt.Fprintf(&b, "  step: %s, against GOOD %s\n", worstPhrase(r.First), short(r.Good))
		if r.LastGood != nil {
			fmt.Fprintf(&b, "  after %s %q: %s\n", short(r.LastGood.Commit), r.LastGood.Subject, worstPhrase(r.LastGood))
		} else {
			fmt.Fprintf(&b, "  after GOOD %s\n", short(r.Good))
		}
	} else {
		fmt.Fprintf(&b, "could not decide: %s\n", r.Reason)
		for i, c := range r.Candidates {
			subject := ""
			if i < len(r.CandidateSubjects) {
				subject = fmt.Sprintf(" %q", r.CandidateSubjects[i])
			}
			fmt.Fprintf(&b, "  candidate %s%s\n", c, subject)
		}
	}
	fmt.Fprintf(&b, "measured %s besides GOOD %s, of %d on the first-parent path (at most %s):\n", text.Count(len(r.Steps), "commit"), short(r.Good), r.Path, text.Count(r.MaxSteps, "step"))
	for i := range r.Steps {
		fmt.Fprintf(&b, "  %s\n", stepLine(&r.Steps[i], r.Path))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	fmt.Fprintf(&b, "method: each commit against GOOD in interleaved rounds, sec/op; %s\n", r.methodPhrase())
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if r.Profile != nil {
		return r.Profile.WriteText(w)
	}
	return nil
}

// WriteMarkdown writes the result as markdown: the same as WriteText,
// with the profile's section.
func (r *Result) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# concbench bisect\n\n")
	if r.Found {
		fmt.Fprintf(&b, "**First slower commit: `%s`** %s\n\n", r.First.Commit, text.Escape(r.First.Subject))
		if r.MergeHint != "" {
			fmt.Fprintf(&b, "It is %s.\n\n", text.Escape(r.MergeHint))
		}
		fmt.Fprintf(&b, "- Step: %s, against GOOD `%s`.\n", text.Escape(worstPhrase(r.First)), short(r.Good))
		if r.LastGood != nil {
			fmt.Fprintf(&b, "- The commit before it, `%s` %s: %s.\n", short(r.LastGood.Commit), text.Escape(r.LastGood.Subject), text.Escape(worstPhrase(r.LastGood)))
		}
		b.WriteString("\n")
	} else {
		fmt.Fprintf(&b, "**Could not decide:** %s.\n\n", text.Escape(r.Reason))
	}
	fmt.Fprintf(&b, "Commits measured against GOOD `%s` (%d of %d on the first-parent path):\n\n| # | commit | subject | verdict | rounds | worst change |\n|--:|:--|:--|:--|--:|:--|\n", short(r.Good), len(r.Steps), r.Path)
	for _, s := range r.Steps {
		fmt.Fprintf(&b, "| %d | `%s` | %s | %s | %d | %s |\n", s.Index, short(s.Commit), text.Escape(s.Subject), s.Outcome, s.Rounds, text.Escape(worstPhrase(&s)))
	}
	for i, n := range r.Notes {
		if i == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "Note: %s.\n", text.Escape(n))
	}
	fmt.Fprintf(&b, "\n<sub>Each commit against GOOD in interleaved rounds, sec/op; %s.</sub>\n", text.Escape(r.methodPhrase()))
	if r.Profile != nil {
		b.WriteString("\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if r.Profile != nil {
		return r.Profile.WriteMarkdown(w)
	}
	return nil
}

// methodPhrase names the gate's test and its levels: each look's, each
// step's over its looks, and the search's over its steps.
func (r *Result) methodPhrase() string {
	levels := fmt.Sprintf("α = %.3g per step", r.StepMethod.Alpha)
	if later := r.MaxLooks - 1; later > 0 {
		when := "at its second, after a second batch of rounds"
		if later > 1 {
			when = fmt.Sprintf("at each of its %d later ones, after each batch of rounds", later)
		}
		levels = fmt.Sprintf("α = %.3g at a step's first look and %.3g %s (%.3g per step)",
			r.LookMethod(1).Alpha, r.LookMethod(2).Alpha, when, r.StepMethod.Alpha)
	}
	return fmt.Sprintf("%s at %s, %.2g over the search's %s; threshold %s; in brackets, the changes that test does not reject at its level",
		gate.Name, levels, r.Method.Alpha, text.Count(r.MaxSteps, "step"), strings.TrimPrefix(pct(r.Method.Threshold), "+"))
}

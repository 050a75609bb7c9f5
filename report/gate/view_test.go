package gate

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenResult is a Result with every kind of verdict and a missing
// benchmark, from fixed samples.
func goldenResult(t *testing.T) *Result {
	t.Helper()
	rng := rand.New(rand.NewPCG(11, 11))
	cs := family(5, 6, 12)
	cs[0].Name, cs[0].New = "Parse/size=big-2", sample(rng, 12, 1.25e-3, 0.01)
	cs[1].Name, cs[1].New = "Parse/size=small-2", sample(rng, 12, 0.8e-3, 0.01)
	cs[2] = Comparison{Name: "Copy-2", Unit: "B/s", Better: HigherIsBetter, Old: sample(rng, 12, 2e9, 0.02), New: sample(rng, 12, 2.01e9, 0.02)}
	cs[3] = Comparison{Name: "Rare-2", Unit: "sec/op", Better: LowerIsBetter, Old: sample(rng, 3, 2e-3, 0.01), New: sample(rng, 3, 2e-3, 0.01)}
	r, err := Evaluate(cs, Default)
	if err != nil {
		t.Fatal(err)
	}
	r.Missing = []string{"Gone-2 (sec/op)"}
	r.Decide()
	return r
}

// TestGolden renders a Result as text, markdown and JSON and compares each
// with testdata/verdicts.{txt,md,json}; -update rewrites them, a mismatch
// leaves NAME.got.
func TestGolden(t *testing.T) {
	r := goldenResult(t)
	for _, f := range []struct {
		ext   string
		write func(io.Writer) error
	}{{"txt", r.WriteText}, {"md", r.WriteMarkdown}, {"json", r.WriteJSON}} {
		var b bytes.Buffer
		if err := f.write(&b); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", "verdicts."+f.ext), b.Bytes(), *update)
	}
	var parsed jsonResult
	var b bytes.Buffer
	r.WriteJSON(&b)
	if err := json.Unmarshal(b.Bytes(), &parsed); err != nil || len(parsed.Verdicts) != len(r.Verdicts) || parsed.Exit != r.Decision.ExitCode() {
		t.Errorf("JSON does not read back: %v", err)
	}
	var md bytes.Buffer
	r.WriteMarkdown(&md)
	s := md.String()
	first, _, _ := strings.Cut(s, "\n")
	if !strings.Contains(first, "REGRESSION") || strings.Index(s, "What changed") > strings.Index(s, "<details>") {
		t.Errorf("the markdown does not start with the decision, then what changed, then the rest folded:\n%s", s)
	}
}

// TestPairedNote: a comparison tested paired by round says what its change
// column holds (the median of the rounds' ratios, not the ratio of the
// medians beside it), in text and markdown; an unpaired one does not.
func TestPairedNote(t *testing.T) {
	const note = "the median of its rounds' ratios of NEW to OLD"
	rng := rand.New(rand.NewPCG(3, 3))
	for _, c := range []struct {
		p    Pairing
		want bool
	}{{PairedT, true}, {Unpaired, false}} {
		m := Default
		m.Pairing = c.p
		r, err := Evaluate([]Comparison{spells(rng, 10, 2, 1.07)}, m)
		if err != nil {
			t.Fatal(err)
		}
		var txt, md strings.Builder
		if err := r.WriteText(&txt); err != nil {
			t.Fatal(err)
		}
		if err := r.WriteMarkdown(&md); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(txt.String(), note); got != c.want {
			t.Errorf("%v: text has the paired note: %v, want %v\n%s", c.p, got, c.want, txt.String())
		}
		if got := strings.Contains(md.String(), note); got != c.want {
			t.Errorf("%v: markdown has the paired note: %v, want %v", c.p, got, c.want)
		}
	}
}

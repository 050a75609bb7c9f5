package apisim_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/concbench/concbench/impl/apisim"
)

func TestParseParams(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  apisim.Params
		err   string // substring of the error; "" for success
	}{
		{"min=5&max=20&count=5", apisim.Params{Min: 5, Max: 20, Count: 5}, ""},
		{"", apisim.DefaultParams, ""},
		{"min=1&max=1000&count=1000", apisim.Params{Min: 1, Max: 1000, Count: 1000}, ""},
		{"min=7&max=7&count=1", apisim.Params{Min: 7, Max: 7, Count: 1}, ""},
		{"min=x&max=20&count=5", apisim.Params{}, "parameter min: \"x\" is not an integer"},
		{"min=5&max=2.5&count=5", apisim.Params{}, "parameter max"},
		{"min=0&max=20&count=5", apisim.Params{}, "min must be at least 1"},
		{"min=5&max=1001&count=5", apisim.Params{}, "max must be at most 1000"},
		{"min=21&max=20&count=5", apisim.Params{}, "must not exceed max"},
		{"min=5&max=20&count=0", apisim.Params{}, "count must be in [1, 1000]"},
		{"min=5&max=20&count=1001", apisim.Params{}, "count must be in [1, 1000]"},
		{"min=5&min=6", apisim.Params{}, "parameter min given 2 times"},
		{"count=99999999999999999999", apisim.Params{}, "parameter count"},
	} {
		q, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		got, err := apisim.ParseParams(q)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%q: unexpected error %v", tc.query, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want one containing %q", tc.query, err, tc.err)
		case tc.err == "" && got != tc.want:
			t.Errorf("%q: got %+v, want %+v", tc.query, got, tc.want)
		}
	}
}

// FuzzParseParams: any query either parses to parameters within bounds that
// survive a round trip through Query, or is an error; it never panics.
func FuzzParseParams(f *testing.F) {
	for _, s := range []string{"min=5&max=20&count=5", "min=0", "max=1001", "count=-1", "min=a", "min=5&min=5", "%zz", "min=+5&max=0x10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p, err := apisim.ParseParams(q)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("ParseParams accepted invalid %+v: %v", p, err)
		}
		q2, _ := url.ParseQuery(p.Query())
		if p2, err := apisim.ParseParams(q2); err != nil || p2 != p {
			t.Fatalf("round trip of %+v gave %+v, %v", p, p2, err)
		}
	})
}

func TestStringsDeterministicAndValid(t *testing.T) {
	p := apisim.Params{Min: 3, Max: 9, Count: 50}
	a := apisim.Strings(42, "2/17", p)
	b := apisim.Strings(42, "2/17", p)
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatal("same seed and slot gave different strings")
	}
	if c := apisim.Strings(42, "2/18", p); strings.Join(a, ",") == strings.Join(c, ",") {
		t.Fatal("different slots gave the same strings")
	}
	if c := apisim.Strings(43, "2/17", p); strings.Join(a, ",") == strings.Join(c, ",") {
		t.Fatal("different seeds gave the same strings")
	}
	lengths := map[int]bool{}
	for _, s := range a {
		lengths[len(s)] = true
		if len(s) < p.Min || len(s) > p.Max {
			t.Errorf("%q: length %d outside [%d, %d]", s, len(s), p.Min, p.Max)
		}
		if strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != "" {
			t.Errorf("%q: not only ASCII letters", s)
		}
	}
	if len(lengths) < 5 {
		t.Errorf("50 strings of length in [3, 9] took only %d distinct lengths", len(lengths))
	}
}

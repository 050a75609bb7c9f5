package text

import "testing"

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"a|b":                      `a\|b`,
		"<script>":                 "&lt;script&gt;",
		"need >= 6 samples":        "need ≥ 6 samples",
		"x_y*z":                    `x\_y\*z`,
		"line\nbreak":              "line break",
		"[link](x) `code`":         `\[link\](x) 'code'`,
		"IO/api=mock/strategy=seq": "IO/api=mock/strategy=seq",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCode(t *testing.T) {
	for in, want := range map[string]string{
		"-ignore commit": "`-ignore commit`",
		"a`b|c":          "`a'b|c`",
	} {
		if got := Code(in); got != want {
			t.Errorf("Code(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n     int
		forms []string
		want  string
	}{
		{1, []string{"result"}, "1 result"},
		{0, []string{"result"}, "0 results"},
		{3, []string{"value has", "values have"}, "3 values have"},
		{1, []string{"value has", "values have"}, "1 value has"},
	} {
		if got := Count(c.n, c.forms...); got != c.want {
			t.Errorf("Count(%d, %q) = %q, want %q", c.n, c.forms, got, c.want)
		}
	}
}

func TestList(t *testing.T) {
	for _, c := range []struct {
		xs   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a and b"},
		{[]string{"a", "b", "c"}, "a, b and c"},
	} {
		if got := List(c.xs); got != c.want {
			t.Errorf("List(%q) = %q, want %q", c.xs, got, c.want)
		}
	}
}

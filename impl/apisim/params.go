package apisim

import (
	"fmt"
	"net/url"
	"strconv"
)

// Parameter bounds of the API.
const (
	MinLength = 1    // smallest allowed min
	MaxLength = 1000 // largest allowed max
	MaxCount  = 1000 // largest allowed count
)

// Params are the query parameters of one request.
type Params struct {
	Min, Max, Count int
}

// DefaultParams are the seed's parameters: five strings of 5 to 20 letters.
var DefaultParams = Params{Min: 5, Max: 20, Count: 5}

// Validate reports whether p is within the API's bounds.
func (p Params) Validate() error {
	switch {
	case p.Min < MinLength:
		return fmt.Errorf("min must be at least %d, got %d", MinLength, p.Min)
	case p.Max > MaxLength:
		return fmt.Errorf("max must be at most %d, got %d", MaxLength, p.Max)
	case p.Min > p.Max:
		return fmt.Errorf("min (%d) must not exceed max (%d)", p.Min, p.Max)
	case p.Count < 1 || p.Count > MaxCount:
		return fmt.Errorf("count must be in [1, %d], got %d", MaxCount, p.Count)
	}
	return nil
}

// Query encodes p as a URL query string.
func (p Params) Query() string {
	return "min=" + strconv.Itoa(p.Min) + "&max=" + strconv.Itoa(p.Max) + "&count=" + strconv.Itoa(p.Count)
}

// ParseParams reads min, max and count from a query. A parameter given twice,
// a non-integer or an out-of-bounds value is an error naming the parameter.
// Missing parameters take the DefaultParams value, as the real API does.
func ParseParams(q url.Values) (Params, error) {
	p := DefaultParams
	for _, f := range []struct {
		name string
		dst  *int
	}{{"min", &p.Min}, {"max", &p.Max}, {"count", &p.Count}} {
		vs, ok := q[f.name]
		if !ok {
			continue
		}
		if len(vs) != 1 {
			return Params{}, fmt.Errorf("parameter %s given %d times", f.name, len(vs))
		}
		n, err := strconv.Atoi(vs[0])
		if err != nil {
			return Params{}, fmt.Errorf("parameter %s: %q is not an integer", f.name, truncate(vs[0], 40))
		}
		*f.dst = n
	}
	return p, p.Validate()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

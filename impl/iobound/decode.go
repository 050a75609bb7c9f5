package iobound

import (
	"encoding/json"
	"fmt"

	"github.com/concbench/concbench/impl/apisim"
)

// DecodeStrings decodes an API response body and checks it against the
// request's parameters: a JSON array of exactly p.Count strings of ASCII
// letters, each of a length in [p.Min, p.Max]. Anything else is an error
// saying what is wrong, so that a malformed answer is retried, never counted.
func DecodeStrings(body []byte, p apisim.Params) ([]string, error) {
	var strs []string
	if err := json.Unmarshal(body, &strs); err != nil {
		return nil, fmt.Errorf("malformed response: %v", err)
	}
	if len(strs) != p.Count {
		return nil, fmt.Errorf("malformed response: %d strings, want %d", len(strs), p.Count)
	}
	for i, s := range strs {
		if len(s) < p.Min || len(s) > p.Max {
			return nil, fmt.Errorf("malformed response: string %d has length %d, want %d..%d", i, len(s), p.Min, p.Max)
		}
		for j := 0; j < len(s); j++ {
			if c := s[j]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
				return nil, fmt.Errorf("malformed response: string %d has %q at byte %d, want ASCII letters", i, c, j)
			}
		}
	}
	return strs, nil
}

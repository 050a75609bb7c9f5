package runner

import (
	"errors"
	"testing"
)

// TestFailureGist: a failed test binary's error names the benchmark and
// its message, however go test wrote the failure: on its own line, under
// a sub-benchmark (indented), or after the result line's name when the
// benchmark failed in a later b.N (helper 30's "exit status 1" alone).
func TestFailureGist(t *testing.T) {
	exit := errors.New("exit status 1")
	for _, tc := range []struct{ stdout, want string }{
		{"--- FAIL: BenchmarkTop\n    x_test.go:17: top boom\nFAIL\n", "--- FAIL: BenchmarkTop: x_test.go:17: top boom"},
		{"--- FAIL: BenchmarkFail/sub\n    x_test.go:12: boom\n--- FAIL: BenchmarkFail\nFAIL\n", "--- FAIL: BenchmarkFail/sub: x_test.go:12: boom"},
		{"goos: linux\npkg: example.com/fb\nBenchmarkLate-2   \t--- FAIL: BenchmarkLate-2\n    fb2_test.go:11: boom\nFAIL\n", "--- FAIL: BenchmarkLate-2: fb2_test.go:11: boom"},
		{"FAIL\n", "exit status 1"},
	} {
		if got := failure(tc.stdout, "", exit); got != tc.want {
			t.Errorf("output %q: %q, want %q", tc.stdout, got, tc.want)
		}
	}
}

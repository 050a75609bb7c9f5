package model_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/concbench/concbench/report/model"
)

// singleOpText writes a file of one benchmark whose samples ran iters[i]
// ops at ns[i] ns/op, and of a second, steady one at 10 ops a sample.
func singleOpText(iters []int, ns []float64) string {
	var b strings.Builder
	b.WriteString("goos: linux\npkg: example.com/ll\n")
	for i := range iters {
		fmt.Fprintf(&b, "BenchmarkLL/strategy=pool-2 \t %d\t %.0f ns/op\t 100 B/op\n", iters[i], ns[i])
		fmt.Fprintf(&b, "BenchmarkLL/strategy=sequential-2 \t 10\t 35000000 ns/op\t 100 B/op\n")
	}
	return b.String()
}

// TestSingleOpNote checks the warning on samples split by their op count: a
// benchmark whose one-op samples are all slower than the median of its
// others is named with both groups' counts and ranges; samples of one op
// only, one-op samples no slower than the rest, and units other than time
// give none.
func TestSingleOpNote(t *testing.T) {
	for _, c := range []struct {
		name  string
		iters []int
		ns    []float64
		want  []string // "" for no note
	}{
		{
			// make report's ll at 0.2 s a sample (2026-12-05 07:30): a sample
			// was one op exactly when that op took over 0.2 s.
			name:  "split at the sample time",
			iters: []int{1, 2, 2, 1, 2, 2, 2, 1, 2, 2, 1, 2},
			ns:    []float64{204.5e6, 181.6e6, 177.3e6, 210.4e6, 184.2e6, 170.8e6, 180.0e6, 211.9e6, 174.3e6, 180.2e6, 212.8e6, 203.7e6},
			want: []string{"1 benchmark ran some samples of a single op",
				"LL/strategy=pool-2, 4 of its 12 samples one op at 204.5m–212.8m sec/op, the other 8 at 170.8m–203.7m sec/op",
				"several times one op's time, or a count (Nx)"},
		},
		{
			name:  "every sample one op",
			iters: []int{1, 1, 1, 1, 1, 1},
			ns:    []float64{204e6, 181e6, 177e6, 210e6, 184e6, 170e6},
		},
		{
			name:  "one-op samples no slower",
			iters: []int{1, 2, 2, 1, 2, 2},
			ns:    []float64{175e6, 181e6, 177e6, 210e6, 184e6, 170e6},
		},
		{
			name:  "many ops a sample",
			iters: []int{13, 14, 13, 15, 14, 13},
			ns:    []float64{8.0e6, 8.1e6, 8.4e6, 7.9e6, 8.2e6, 8.3e6},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := tablesOf(t, singleOpText(c.iters, c.ns), model.DefaultSpec)
			if len(c.want) == 0 {
				if len(ts.Warnings) != 0 {
					t.Fatalf("warnings %q, want none", ts.Warnings)
				}
				return
			}
			if len(ts.Warnings) != 1 {
				t.Fatalf("warnings %q, want the note alone", ts.Warnings)
			}
			note := ts.Warnings[0]
			for _, w := range c.want {
				if !strings.Contains(note, w) {
					t.Errorf("note lacks %q:\n%s", w, note)
				}
			}
			if strings.Contains(note, "sequential") || strings.Contains(note, "B/op") {
				t.Errorf("note names the steady benchmark or another unit:\n%s", note)
			}
		})
	}
}

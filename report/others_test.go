package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// samples returns n result lines of a benchmark: ns/op from base in steps
// of 1%, then the extra "value unit" fields.
func samples(name string, n int, base float64, extra string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Benchmark%s\t1000\t%.1f ns/op%s\n", name, base*(1+0.01*float64(i)), extra)
	}
	return b.String()
}

// TestOthers checks the sections of benchmarks that no group compares, on
// hand-made inputs: where they go, how they are labelled, the summary line
// and which charts are written.
func TestOthers(t *testing.T) {
	plain := samples("Foo-8", 6, 100, "\t16 B/op\t1 allocs/op") +
		samples("Parse/size=10-8", 6, 2000, "\t5000 items/s") +
		samples("Load-8", 6, 5e6, "") // a user's BenchmarkLoad, not the suite's
	cases := []struct {
		name     string
		old, cur string
		charts   []string // the files written besides REPORT.md
		want     []string
		wantNot  []string
	}{
		{
			name: "plain",
			cur:  plain,
			want: []string{
				"## Summary\n\n- **Benchmarks**\n  - Foo **102.5 ns** ± 2%; Parse/size=10 **2.050 µs** ± 2% (5.000k items/s); Load **5.125 ms** ± 2%.\n",
				"## Benchmarks\n\n| benchmark | time/op | items/s | B/op | allocs/op | n |\n",
				"| Foo | 102.5 ns ± 2% |  | 16.00 ± 0% | 1.000 ± 0% | 6 |\n",
				"| Parse/size=10 | 2.050 µs ± 2% | 5.000k ± 0% |  |  | 6 |\n",
				"each value is the median ± its 95% interval",
			},
			wantNot: []string{"## IO task", "![", "speedup", "Limits", "###"},
		},
		{
			name: "many, two GOMAXPROCS",
			cur:  samples("A", 6, 1, "") + samples("A-2", 6, 2, "") + samples("B", 6, 3, "") + samples("B-2", 6, 4, "") + samples("C", 6, 5000, ""),
			want: []string{
				"  - 5 benchmarks, per op from 1.000 ns (A) to 5.125 µs (C): see [Benchmarks](#benchmarks).\n",
				"| A-2 | 2.050 ns ± 2% | 6 |\n",
			},
		},
		{
			name: "mixed with a group",
			cur:  samples("Sort/strategy=sequential-8", 6, 1000, "") + samples("Sort/strategy=parallel-8", 6, 500, "") + plain,
			want: []string{
				"  - BenchmarkSort: **parallel** wins",
				"  - Benchmarks without a reference: Foo **102.5 ns**",
				"### Benchmarks without a reference\n\nNo reference to compare these with",
				"| Load | 5.125 ms ± 2% |",
			},
			wantNot: []string{"![", "| Sort/strategy=parallel |"},
		},
		{
			name:   "two runs",
			old:    plain,
			cur:    samples("Foo-8", 6, 130, "\t16 B/op\t1 allocs/op") + samples("Parse/size=10-8", 6, 2000, "\t5000 items/s") + samples("Load-8", 6, 3e6, ""),
			charts: []string{compareFile},
			want: []string{
				"Against `old.txt`, in time per op: slower: Foo +30.00%; faster: Load -40.00%.\n",
				"| benchmark | time/op | vs base | p | items/s | B/op | allocs/op | n |\n",
				"| Foo | 133.2 ns ± 2% | +30.00% | 0.002 |",
				"| Parse/size=10 | 2.050 µs ± 2% | ~ | 1.000 |",
				"![Change of every benchmark's time per op](compare.png)",
			},
		},
		{
			name: "suite's request and load alone",
			cur: "io-latency: 20ms\n" + samples("Request/api=mock-2", 6, 15000, "\t66000 req/s") +
				samples("Load/api=local/requests=20000/concurrency=256-2", 6, 7e8, "\t28000 req/s"),
			want: []string{
				"- **IO task**\n  - Request/api=mock **15.38 µs** ± 2% (66.00k req/s); Load/api=local/requests=20000/concurrency=256 **717.5 ms** ± 2% (28.00k req/s).\n",
				"## IO task\n\n| benchmark | time/op | req/s | n |\n",
			},
			wantNot: []string{"###", "iterations ×"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			var files []string
			for _, f := range []struct{ name, data string }{{"old.txt", tc.old}, {"new.txt", tc.cur}} {
				if f.data == "" {
					continue
				}
				p := filepath.Join(dir, f.name)
				if err := os.WriteFile(p, []byte(f.data), 0o644); err != nil {
					t.Fatal(err)
				}
				files = append(files, p)
			}
			out := filepath.Join(dir, "out")
			res, err := Generate(Options{Files: files, OutDir: out})
			if err != nil {
				t.Fatal(err)
			}
			var charts []string
			for _, c := range res.Charts {
				charts = append(charts, filepath.Base(c))
			}
			written, _ := filepath.Glob(filepath.Join(out, "*.png"))
			if fmt.Sprint(charts) != fmt.Sprint(tc.charts) || len(written) != len(tc.charts) {
				t.Errorf("charts %v (%d files), want %v", charts, len(written), tc.charts)
			}
			data, err := os.ReadFile(res.Report)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.ReplaceAll(string(data), dir+"/", "")
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("REPORT.md lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("REPORT.md has %q:\n%s", w, got)
				}
			}
		})
	}
}

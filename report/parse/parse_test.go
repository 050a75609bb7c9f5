package parse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
	"golang.org/x/perf/benchfmt"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const good = `goos: linux
numcpu: 2
io-requests: 30
BenchmarkIO/api=mock/strategy=sequential-2   1   3000000000 ns/op   50.0 req/s
BenchmarkIO/api=mock/strategy=pool/workers=32-2   10   100000000 ns/op   1500 req/s
`

// write writes a file in a temporary directory and returns its path.
func write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// scanFile scans one file and returns its results (cloned) and info.
func scanFile(t *testing.T, path string) ([]*benchfmt.Result, *Info, error) {
	t.Helper()
	var got []*benchfmt.Result
	info, err := Scan([]Source{{Path: path, Label: path}}, nil, func(r *benchfmt.Result) { got = append(got, r.Clone()) })
	return got, info, err
}

func TestScanFile(t *testing.T) {
	results, info, err := scanFile(t, write(t, "bench.txt", good))
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Inputs) != 1 || len(results) != 2 || len(info.Warnings) != 0 {
		t.Fatalf("got %d inputs, %d results, %d warnings", len(info.Inputs), len(results), len(info.Warnings))
	}
	in := info.Inputs[0]
	if got := in.Get("numcpu"); got != "2" {
		t.Errorf("numcpu = %q, want 2", got)
	}
	if got, want := len(in.Config), 3; got != want {
		t.Errorf("%d config lines, want %d: %v", got, want, in.Config)
	}
	// ns/op is tidied to sec/op, as benchstat does.
	if v, ok := results[0].Value("sec/op"); !ok || v != 3 {
		t.Errorf("sec/op = %v, %v; want 3", v, ok)
	}
}

// TestBadInput covers the bad inputs of issue 6: each gives a one-line
// error naming the file, or warnings with file:line, and never a panic.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name    string
		path    func(t *testing.T) string
		err     string   // substring of the error; "" for none
		warning []string // substrings of the warnings, in order
		results int
	}{
		{name: "missing file", path: func(*testing.T) string { return filepath.Join(dir, "nope.txt") }, err: "nope.txt: no such file or directory"},
		{name: "empty file", path: func(t *testing.T) string { return write(t, "empty.txt", "") }, err: "empty.txt: empty file"},
		{name: "blank file", path: func(t *testing.T) string { return write(t, "blank.txt", "\n  \n") }, err: "blank.txt: empty file"},
		{name: "directory", path: func(*testing.T) string { return dir }, err: "is a directory"},
		{name: "binary garbage", path: func(t *testing.T) string {
			return write(t, "garbage.bin", "\x7fELF\x02\x01\x01\x00\x00BenchmarkX 1 2 ns/op")
		}, err: "binary data"},
		{name: "mostly not UTF-8", path: func(t *testing.T) string { return write(t, "latin1.txt", "Benchmark\xe9\xe8\xe0 1 2\n") }, err: "not UTF-8"},
		// A byte that is not UTF-8 in a name: benchstat reads it, and so do we.
		{name: "not UTF-8 in a name", path: func(t *testing.T) string { return write(t, "latin1n.txt", "Benchmark\xe9 1 2 ns/op\n") }, results: 1},
		{name: "blank lines keep line numbers", path: func(t *testing.T) string { return write(t, "gaps.txt", "\n\n"+good+"\nBenchmarkZ-2 1 abc ns/op\n") },
			warning: []string{"gaps.txt:9: parsing measurement"}, results: 2},
		{name: "no benchmarks", path: func(t *testing.T) string { return write(t, "prose.txt", "PASS\nok  \tpkg\t0.1s\n") }, err: "prose.txt: no benchmark results"},
		{name: "only malformed lines", path: func(t *testing.T) string {
			return write(t, "bad.txt", "BenchmarkX-2 ten 5 ns/op\nBenchmarkY-2 1 5\n")
		}, err: "bad.txt: no valid benchmark results: 2 malformed Benchmark lines, the first at line 1: parsing iteration count"},
		{name: "only a long line", path: func(t *testing.T) string {
			return write(t, "long.txt", "Benchmark"+strings.Repeat("x", 70000)+" 1 2 ns/op\n")
		}, err: "long.txt: no benchmark results"},
		{name: "long log line", path: func(t *testing.T) string {
			return write(t, "log.txt", good+"    x_test.go:9: "+strings.Repeat("y", 200000)+"\nBenchmarkZ-2 1 abc ns/op\n")
		}, warning: []string{"log.txt:6: a line of more than 64 KiB", "log.txt:7: parsing measurement"}, results: 2},
		{name: "malformed line", path: func(t *testing.T) string { return write(t, "some.txt", good+"BenchmarkZ-2 1 abc ns/op\n") },
			warning: []string{"some.txt:6: parsing measurement"}, results: 2},
		{name: "NaN and Inf", path: func(t *testing.T) string {
			return write(t, "nan.txt", good+"BenchmarkIO/api=mock/strategy=pool/workers=32-2 10 NaN ns/op 3 req/s\nBenchmarkQ-2 1 +Inf ns/op\n")
		}, warning: []string{"nan.txt:6: IO/api=mock/strategy=pool/workers=32-2: NaN ns/op is not a finite number", "nan.txt:7: Q-2: +Inf ns/op"}, results: 3},
		{name: "Inf, then a value", path: func(t *testing.T) string {
			return write(t, "inf.txt", "BenchmarkX-2 1 +Inf ns/op\nBenchmarkX-2 1 5 ns/op\n")
		}, warning: []string{"inf.txt:1: X-2: +Inf ns/op is not a finite number"}, results: 1},
		{name: "a negative time", path: func(t *testing.T) string {
			return write(t, "neg.txt", "BenchmarkX-2 1 -100 ns/op 3 things/op\nBenchmarkX-2 1 100 ns/op -3 things/op\nBenchmarkX-2 1 -90 ns/op 3 things/op\n")
		}, warning: []string{"neg.txt:1: X-2: -100 ns/op is negative, which no measurement of sec/op gives"}, results: 3},
		{name: "a failed benchmark", path: func(t *testing.T) string {
			return write(t, "fail.txt", "goos: linux\nBenchmarkX-2 \t--- FAIL: BenchmarkX-2\n    x_test.go:3: boom\nBenchmarkY-2 1 5 ns/op\n")
		}, warning: []string{"fail.txt:2: X-2: the benchmark failed (go test's --- FAIL), no result"}, results: 1},
		{name: "only failed benchmarks", path: func(t *testing.T) string {
			return write(t, "allfail.txt", "goos: linux\nBenchmarkX-2 \t--- FAIL: BenchmarkX-2\n    x_test.go:3: boom\n")
		}, err: "allfail.txt: no benchmark results: every benchmark failed (go test's --- FAIL), the first at line 2: X-2 failed"},
		{name: "a failed sub-benchmark", path: func(t *testing.T) string {
			return write(t, "subfail.txt", "goos: linux\nBenchmarkX/a-2 1 5 ns/op\n--- FAIL: BenchmarkX/b\n    x_test.go:9: too many connections\n--- FAIL: BenchmarkX\nFAIL\n")
		}, warning: []string{"subfail.txt:3: X/b failed (go test's --- FAIL): x_test.go:9: too many connections; its results, if any, are reported without the runs that failed"}, results: 1},
		// An inline failure of a sub-benchmark, then its parent's own line:
		// one warning, the parent not named again.
		{name: "a failed sub-benchmark, inline", path: func(t *testing.T) string {
			return write(t, "subinline.txt", "goos: linux\nBenchmarkX/a-2 1 5 ns/op\nBenchmarkX/b-2 \t--- FAIL: BenchmarkX/b-2\n    x_test.go:9: boom\n--- FAIL: BenchmarkX\nFAIL\n")
		}, warning: []string{"subinline.txt:3: X/b-2: the benchmark failed (go test's --- FAIL), no result"}, results: 1},
		{name: "only failed sub-benchmarks", path: func(t *testing.T) string {
			return write(t, "suballfail.txt", "goos: linux\n--- FAIL: BenchmarkX/b (0.00s)\n    x_test.go:9: boom\nFAIL\n")
		}, err: "suballfail.txt: no benchmark results: every benchmark failed (go test's --- FAIL), the first at line 2: X/b: x_test.go:9: boom"},
		{name: "only NaN", path: func(t *testing.T) string {
			return write(t, "allnan.txt", "goos: linux\nBenchmarkX-2 1 NaN ns/op\nBenchmarkX-2 1 NaN ns/op\n")
		}, err: "allnan.txt: no valid benchmark results: every value is NaN or infinite (2, the first at line 2)"},
		{name: "mixed units", path: func(t *testing.T) string {
			return write(t, "mixed.txt", good+"BenchmarkIO/api=mock/strategy=sequential-2 1 3 ms/op\n")
		}, warning: []string{`mixed.txt:6: IO/api=mock/strategy=sequential-2: units "ms/op" differ from line 4's "sec/op req/s"`}, results: 3},
		{name: "json cut short", path: func(t *testing.T) string {
			ev := func(out string) string {
				return `{"Action":"output","Package":"p","Output":"` + out + `\n"}` + "\n"
			}
			return write(t, "cut.json", ev("BenchmarkA-8 \\t 100 \\t 10 ns/op")+ev("BenchmarkA-8 \\t 100 \\t 11 ns/op")+`{"Action":"output","Package":"p","Output":"Benchm`)
		}, warning: []string{"cut.json: the go test -json stream ends before package p does", "cut.json:3: a go test -json event cut short or garbled"}, results: 2},
		{name: "zero keeps its unit", path: func(t *testing.T) string {
			return write(t, "zero.txt", "goos: linux\nBenchmarkZ-2 100 0 ns/op\nBenchmarkZ-2 100 1 ns/op\n")
		}, warning: []string{`zero.txt:3: Z-2: units "ns/op", as on line 2, but read as "ns/op" there and "sec/op" here: benchstat's parser converts a unit`}, results: 2},
		{name: "single sample", path: func(t *testing.T) string { return write(t, "one.txt", "BenchmarkX-2 1 5 ns/op\n") }, results: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			results, info, err := scanFile(t, tc.path(t))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error spans lines: %q", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(info.Warnings) != len(tc.warning) {
				t.Fatalf("warnings %v, want %d", info.Warnings, len(tc.warning))
			}
			for i, w := range info.Warnings {
				if !strings.Contains(w.String(), tc.warning[i]) {
					t.Errorf("warning %q, want one containing %q", w, tc.warning[i])
				}
			}
			if n := len(results); n != tc.results {
				t.Errorf("%d results, want %d", n, tc.results)
			}
		})
	}
}

func TestNoInputs(t *testing.T) {
	if _, err := Scan(nil, nil, func(*benchfmt.Result) {}); err == nil {
		t.Error("no error for no inputs")
	}
	if _, err := Scan([]Source{{Path: ""}}, nil, func(*benchfmt.Result) {}); err == nil {
		t.Error("no error for an empty file name")
	}
}

func TestSamePathTwice(t *testing.T) {
	p := write(t, "bench.txt", good)
	var files []string
	info, err := Scan(Sources([]string{p, p}), nil, func(r *benchfmt.Result) { files = append(files, r.GetConfig(".file")) })
	if err != nil {
		t.Fatal(err)
	}
	if a, b := info.Inputs[0].Label, info.Inputs[1].Label; a != p+"#0" || b != p+"#1" {
		t.Errorf("labels %q, %q; want %[3]s#0, %[3]s#1", a, b, p)
	}
	if files[0] != p+"#0" || files[len(files)-1] != p+"#1" {
		t.Errorf(".file of the results: %q … %q", files[0], files[len(files)-1])
	}
}

// TestPooledLabels: one label for inputs of different paths pools them in
// one column, as benchstat does, with a warning; a path given twice does
// not (its labels are told apart).
func TestPooledLabels(t *testing.T) {
	a, b := write(t, "a.txt", good), write(t, "b.txt", good)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"x=" + a, "x=" + b}, "x: this label names 2 inputs (" + a + ", " + b + "): their results are pooled"},
		{[]string{a, a + "=" + b}, a + ": this label names 2 inputs"},
		{[]string{a, a}, ""},
		{[]string{"x=" + a, "y=" + b}, ""},
	} {
		info, err := Scan(Sources(tc.args), nil, func(*benchfmt.Result) {})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range info.Warnings {
			if strings.Contains(w.String(), "this label names") {
				got = append(got, w.String())
			}
		}
		if tc.want == "" && len(got) > 0 || tc.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tc.want)) {
			t.Errorf("%q: warnings %q, want %q", tc.args, got, tc.want)
		}
	}
}

// TestEmptyLabel: "=path" names no column; it is an error naming the
// argument, not a column headed "" or prose naming an empty input.
func TestEmptyLabel(t *testing.T) {
	path := write(t, "x.txt", "BenchmarkX-2 1 5 ns/op\n")
	_, err := Scan(Sources([]string{"=" + path}), nil, func(*benchfmt.Result) {})
	if err == nil || !strings.Contains(err.Error(), "="+path+": an empty label") || strings.Contains(err.Error(), "\n") {
		t.Errorf("error %v, want one line naming =%s as an empty label", err, path)
	}
	if _, err := Scan(Sources([]string{"a=" + path}), nil, func(*benchfmt.Result) {}); err != nil {
		t.Errorf("a=path: %v", err)
	}
}

package parse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/contract"
)

// scanAll scans srcs and returns each result's name, .file and cpu
// config, and its first value, one line each.
func scanAll(t *testing.T, srcs []Source, stdin string) ([]string, *Info, error) {
	t.Helper()
	var got []string
	var in *strings.Reader
	if stdin != "" {
		in = strings.NewReader(stdin)
	}
	var r interface{ Read([]byte) (int, error) }
	if in != nil {
		r = in
	}
	info, err := Scan(srcs, r, func(res *benchfmt.Result) {
		got = append(got, res.Name.String()+" "+res.GetConfig(".file")+" cpu="+res.GetConfig("cpu")+" "+res.Values[0].Unit)
	})
	return got, info, err
}

const plain = "goos: linux\ncpu: AMD EPYC  \npkg: example.com/p\nBenchmarkA-2 \t 100\t 12.5 ns/op\nBenchmarkB/size=1024-2 \t 100\t 40 ns/op\t 25.6 MB/s\nPASS\nok  \texample.com/p\t1.2s\n"

// TestNormalize checks that the forms a user's output comes in all read as
// the plain text does: a UTF-8 byte order mark, CRLF line endings,
// trailing blanks after a configuration value, -v noise, and go test -json.
func TestNormalize(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	want, _, err := scanAll(t, []Source{{Path: write("plain.txt", plain), Label: "x"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 2 {
		t.Fatalf("plain: %q", want)
	}
	for _, w := range want {
		if !strings.Contains(w, "cpu=AMD EPYC sec/op") {
			t.Errorf("config value not trimmed: %q", w)
		}
	}
	jsonOf := func(text string) string {
		// go test -json splits a benchmark line across events, and
		// interleaves the events of packages run in parallel.
		var b strings.Builder
		b.WriteString(`{"Action":"start","Package":"example.com/p"}` + "\n")
		b.WriteString(`{"Action":"output","Package":"example.com/q","Output":"goos: linux\n"}` + "\n")
		for _, line := range strings.SplitAfter(text, "\n") {
			if line == "" {
				continue
			}
			half := len(line) / 2
			for _, part := range []string{line[:half], line[half:]} {
				enc, _ := jsonString(part)
				b.WriteString(`{"Time":"2026-11-27T10:00:00Z","Action":"output","Package":"example.com/p","Output":` + enc + "}\n")
			}
		}
		b.WriteString(`{"Action":"pass","Package":"example.com/p","Elapsed":1.2}` + "\n")
		return b.String()
	}
	cases := map[string]string{
		"bom":     "\xEF\xBB\xBF" + plain,
		"crlf":    strings.ReplaceAll(plain, "\n", "\r\n"),
		"verbose": strings.Replace(plain, "BenchmarkA-2", "=== RUN   BenchmarkA\nBenchmarkA\n    a_test.go:12: some log: line\nBenchmarkA-2", 1),
		"json":    jsonOf(plain),
		// A few bytes that are not UTF-8 in a test's log, early in the
		// file, are read past as benchstat reads past them.
		"latin1": strings.Replace(plain, "BenchmarkA-2", "    a_test.go:3: caf\xe9 r\xe9sum\xe9\nBenchmarkA-2", 1),
		"nul":    strings.Replace(plain, "BenchmarkA-2", "    a_test.go:3: got \"\x00\x01\"\nBenchmarkA-2", 1),
		// go test -json ... > out.json 2>&1 with a cold module cache.
		"json-prefixed": "go: downloading example.com/x v1.0.0\n# example.com/p\nld: warning: -bind_at_load is deprecated\n" + jsonOf(plain),
		// A test's log line of more than 64 KiB, gathered from events.
		"json-longlog": jsonOf(strings.Replace(plain, "BenchmarkA-2", "    a_test.go:5: "+strings.Repeat("y", 70000)+"\nBenchmarkA-2", 1)),
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			got, info, err := scanAll(t, []Source{{Path: write(name+".txt", content), Label: "x"}}, "")
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			var skipped []string
			for _, w := range info.Warnings {
				if strings.Contains(w.String(), "64 KiB") {
					skipped = append(skipped, w.String())
				}
			}
			if (name == "json-longlog") != (len(skipped) == 1) {
				t.Errorf("warnings of a line of more than 64 KiB: %q", skipped)
			}
			// The byte order mark, which benchstat would read into the
			// first line, is warned of at line 1; CRLF, which benchstat
			// reads as concbench does, is not.
			var bom []string
			for _, w := range info.Warnings {
				if strings.Contains(w.String(), "byte order mark") {
					bom = append(bom, w.String())
				}
			}
			if (name == "bom") != (len(bom) == 1 && strings.Contains(bom[0], ".txt:1: ")) {
				t.Errorf("warnings of a byte order mark: %q", bom)
			}
		})
	}
	t.Run("stdin", func(t *testing.T) {
		got, info, err := scanAll(t, Sources([]string{"-"}), plain)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || info.Inputs[0].Label != "-" {
			t.Errorf("got %q, label %q", got, info.Inputs[0].Label)
		}
	})
}

func jsonString(s string) (string, error) {
	var b bytes.Buffer
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}

// head returns the first 8 KiB of the file at path.
func head(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b[:min(len(b), 8<<10)]
}

// pngOf returns a PNG of noise, as a chart or a screenshot given by
// mistake would be.
func pngOf(t *testing.T) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 64, 64))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7919 >> 3)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestRefused checks the inputs that are errors: UTF-16 (named as such,
// with the fix), binary data (an executable, a PNG), a missing file, a
// directory, stdin twice.
func TestRefused(t *testing.T) {
	dir := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	utf16le := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = append(b, 0xFF, 0xFE)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	cases := []struct {
		name string
		srcs []Source
		is   error
		msg  string
	}{
		{"utf16-bom", []Source{{Path: write("a.txt", utf16le(plain, true))}}, ErrUTF16, "UTF-16"},
		{"utf16", []Source{{Path: write("b.txt", utf16le(plain, false))}}, ErrUTF16, "iconv"},
		{"binary", []Source{{Path: write("c.bin", []byte("\x7fELF\x02\x01\x01\x00\x00\x00"))}}, nil, "binary data"},
		{"executable", []Source{{Path: write("d.bin", head(t, exe))}}, nil, "binary data"},
		{"png", []Source{{Path: write("e.png", pngOf(t))}}, nil, "binary data"},
		{"missing", []Source{{Path: filepath.Join(dir, "nope.txt")}}, os.ErrNotExist, "nope.txt"},
		{"directory", []Source{{Path: dir}}, nil, "is a directory"},
		{"empty", []Source{{Path: write("e.txt", nil)}}, nil, "no benchmark results"},
		{"stdin-twice", Sources([]string{"-", "-"}), nil, "standard input"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Scan(c.srcs, strings.NewReader(plain), func(*benchfmt.Result) {})
			if err == nil {
				t.Fatal("no error")
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("error %q is not %v", err, c.is)
			}
			if !strings.Contains(err.Error(), c.msg) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q: want one line containing %q", err, c.msg)
			}
		})
	}
}

// TestSources checks benchstat's argument forms: label=path, and a path
// given twice told apart.
func TestSources(t *testing.T) {
	got := Sources([]string{"a.txt", "new=b.txt", "a.txt", "-"})
	want := []Source{{"a.txt", "a.txt#0", false}, {"b.txt", "new", true}, {"a.txt", "a.txt#1", false}, {"-", "-", false}}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Sources[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestNotes checks that Scan keeps the runner's comment lines of each
// input, in order and trimmed, and nothing else.
func TestNotes(t *testing.T) {
	text := "# concbench bench: pkg=\"./bench\"\r\ngoos: linux\n# a user's comment\n" +
		"# concbench bench: round 1 cpu-round-trip 85ns  \nBenchmarkA-2 \t 100\t 12.5 ns/op\n# concbench bench: round 1 done\n" +
		"# concbench bench: round 2 cpu-round-trip 412ns\nBenchmarkA-2 \t 100\t 13 ns/op\n# concbench bench: round 2 done\n"
	_, info, err := scanAll(t, []Source{{Path: "-"}}, text)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`# concbench bench: pkg="./bench"`,
		"# concbench bench: round 1 cpu-round-trip 85ns",
		"# concbench bench: round 1 done",
		"# concbench bench: round 2 cpu-round-trip 412ns",
		"# concbench bench: round 2 done",
	}
	if got := info.Inputs[0].Notes; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Notes = %q, want %q", got, want)
	}
	if info.Inputs[0].Results != 2 {
		t.Errorf("Results = %d, want 2", info.Inputs[0].Results)
	}
}

// TestRounds checks the round ScanRounds gives each result of a file
// shaped as concbench bench writes it (its settings line, header, a probe
// line before and a marker after each round): a result after the last
// marker is in the round after it; an input without the runner's lines,
// or its results before them, have round 0.
func TestRounds(t *testing.T) {
	const perRound = 4
	var b strings.Builder
	b.WriteString("BenchmarkBefore-2 1 5 ns/op\n") // before the runner's first line
	b.WriteString(contract.BenchPrefix + "pkg=\"./...\" bench=\".\"\n" + contract.KeyCommit + ": 5ce14cbd\ngoos: linux\n")
	want := []int{0}
	for round := 1; round <= 3; round++ {
		b.WriteString(contract.RoundTripLine(round, 400))
		for i := range perRound {
			fmt.Fprintf(&b, "BenchmarkX/n=%d-2 \t 100\t %d ns/op\n", i, round)
			want = append(want, round)
		}
		b.WriteString("PASS\n")
		if round < 3 { // the third round was cut short: no marker
			b.WriteString(contract.RoundDoneLine(round))
		}
	}
	dir := t.TempDir()
	runner := filepath.Join(dir, "runner.txt")
	plain := filepath.Join(dir, "plain.txt")
	if err := os.WriteFile(runner, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(plain, []byte("BenchmarkX-2 1 5 ns/op\nBenchmarkX-2 1 6 ns/op\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want = append(want, 0, 0)
	var got []int
	_, err := ScanRounds(Sources([]string{runner, plain}), nil, func(res *benchfmt.Result, round int) {
		if v := res.Values[0].Value; res.GetConfig(".file") == runner && round > 0 && v != float64(round)*1e-9 {
			t.Errorf("%s = %v: given round %d", res.Name, v, round)
		}
		got = append(got, round)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("rounds of %d results: %d of them differ", len(got), countDiff(got, want))
	}
}

func countDiff(a, b []int) int {
	n := max(len(a), len(b)) - min(len(a), len(b))
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// TestSkipEmpty checks Options.SkipEmpty: an input read whole but without
// a result (go test's output of a pattern that matched nothing, a run
// whose benchmarks all failed, an empty file) is left out with a warning
// naming it while another input has results, as benchstat leaves it out;
// with none left, or without the option, it is the error it always was.
// A missing file is an error either way.
func TestSkipEmpty(t *testing.T) {
	good := write(t, "good.txt", "goos: linux\nBenchmarkA-2 \t 100\t 12.5 ns/op\nBenchmarkA-2 \t 100\t 13 ns/op\n")
	prose := write(t, "prose.txt", "PASS\nok  \tpkg\t0.1s\n")
	empty := write(t, "empty.txt", "")
	failed := write(t, "failed.txt", "--- FAIL: BenchmarkA-2\n    a_test.go:9: boom\nFAIL\n")
	scan := func(skip bool, paths ...string) (int, *Info, error) {
		var n int
		info, err := ScanWith(context.Background(), Sources(paths), nil, Options{SkipEmpty: skip}, func(*benchfmt.Result, int) { n++ })
		return n, info, err
	}

	n, info, err := scan(true, prose, good, empty, failed)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || len(info.Inputs) != 1 || info.Inputs[0].Label != good {
		t.Fatalf("%d results, inputs %+v: want good.txt's 2 alone", n, info.Inputs)
	}
	for _, p := range []string{prose, empty, failed} {
		found := false
		for _, w := range info.Warnings {
			found = found || w.File == p && w.Line == 0 && strings.Contains(w.Msg, "no benchmark results") && strings.Contains(w.Msg, "left out")
		}
		if !found {
			t.Errorf("no warning that %s was left out: %v", filepath.Base(p), info.Warnings)
		}
	}

	for _, c := range []struct {
		skip  bool
		paths []string
		msg   string
	}{
		{true, []string{prose, empty}, "prose.txt: no benchmark results"},
		{false, []string{good, empty}, "empty.txt: empty file, no benchmark results"},
		{false, []string{failed, good}, "failed.txt: no benchmark results: every benchmark failed"},
		{true, []string{good, filepath.Join(t.TempDir(), "nope.txt")}, "nope.txt"},
	} {
		_, _, err := scan(c.skip, c.paths...)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("SkipEmpty %v, %d inputs: error %v, want %q", c.skip, len(c.paths), err, c.msg)
		}
		var nr *NoResultsError
		if want := !strings.Contains(c.msg, "nope"); err != nil && errors.As(err, &nr) != want {
			t.Errorf("error %q: a NoResultsError is %v, want %v", err, !want, want)
		}
	}
}

package view

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
)

// benchstatBin is "go tool benchstat" (the version pinned in go.mod),
// built once by TestMain.
var benchstatBin string

// A crossCase is an input and a set of flags, given alike to benchstat
// and to the model.
type crossCase struct {
	files []string // under ../../testdata; "label=path" allowed
	flags []string // benchstat's flags
}

// crossCases are real outputs of every shape the report must read, each
// under the flag combinations a user would try on it.
var crossCases = []crossCase{
	// Several packages at once, with the same benchmark names in several
	// of them, two runs, -benchmem: B/op and allocs/op, MB/s.
	{files: []string{"stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt"}},
	{files: []string{"stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt"}, flags: []string{"-ignore", "pkg"}},
	{files: []string{"stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt"}, flags: []string{"-filter", "pkg:encoding/pem .unit:(sec/op OR B/op)"}},
	{files: []string{"stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt"}, flags: []string{"-row", ".name", "-alpha", "0.01"}},
	{files: []string{"stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt"}, flags: []string{"-table", "", "-confidence", "0.9"}},
	{files: []string{"stdlib/multipkg.old.txt", "stdlib/multipkg.new.txt"}, flags: []string{"-col", "pkg", "-row", ".fullname,.file", "-table", "goos"}},
	// Flags benchstat refuses are refused here too.
	{files: []string{"stdlib/cpu.txt"}, flags: []string{"-table", ".unit"}},
	{files: []string{"stdlib/cpu.txt"}, flags: []string{"-filter", "(pkg:sync"}},
	{files: []string{"old=stdlib/multipkg.old.txt", "new=stdlib/multipkg.new.txt"}, flags: []string{"-filter", "-.name:/Decode/"}},
	// -cpu 1,2,4: the GOMAXPROCS suffix as a column.
	{files: []string{"stdlib/cpu.txt"}},
	{files: []string{"stdlib/cpu.txt"}, flags: []string{"-col", "/gomaxprocs"}},
	{files: []string{"stdlib/cpu.txt"}, flags: []string{"-col", "/gomaxprocs", "-row", ".name"}},
	// key=value sub-benchmarks, MB/s.
	{files: []string{"stdlib/crc32.txt"}},
	{files: []string{"stdlib/crc32.txt"}, flags: []string{"-col", "/size"}},
	{files: []string{"stdlib/crc32.txt"}, flags: []string{"-col", "/align", "-filter", "/size:(15 OR 4kB)"}},
	{files: []string{"stdlib/crc32.txt"}, flags: []string{"-col", "/poly", "-row", "/size", "-ignore", "/align"}},
	// Custom units from b.ReportMetric.
	{files: []string{"stdlib/custom.txt"}},
	// Names without key=value, and a series of three files (issue 17).
	{files: []string{"stdlib/syncmap.txt"}},
	{files: []string{"stdlib/rsakey.txt"}},
	// An input without results (a -bench pattern that matched nothing)
	// beside real ones: left out, as benchstat leaves it out.
	{files: []string{"stdlib/multipkg.old.txt", "stdlib/nomatch.txt", "stdlib/multipkg.new.txt"}},
	{files: []string{"namepatterns/pools.txt", "namepatterns/workers.txt"}},
	{files: []string{"namepatterns/series/bench_v1_sequential.txt", "namepatterns/series/bench_v1_worker_pool.txt", "namepatterns/series/bench_v6_worker_pool.txt"}},
	{files: []string{"stdlib/crc32.txt"}, flags: []string{"-col", "/polly"}}, // a key no result has
	{files: []string{"stdlib/custom.txt"}, flags: []string{"-filter", ".unit:/STW|GCs/"}},
	// A configuration change inside one file ("note: before" … "note:
	// after", appended with tee -a).
	{files: []string{"stdlib/note.txt"}},
	{files: []string{"stdlib/note.txt"}, flags: []string{"-col", "note"}},
	{files: []string{"stdlib/note.txt"}, flags: []string{"-col", "note", "-row", ".name"}},
	// go test -json output (benchstat reads the text the tests printed).
	{files: []string{"stdlib/json.old.json", "stdlib/json.new.json"}},
	{files: []string{"stdlib/json.old.json", "stdlib/json.new.json"}, flags: []string{"-ignore", "pkg", "-row", ".name"}},
	// golang/perf's own committed testdata.
	{files: []string{"perf/old.txt", "perf/new.txt"}},
	{files: []string{"perf/crc-old.txt", "perf/crc-new.txt"}},
	{files: []string{"perf/crc-old.txt", "perf/crc-new.txt"}, flags: []string{"-col", "/poly", "-row", "/size"}},
	{files: []string{"perf/units.txt"}},
	{files: []string{"perf/smallSample.txt"}},
	{files: []string{"perf/zero.txt"}},
	{files: []string{"perf/issue19565.txt"}},
	{files: []string{"perf/issue19634.txt"}},
	// The suite's own output.
	{files: []string{"suite/report-scale.txt"}},
	{files: []string{"suite/report-scale.txt"}, flags: []string{"-col", "/strategy", "-filter", ".name:IO"}},
	{files: []string{"suite/report-scale.txt"}, flags: []string{"-col", "/workers", "-filter", ".name:/Scaling$/"}},
	{files: []string{"suite/two-runs.old.txt", "suite/two-runs.txt"}},
}

func TestMain(m *testing.M) {
	code := runMain(m)
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "benchstat")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "benchstat")
	cmd := exec.Command("go", "build", "-o", bin, "golang.org/x/perf/cmd/benchstat")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building benchstat: %v\n%s", err, out)
		return 1
	}
	benchstatBin = bin
	return m.Run()
}

// TestBenchstatCrossCheck checks that, on the same input and flags, the
// model's tables rendered as CSV are byte for byte benchstat's CSV: every
// table, row and column in its order, every median in full precision,
// interval, delta, p-value, n and geomean.
func TestBenchstatCrossCheck(t *testing.T) {
	for _, c := range crossCases {
		name := strings.Join(append(append([]string(nil), c.files...), c.flags...), " ")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var args, ours []string
			for _, f := range c.files {
				label, path, labeled := strings.Cut(f, "=")
				if !labeled {
					label, path = "", f
				}
				path = filepath.Join("..", "..", "testdata", path)
				if _, err := os.Stat(path); err != nil {
					t.Fatalf("missing testdata: %v", err)
				}
				ours = append(ours, withLabel(label, path))
				if strings.HasSuffix(path, ".json") {
					// benchstat reads text: give it the output the
					// tests printed, under the same label.
					if label == "" {
						label = path
					}
					path = jsonToText(t, path)
				}
				args = append(args, withLabel(label, path))
			}
			cmd := exec.Command(benchstatBin, append(append([]string{"-format", "csv"}, c.flags...), args...)...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			want, err := cmd.Output()
			if err != nil {
				t.Fatalf("benchstat: %v\n%s", err, stderr.Bytes())
			}
			spec := specFromFlags(t, c.flags)
			if bytes.HasPrefix(stderr.Bytes(), []byte("benchstat: parsing")) {
				// benchstat refused the flags (and still exits 0).
				if err := spec.Validate(); err == nil {
					t.Errorf("benchstat refuses %v (%s), the Spec does not", c.flags, bytes.TrimSpace(stderr.Bytes()))
				}
				return
			}
			got := render(t, spec, ours)
			if !bytes.Equal(got, want) {
				t.Errorf("CSV differs from benchstat's\n--- benchstat\n%s\n--- ours\n%s", want, got)
			}
		})
	}
}

func withLabel(label, path string) string {
	if label == "" {
		return path
	}
	return label + "=" + path
}

// specFromFlags reads benchstat's flags into a Spec.
func specFromFlags(t *testing.T, flags []string) model.Spec {
	s := model.DefaultSpec
	for i := 0; i < len(flags); i += 2 {
		v := flags[i+1]
		switch flags[i] {
		case "-table":
			s.Table = v
		case "-row":
			s.Row = v
		case "-col":
			s.Col = v
		case "-filter":
			s.Filter = v
		case "-ignore":
			s.Ignore = v
		case "-alpha":
			fmt.Sscan(v, &s.Alpha)
		case "-confidence":
			fmt.Sscan(v, &s.Confidence)
		default:
			t.Fatalf("unknown flag %s", flags[i])
		}
	}
	return s
}

// render builds the model of files under spec and renders it as CSV.
func render(t *testing.T, spec model.Spec, files []string) []byte {
	t.Helper()
	b, err := model.NewBuilder(spec)
	if err != nil {
		t.Fatal(err)
	}
	// As the report reads its inputs: one without results is left out.
	info, err := parse.ScanWith(context.Background(), parse.Sources(files), nil, parse.Options{SkipEmpty: true}, func(r *benchfmt.Result, _ int) { b.Add(r) })
	if err != nil {
		t.Fatal(err)
	}
	var out, warn bytes.Buffer
	if err := WriteCSV(&out, &warn, b.Tables(info.Units)); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// jsonToText writes the output text of a test2json file to a temporary
// file: the events' Output fields, package by package. It is the test's
// own decoder, independent of package parse's.
func jsonToText(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// go test prints each package's output when the package ends; so
	// does this, from the events.
	var all strings.Builder
	text := make(map[string]*strings.Builder)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var ev struct{ Action, Package, Test, Output string }
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		b := text[ev.Package]
		if b == nil {
			b = new(strings.Builder)
			text[ev.Package] = b
		}
		switch {
		case ev.Action == "output":
			b.WriteString(ev.Output)
		case ev.Test == "" && (ev.Action == "pass" || ev.Action == "fail" || ev.Action == "skip"):
			all.WriteString(b.String())
			b.Reset()
		}
	}
	out := filepath.Join(t.TempDir(), filepath.Base(path)+".txt")
	if err := os.WriteFile(out, []byte(all.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

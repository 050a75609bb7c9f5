package report

import (
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/internal/dirtest"
	"github.com/concbench/concbench/report/model"
)

// The output directory holds one report: a second report on other input
// removes the first's charts, and leaves the user's own files.
func TestOutDirHoldsOneReport(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.png"), []byte("the user's"), 0o644); err != nil {
		t.Fatal(err)
	}
	first, err := Generate(Options{Files: []string{"../testdata/stdlib/crc32.txt"}, OutDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	second, err := Generate(Options{Files: []string{"../testdata/stdlib/cpu.txt"}, OutDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Charts) == 0 || len(second.Charts) == 0 {
		t.Fatalf("charts: %d, then %d; want some of each", len(first.Charts), len(second.Charts))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{"notes.png", ReportFile, ".concbench-report"}
	for _, c := range second.Charts {
		want = append(want, filepath.Base(c))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("directory holds %q, want %q", got, want)
	}
}

// cutReader gives r, then cancels its context at the end: a pipe whose
// writer the same Ctrl-C killed (go test -bench … | concbench report -).
type cutReader struct {
	r      io.Reader
	cancel context.CancelCauseFunc
}

func (c cutReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		c.cancel(errInterrupt)
	}
	return n, err
}

var errInterrupt = errors.New("interrupted (SIGINT)")

// A report interrupted, or one that fails part of the way, leaves the
// output directory holding the report before it, whole: no chart of it
// replaced, no temporary file left.
func TestOutDirKeptOnFailure(t *testing.T) {
	dir := t.TempDir()
	if _, err := Generate(Options{Files: []string{"../testdata/stdlib/crc32.txt"}, OutDir: dir}); err != nil {
		t.Fatal(err)
	}
	before := dirtest.Files(t, dir)
	cpu, err := os.ReadFile("../testdata/stdlib/cpu.txt")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("interrupted", func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(context.Background())
		defer cancel(nil)
		half := cpu[:bytes.LastIndex(cpu[:len(cpu)/2], []byte("\n"))+1]
		_, err := Generate(Options{Files: []string{"-"}, Stdin: cutReader{bytes.NewReader(half), cancel}, OutDir: dir, Context: ctx})
		if !errors.Is(err, errInterrupt) {
			t.Errorf("error %v, want the interrupt", err)
		}
		if got := dirtest.Files(t, dir); !maps.Equal(got, before) {
			t.Errorf("the earlier report changed: %d files, want %d", len(got), len(before))
		}
	})
	t.Run("a chart fails", func(t *testing.T) {
		// A chart that fails (as a full disk fails its write) after others
		// were written.
		in := Options{Files: []string{"../testdata/stdlib/cpu.txt"}, OutDir: dir, Preset: failingPreset{}}
		if _, err := Generate(in); err == nil || !strings.Contains(err.Error(), "no ink") {
			t.Errorf("error %v, want the chart's", err)
		}
		if got := dirtest.Files(t, dir); !maps.Equal(got, before) {
			t.Errorf("the earlier report changed: %d files, want %d", len(got), len(before))
		}
	})
}

// failingPreset claims every result and adds a chart that fails.
type failingPreset struct{}

func (failingPreset) Claims(*benchfmt.Result) bool { return true }
func (failingPreset) Spec() model.Spec             { return DefaultSpec }
func (failingPreset) Part(*Input) *Part {
	return &Part{Body: "## Failing\n", Charts: []Chart{{File: "fails.png", Draw: func(io.Writer) error { return errors.New("no ink") }}}}
}

package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/report/chart"
	"github.com/concbench/concbench/report/internal/pngcheck"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// inputsOf returns the inputs of a golden case: testdata/NAME.txt, after
// testdata/NAME.old.txt when that exists (two runs: old, new).
func inputsOf(path string) []string {
	old := strings.TrimSuffix(path, ".txt") + ".old.txt"
	if _, err := os.Stat(old); err == nil {
		return []string{old, path}
	}
	return []string{path}
}

// TestGolden generates the report of every testdata/NAME.txt and compares
// REPORT.md with testdata/NAME.md, or, when generating fails, the error
// with testdata/NAME.err. -update rewrites them. The charts are checked
// to decode with the sizes their types state, and to show a title and
// axes.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".old.txt") {
			continue
		}
		n++
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			var warn bytes.Buffer
			res, err := Generate(Options{Files: inputsOf(f), OutDir: out, Warnings: &warn})
			if err != nil {
				golden(t, strings.TrimSuffix(f, ".txt")+".err", []byte(err.Error()+"\n"))
				return
			}
			got, err := os.ReadFile(res.Report)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, strings.TrimSuffix(f, ".txt")+".md", got)
			var written []string
			for _, c := range res.Charts {
				written = append(written, filepath.Base(c))
			}
			var linked []string
			for _, m := range imageLink.FindAllSubmatch(got, -1) {
				linked = append(linked, string(m[1]))
			}
			if pngs, _ := filepath.Glob(filepath.Join(out, "*.png")); len(pngs) != len(written) || !slices.Equal(linked, written) {
				t.Errorf("REPORT.md shows %v; Generate wrote %v, %d PNG files", linked, written, len(pngs))
			}
			for _, c := range res.Charts {
				data, err := os.ReadFile(c)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Contains(got, []byte("]("+filepath.Base(c)+")")) {
					t.Errorf("REPORT.md does not show %s", filepath.Base(c))
				}
				t.Run(filepath.Base(c), func(t *testing.T) { pngcheck.Check(t, data, chart.Width, 0) })
			}
			if len(res.Warnings) > 0 && !strings.Contains(string(got), "## Warnings") {
				t.Errorf("%d warnings but REPORT.md lists none", len(res.Warnings))
			}
			if w := strings.Join(res.Warnings, "\n"); strings.TrimSpace(warn.String()) != w {
				t.Errorf("warnings written:\n%s\nreturned:\n%s", warn.String(), w)
			}
		})
	}
	if n == 0 {
		t.Fatal("no golden cases in testdata")
	}
}

// imageLink matches an image of REPORT.md and captures its file.
var imageLink = regexp.MustCompile(`!\[[^\]]*\]\(([^)]+)\)`)

// golden compares got with the file at path, or rewrites it with -update.
// A mismatch leaves got in path.got for diffing.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		os.WriteFile(path+".got", got, 0o644)
		t.Errorf("%s differs from the output, written to %s.got; diff them, and run go test -update if the change is right", path, path)
	}
}

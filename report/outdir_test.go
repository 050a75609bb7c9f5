package report

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
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

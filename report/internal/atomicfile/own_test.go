package atomicfile

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := Write(filepath.Join(dir, name), func(w io.Writer) error { _, err := io.WriteString(w, text); return err }); err != nil {
		t.Fatal(err)
	}
}

func exists(dir, name string) bool {
	_, err := os.Lstat(filepath.Join(dir, name))
	return err == nil
}

// A second report in a directory removes the first's files it does not
// write, and nothing else: not a user's files, not a file written over
// since, not a path the manifest should not name.
func TestOwn(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "notes.txt", "mine")
	write(t, dir, "mine.png", "a chart of my own")
	for _, f := range []string{"REPORT.md", "a.png", "b.png", "c.png"} {
		write(t, dir, f, "first report: "+f)
	}
	if removed, err := Own(dir, []string{"REPORT.md", "a.png", "b.png", "c.png"}); err != nil || len(removed) != 0 {
		t.Fatalf("first report: removed %q, %v", removed, err)
	}
	// c.png is written over by something else before the next report.
	time.Sleep(10 * time.Millisecond)
	write(t, dir, "c.png", "someone else's")
	write(t, dir, "REPORT.md", "second report")
	write(t, dir, "d.png", "second report")
	removed, err := Own(dir, []string{"REPORT.md", "d.png"})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Sort(removed); !slices.Equal(removed, []string{"a.png", "b.png"}) {
		t.Errorf("removed %q, want a.png and b.png", removed)
	}
	for _, f := range []string{"notes.txt", "mine.png", "c.png", "REPORT.md", "d.png"} {
		if !exists(dir, f) {
			t.Errorf("%s removed", f)
		}
	}
	// A manifest naming files outside dir, or itself, removes nothing.
	outside := t.TempDir()
	write(t, outside, "x.png", "outside")
	fi, _ := os.Lstat(filepath.Join(outside, "x.png"))
	rel, _ := filepath.Rel(dir, filepath.Join(outside, "x.png"))
	bad := rel + "\t" + itoa(fi.Size()) + "\t" + itoa(fi.ModTime().UnixNano()) + "\n" + ManifestFile + "\t1\t1\n..\t1\t1\n"
	if err := os.WriteFile(filepath.Join(dir, ManifestFile), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if removed, err := Own(dir, []string{"REPORT.md"}); err != nil || len(removed) != 0 {
		t.Errorf("bad manifest: removed %q, %v", removed, err)
	}
	if !exists(outside, "x.png") {
		t.Error("a file outside the directory was removed")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

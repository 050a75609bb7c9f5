package atomicfile

import (
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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

// A Batch puts its files in place only on Commit: aborted, it leaves the
// files before it as they were and no temporary file.
func TestBatch(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "REPORT.md", "old report")
	write(t, dir, "a.png", "old chart")
	text := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	listing := func(hidden bool) map[string]string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		m := make(map[string]string)
		for _, e := range entries {
			if !hidden && e.Name()[0] == '.' {
				continue
			}
			b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
			m[e.Name()] = string(b)
		}
		return m
	}
	before := listing(true)
	var b Batch
	if err := b.Write(filepath.Join(dir, "a.png"), text("new chart")); err != nil {
		t.Fatal(err)
	}
	if err := b.Write(filepath.Join(dir, "b.png"), func(w io.Writer) error { return os.ErrDeadlineExceeded }); err == nil {
		t.Fatal("a failed write returned no error")
	}
	b.Abort()
	if got := listing(true); !maps.Equal(got, before) {
		t.Errorf("after Abort: %q, want %q", got, before)
	}
	b = Batch{}
	for _, f := range []string{"a.png", "REPORT.md"} {
		if err := b.Write(filepath.Join(dir, f), text("new "+f)); err != nil {
			t.Fatal(err)
		}
	}
	if got := listing(false); !maps.Equal(got, before) {
		t.Errorf("before Commit: %q, want %q", got, before)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	b.Abort() // a no-op after Commit
	want := map[string]string{"a.png": "new a.png", "REPORT.md": "new REPORT.md"}
	if got := listing(true); !maps.Equal(got, want) {
		t.Errorf("after Commit: %q, want %q", got, want)
	}

	// A directory where the last file goes: Commit fails before it renames
	// any, and nothing changes.
	if err := os.Mkdir(filepath.Join(dir, "c.png"), 0o755); err != nil {
		t.Fatal(err)
	}
	before = listing(true)
	b = Batch{}
	for _, f := range []string{"a.png", "REPORT.md", "c.png"} {
		if err := b.Write(filepath.Join(dir, f), text("newer "+f)); err != nil {
			t.Fatal(err)
		}
	}
	err := b.Commit()
	if err == nil || !strings.Contains(err.Error(), "c.png: is a directory") {
		t.Errorf("Commit over a directory: error %v, want that c.png is a directory", err)
	}
	b.Abort()
	if got := listing(true); !maps.Equal(got, before) {
		t.Errorf("after a failed Commit and Abort: %q, want %q", got, before)
	}
}

// TestErrorNamesNoTemporary: a file that cannot be written gives an error
// without the temporary file's name, which means nothing to a user (the
// caller names the file).
func TestErrorNamesNoTemporary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-dir", "REPORT.md")
	var b Batch
	err := b.Write(path, func(w io.Writer) error { return nil })
	if err == nil || strings.Contains(err.Error(), ".REPORT.md.") || strings.Contains(err.Error(), "no-such-dir") {
		t.Errorf("error %v, want the bare cause", err)
	}
	if err := Write(path, func(w io.Writer) error { return nil }); err == nil || strings.Contains(err.Error(), ".REPORT.md.") {
		t.Errorf("Write: error %v, want no temporary name", err)
	}
}

// TestOwnedAcrossCommands: report and trend share a directory (out/, the
// default -o of both) with a manifest each. Neither removes the other's
// files; Owned tells each one's files, and the manifests, from a user's
// file and from a file changed since it was written.
func TestOwnedAcrossCommands(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "REPORT.md", "report")
	write(t, dir, "table-01.png", "chart")
	if _, err := Own(dir, []string{"REPORT.md", "table-01.png"}); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "TREND.md", "trend")
	write(t, dir, "trend.png", "chart")
	if _, err := OwnAs(dir, "trend", []string{"TREND.md", "trend.png"}); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "notes.txt", "mine")
	// The next report writes one chart fewer: it removes its own, not trend's.
	removed, err := Own(dir, []string{"REPORT.md"})
	if err != nil || !slices.Equal(removed, []string{"table-01.png"}) {
		t.Fatalf("report removed %q, %v; want its own chart alone", removed, err)
	}
	for name, want := range map[string]bool{
		"REPORT.md": true, "TREND.md": true, "trend.png": true, ManifestFile: true, ".concbench-trend": true,
		"notes.txt": false, "table-01.png": false, "missing.md": false,
	} {
		if got := Owned(filepath.Join(dir, name)); got != want {
			t.Errorf("Owned(%s) = %v, want %v", name, got, want)
		}
	}
	time.Sleep(10 * time.Millisecond)
	write(t, dir, "TREND.md", "edited by hand")
	if Owned(filepath.Join(dir, "TREND.md")) {
		t.Errorf("TREND.md edited since trend wrote it is still Owned")
	}
}

package atomicfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ManifestFile is the list, in a report's directory, of the files the
// last report there wrote.
const ManifestFile = ".concbench-report"

// Own makes dir hold one report: it removes the files that the previous
// report in dir wrote and this one (files, names in dir) did not, then
// records files as dir's manifest. A file is removed only when the
// previous manifest lists it, it is a regular file directly in dir, and
// it is unchanged since (the size and modification time recorded), so
// that a user's own files, and a report's file that something else has
// written over since, are never touched. It returns the names removed.
// The manifest is written atomically, after the removals.
func Own(dir string, files []string) (removed []string, err error) {
	old, err := readManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, err
	}
	for _, e := range old {
		if slices.Contains(files, e.name) || !e.same(dir) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, unwrapPath(err)
		}
		removed = append(removed, e.name)
	}
	var entries []entry
	for _, f := range files {
		fi, err := os.Lstat(filepath.Join(dir, f))
		if err != nil {
			return removed, unwrapPath(err)
		}
		entries = append(entries, entry{f, fi.Size(), fi.ModTime().UnixNano()})
	}
	return removed, Write(filepath.Join(dir, ManifestFile), func(w io.Writer) error {
		fmt.Fprintf(w, "# the files concbench report wrote here; the next report removes those it does not write\n")
		for _, e := range entries {
			fmt.Fprintf(w, "%s\t%d\t%d\n", e.name, e.size, e.mtime)
		}
		return nil
	})
}

// CheckOwn reports the error Own would stop at before it changes
// anything: a manifest in dir that cannot be read. A report checks it
// before it puts its files in place.
func CheckOwn(dir string) error {
	_, err := readManifest(filepath.Join(dir, ManifestFile))
	return err
}

// An entry is a file of a manifest.
type entry struct {
	name        string
	size, mtime int64
}

// same reports whether e names a regular file directly in dir, of the
// size and modification time recorded.
func (e entry) same(dir string) bool {
	if e.name == "" || e.name != filepath.Base(e.name) || e.name == "." || e.name == ".." || e.name == ManifestFile {
		return false
	}
	fi, err := os.Lstat(filepath.Join(dir, e.name))
	return err == nil && fi.Mode().IsRegular() && fi.Size() == e.size && fi.ModTime().UnixNano() == e.mtime
}

// readManifest reads a manifest; a missing one is empty, and a line that
// does not parse is passed over.
func readManifest(path string) ([]entry, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, unwrapPath(err)
	}
	var out []entry
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 {
			continue
		}
		size, err1 := strconv.ParseInt(f[1], 10, 64)
		mtime, err2 := strconv.ParseInt(f[2], 10, 64)
		if err1 == nil && err2 == nil {
			out = append(out, entry{f[0], size, mtime})
		}
	}
	return out, nil
}

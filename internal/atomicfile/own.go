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
// last report there wrote. The other commands that write into a directory
// keep theirs beside it, named manifestPrefix + the command (see OwnAs).
const ManifestFile = manifestPrefix + "report"

// manifestPrefix starts the name of every manifest.
const manifestPrefix = ".concbench-"

// Own makes dir hold one report: it removes the files that the previous
// report in dir wrote and this one (files, names in dir) did not, then
// records files as dir's manifest. A file is removed only when the
// previous manifest lists it, it is a regular file directly in dir, and
// it is unchanged since (the size and modification time recorded), so
// that a user's own files, and a report's file that something else has
// written over since, are never touched. It returns the names removed.
// The manifest is written atomically, after the removals.
func Own(dir string, files []string) (removed []string, err error) {
	return OwnAs(dir, "report", files)
}

// OwnAs is Own for the output of command (trend, compare, bisect), with a
// manifest of its own, so that the commands sharing a directory (trend's
// and report's default -o is the same) never remove each other's files.
// Every manifest also tells concbench's files from the user's: see Owned.
func OwnAs(dir, command string, files []string) (removed []string, err error) {
	manifest := manifestPrefix + command
	old, err := readManifest(filepath.Join(dir, manifest))
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
	return removed, Write(filepath.Join(dir, manifest), func(w io.Writer) error {
		fmt.Fprintf(w, "# the files concbench %s wrote here; its next run here removes those it does not write\n", command)
		for _, e := range entries {
			fmt.Fprintf(w, "%s\t%d\t%d\n", e.name, e.size, e.mtime)
		}
		return nil
	})
}

// Owned reports whether the file at path is one concbench wrote and
// nobody has changed since: a manifest, or a file that a manifest in its
// directory lists, of the size and modification time recorded. The
// runner leaves such files out when it asks whether the working tree has
// uncommitted changes: a report or trend written into the checkout is
// not a change to the code measured.
func Owned(path string) bool {
	dir, name := filepath.Split(path)
	if strings.HasPrefix(name, manifestPrefix) {
		return true
	}
	if dir == "" {
		dir = "."
	}
	files, _ := os.ReadDir(dir)
	for _, f := range files {
		if !strings.HasPrefix(f.Name(), manifestPrefix) {
			continue
		}
		entries, err := readManifest(filepath.Join(dir, f.Name()))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.name == name && e.same(dir) {
				return true
			}
		}
	}
	return false
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
	if e.name == "" || e.name != filepath.Base(e.name) || e.name == "." || e.name == ".." || strings.HasPrefix(e.name, manifestPrefix) {
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

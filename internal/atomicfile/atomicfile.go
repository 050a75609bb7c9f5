// Package atomicfile writes files atomically (the report's, the runner's
// results): into a temporary file in the same directory, renamed over the
// path once complete, so that a failed or interrupted write leaves the old
// file, or none, and never a partial one. Its errors never name the
// temporary file, which means nothing to a user: the caller names the
// file it asked for.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Write writes what write produces to path, atomically, with mode 0644:
// into a temporary file beside it, through a buffer (nothing is held in
// memory but the buffer), renamed over path once complete and closed.
func Write(path string, write func(io.Writer) error) error {
	tmp, err := writeTemp(path, write)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return bare(err)
	}
	return nil
}

// writeTemp writes what write produces into a temporary file beside path,
// with mode 0644, and returns its name; on an error it removes it.
func writeTemp(path string, write func(io.Writer) error) (name string, err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return "", bare(err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = bare(err) // a write or flush into the temporary file names it too
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(bw); err != nil {
		return "", err
	}
	if err := bw.Flush(); err != nil {
		return "", err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	return tmp.Name(), nil
}

// A Batch writes a set of files, each into a temporary file beside its
// path, and puts them in place together on Commit: a report that fails
// (a full disk, a chart it could not draw) or is interrupted before then
// leaves every file of the report before it as it was. Its Write may be
// called from several goroutines.
type Batch struct {
	mu     sync.Mutex
	staged []staged
}

// A staged file is written, under its temporary name, and not yet in place.
type staged struct{ tmp, path string }

// Write writes what write produces to a temporary file beside path, to be
// renamed over path by Commit.
func (b *Batch) Write(path string, write func(io.Writer) error) error {
	tmp, err := writeTemp(path, write)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.staged = append(b.staged, staged{tmp, path})
	return nil
}

// Commit renames the files written into place, in the order written.
// Renames within a directory do not fail for want of space, and a
// directory where a file goes, which would stop them half way (a file
// cannot be renamed over it), is an error before any is renamed, so that
// nothing changes. An error leaves the files not yet renamed to Abort.
func (b *Batch) Commit() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.staged {
		if fi, err := os.Lstat(s.path); err == nil && fi.IsDir() {
			return fmt.Errorf("%s: is a directory, where the file goes", s.path)
		}
	}
	for len(b.staged) > 0 {
		s := b.staged[0]
		if err := os.Rename(s.tmp, s.path); err != nil {
			return named(s.path, err)
		}
		b.staged = b.staged[1:]
	}
	return nil
}

// Abort removes the files written and not committed; after Commit it
// does nothing.
func (b *Batch) Abort() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.staged {
		os.Remove(s.tmp)
	}
	b.staged = nil
}

// bare drops the paths of an error of the temporary file (an
// *fs.PathError of its creation or writes, an *os.LinkError of its
// rename), leaving the cause.
func bare(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}

// named is bare's cause, named by path: "path: error".
func named(path string, err error) error {
	return fmt.Errorf("%s: %w", path, bare(err))
}

// unwrapPath turns an *fs.PathError into "path: error".
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

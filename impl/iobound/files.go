package iobound

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
)

// FileName returns the name of iteration i's result file.
func FileName(i int) string { return "results." + strconv.Itoa(i) + ".json" }

// staging holds a run's result files in a hidden directory inside the output
// directory until the run succeeds; publish then renames each into place
// (atomic on one file system), and discard removes whatever is left. A failed
// run so never leaves a partial file, nor clobbers the files of an earlier run.
type staging struct {
	dir, tmp string

	mu    sync.Mutex
	files map[int]string
}

func newStaging(dir string) (*staging, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, ".concbench-run-")
	if err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	return &staging{dir: dir, tmp: tmp, files: map[int]string{}}, nil
}

// write stores a result file in the staging directory.
func (s *staging) write(rf *ResultFile) error {
	b, err := json.Marshal(rf) // map keys are sorted: the bytes are deterministic
	if err != nil {
		return fmt.Errorf("encoding %s: %w", FileName(rf.Iteration), err)
	}
	b = append(b, '\n')
	path := filepath.Join(s.tmp, FileName(rf.Iteration))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", FileName(rf.Iteration), err)
	}
	s.mu.Lock()
	s.files[rf.Iteration] = path
	s.mu.Unlock()
	return nil
}

func (s *staging) written() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.files)
}

// publish moves every staged file into the output directory, in iteration
// order, all or none (see ReplaceAll), and returns their final paths.
func (s *staging) publish() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	idx := make([]int, 0, len(s.files))
	for i := range s.files {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	moves := make([][2]string, 0, len(idx))
	out := make([]string, 0, len(idx))
	for _, i := range idx {
		dst := filepath.Join(s.dir, FileName(i))
		moves = append(moves, [2]string{s.files[i], dst})
		out = append(out, dst)
	}
	if err := ReplaceAll(s.tmp, moves, nil); err != nil {
		return nil, err
	}
	return out, nil
}

// ReplaceAll renames each move's source over its destination, all or
// none, and takes away the files of remove in the same step: a
// destination or a file to remove that exists is first moved aside into
// aside (a directory on the same file system, which the caller removes
// after), and when a rename fails, every file moved so far is moved back.
// A destination that exists and is not a regular file is an error before
// anything moves: it is not the output of an earlier run. Errors name
// the destination, never a temporary path.
func ReplaceAll(aside string, moves [][2]string, remove []string) error {
	check := func(p string) (bool, error) {
		fi, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return false, nil
		case err != nil:
			return false, fmt.Errorf("publishing %s: %w", p, errors.Unwrap(err))
		case !fi.Mode().IsRegular():
			return false, fmt.Errorf("publishing %s: it exists and is not a regular file", p)
		}
		return true, nil
	}
	for _, m := range moves {
		if _, err := check(m[1]); err != nil {
			return err
		}
	}
	type undo struct{ from, to string }
	var undos []undo
	rollback := func() {
		for i := len(undos) - 1; i >= 0; i-- {
			os.Rename(undos[i].from, undos[i].to)
		}
	}
	n := 0
	moveAside := func(p string) error {
		exists, err := check(p)
		if err != nil || !exists {
			return err
		}
		b := filepath.Join(aside, ".old."+strconv.Itoa(n))
		n++
		if err := os.Rename(p, b); err != nil {
			return fmt.Errorf("publishing %s: %w", p, linkErr(err))
		}
		undos = append(undos, undo{b, p})
		return nil
	}
	for _, p := range remove {
		if err := moveAside(p); err != nil {
			rollback()
			return err
		}
	}
	for _, m := range moves {
		if err := moveAside(m[1]); err != nil {
			rollback()
			return err
		}
		if err := os.Rename(m[0], m[1]); err != nil {
			rollback()
			return fmt.Errorf("publishing %s: %w", m[1], linkErr(err))
		}
		undos = append(undos, undo{m[1], m[0]})
	}
	return nil
}

// linkErr is the system's error of a failed rename, without the two paths
// (one of them temporary) that *os.LinkError adds.
func linkErr(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// discard removes the staging directory and anything left in it.
func (s *staging) discard() { os.RemoveAll(s.tmp) }

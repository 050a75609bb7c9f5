package iobound

import (
	"encoding/json"
	"fmt"
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
// order, and returns their final paths.
func (s *staging) publish() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	idx := make([]int, 0, len(s.files))
	for i := range s.files {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	out := make([]string, 0, len(idx))
	for _, i := range idx {
		dst := filepath.Join(s.dir, FileName(i))
		if err := os.Rename(s.files[i], dst); err != nil {
			return out, fmt.Errorf("publishing %s: %w", FileName(i), err)
		}
		out = append(out, dst)
	}
	return out, nil
}

// discard removes the staging directory and anything left in it.
func (s *staging) discard() { os.RemoveAll(s.tmp) }

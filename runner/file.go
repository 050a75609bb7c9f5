package runner

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/internal/atomicfile"
)

// The results file of a commit, OutDir/NAME.txt, is benchfmt text in the
// format package contract defines. The file is replaced atomically (a
// temporary file renamed) after each complete round, so it never holds part
// of a round.

// Config keys of the header of a results file.
const (
	KeyCommit     = contract.KeyCommit
	KeyCommitTime = contract.KeyCommitTime
	KeyRef        = contract.KeyRef
)

// A resultFile is a results file being extended round by round.
type resultFile struct {
	path   string
	data   []byte // the whole file as on disk
	rounds int    // complete rounds in data

	// old is the file that was at path, measured with other settings or
	// discarded by Fresh: appendRound moves it to ReplacedDir before it
	// writes the first round in its place, so that no measurement is lost.
	old []byte
}

// ReplacedDir is the directory, inside the results directory, that keeps
// a results file that a run with other settings (or -fresh) replaced, as
// NAME.TIME.txt: hidden, so that a glob of the results (out/bench/*.txt)
// does not take it for a run.
const ReplacedDir = ".replaced"

// AsidePath is where the results file at path is kept when it is
// replaced at time now.
func AsidePath(path string, now time.Time) string {
	base := strings.TrimSuffix(filepath.Base(path), ".txt")
	return filepath.Join(filepath.Dir(path), ReplacedDir, base+"."+now.UTC().Format("20060102T150405.000Z")+".txt")
}

// openResults reads the results file at path, if any. It returns an empty
// file, and replaced true, when path holds results measured with other
// settings (or is not a results file of this runner); fresh discards what
// is there.
func openResults(path, settings string, t *target, fresh bool) (f *resultFile, replaced bool, err error) {
	f = &resultFile{path: path}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, false, err
	case fresh:
		f.old = data
	case !bytes.HasPrefix(data, []byte(contract.BenchPrefix+settings+"\n")):
		replaced = true
		f.old = data
	default:
		f.data = data
		f.rounds = countRounds(data)
	}
	if f.data == nil {
		f.data = header(settings, t)
	}
	return f, replaced, nil
}

func header(settings string, t *target) []byte {
	ref := t.ref
	if t.dirty {
		ref += contract.DirtySuffix
	}
	b := fmt.Appendf(nil, "%s%s\n%s: %s\n%s: %s\n", contract.BenchPrefix, settings, KeyCommit, t.commit, KeyCommitTime, t.time)
	if t.parent != "" {
		b = fmt.Appendf(b, "%s: %s\n", contract.KeyCommitParent, t.parent)
	}
	if t.position > 0 {
		b = fmt.Appendf(b, "%s: %d\n", contract.KeyCommitPosition, t.position)
	}
	return fmt.Appendf(b, "%s: %s\n", KeyRef, ref)
}

// countRounds counts the round markers in data.
func countRounds(data []byte) int {
	n := 0
	for _, line := range bytes.Split(data, []byte("\n")) {
		if _, ok := contract.RoundDone(string(line)); ok {
			n++
		}
	}
	return n
}

// appendRound adds one complete round's output and its marker, which
// names the pass it was measured in, and replaces the file atomically.
func (f *resultFile) appendRound(out []byte, pass contract.Pass) error {
	data := append(f.data[:len(f.data):len(f.data)], out...)
	if len(data) > 0 && data[len(data)-1] != '\n' {
		data = append(data, '\n')
	}
	data = append(data, contract.RoundDoneIn(f.rounds+1, pass)...)
	if len(f.old) > 0 {
		aside := AsidePath(f.path, time.Now())
		if err := os.MkdirAll(filepath.Dir(aside), 0o755); err != nil {
			return err
		}
		if err := writeAtomic(aside, f.old); err != nil {
			return err
		}
		f.old = nil
	}
	if err := writeAtomic(f.path, data); err != nil {
		return err
	}
	f.data = data
	f.rounds++
	return nil
}

// writeAtomic writes data to path atomically (package atomicfile); its
// error names path, never the temporary file.
func writeAtomic(path string, data []byte) error {
	err := atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// newRunID returns the identity of a run for its round markers (see
// contract.Pass): its start time in UTC and 32 random bits, so that two
// runs never share one.
func newRunID(start time.Time) string {
	return fmt.Sprintf("%s-%08x", start.UTC().Format("20060102T150405Z"), rand.Uint32())
}

// A Header is what a results file says of how it was measured.
type Header struct {
	Commit   string
	Packages []string
	Groups   []Group
	Args     []string
}

// ReadHeader reads the header of a results file that concbench bench
// wrote: its settings line and commit: line.
func ReadHeader(path string) (*Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The header's lines only: the settings line, then the configuration
	// lines the runner writes (header), before any result.
	lines := []string{""}
	br := bufio.NewReader(f)
	for i := 0; i < 8; i++ {
		l, err := br.ReadString('\n')
		lines[len(lines)-1] = strings.TrimSuffix(l, "\n")
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		lines = append(lines, "")
	}
	settings, ok := strings.CutPrefix(lines[0], contract.BenchPrefix)
	if !ok {
		return nil, fmt.Errorf("%s: not a results file of concbench bench (no settings line)", path)
	}
	h := &Header{}
	for _, l := range lines[1:] {
		if v, ok := strings.CutPrefix(l, KeyCommit+": "); ok {
			h.Commit = strings.TrimSpace(v)
		}
	}
	if h.Commit == "" {
		return nil, fmt.Errorf("%s: no %s: line", path, KeyCommit)
	}
	rest := settings
	for rest != "" {
		key, after, ok := strings.Cut(rest, "=")
		if !ok {
			return nil, fmt.Errorf("%s: bad settings line %q", path, settings)
		}
		q, err := strconv.QuotedPrefix(after)
		if err != nil {
			return nil, fmt.Errorf("%s: bad settings line %q", path, settings)
		}
		v, _ := strconv.Unquote(q)
		switch key {
		case "pkg":
			h.Packages = strings.Fields(v)
		case "bench":
			g, err := ParseGroup(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", path, err)
			}
			h.Groups = append(h.Groups, g)
		case "args":
			h.Args = strings.Fields(v)
		}
		rest = strings.TrimPrefix(after[len(q):], " ")
	}
	return h, nil
}

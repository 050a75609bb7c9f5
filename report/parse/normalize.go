package parse

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/concbench/concbench/contract"
)

// ErrUTF16 is the error for input in UTF-16 (what PowerShell's ">" and
// Out-File write by default); errors.Is finds it in the error of Scan.
var ErrUTF16 = errors.New("UTF-16 text, not UTF-8: convert it with `iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8`, or write it with `Out-File -Encoding utf8` (PowerShell)")

// ErrEmpty is the error for an input with nothing but blanks.
var ErrEmpty = errors.New("empty file, no benchmark results")

// ErrBinary is the error for input that is not text.
var ErrBinary = errors.New("binary data (not UTF-8 text), not benchmark results")

// MaxLine bounds the length of a line that is read: a longer one (a test's
// log, never a benchmark result) is skipped with a warning. benchfmt reads
// lines of up to 64 KiB.
const MaxLine = 64<<10 - 1

// sniffLen is how much of an input is examined for its encoding.
const sniffLen = 4096

// normalizer turns an input into the plain benchmark text benchfmt reads:
// it drops a UTF-8 byte order mark, turns CRLF into LF, trims trailing
// blanks (so "cpu: X  " and "cpu: X" are one configuration), and unpacks
// "go test -json" (test2json) output into the text the tests printed. It
// refuses UTF-16 and binary data.
type normalizer struct {
	br   *bufio.Reader
	json bool
	out  bytes.Buffer // normalized text not yet read
	err  error        // sticky; io.EOF at the end

	// pkgs holds, per package of a test2json stream, the output text
	// not yet passed on: the events of packages run in parallel
	// interleave, and a benchmark line may come in several events, so a
	// package's text is passed on when the package ends.
	pkgs  map[string]*bytes.Buffer
	order []string

	line    int   // lines read
	skipped []int // the lines skipped for their length
	bom     bool  // the input began with a UTF-8 byte order mark, dropped

	// badEvents are the lines of a test2json stream that start as an
	// event ('{') and do not parse: an event cut short or garbled, whose
	// output is lost. unended are the packages whose end event never came
	// (a stream cut short): their last output may be incomplete.
	badEvents []int
	unended   []string

	// failLines are the lines (of normalized text) of the benchmarks go
	// test said failed, in order: its own, "--- FAIL: BenchmarkX/sub",
	// which benchfmt ignores, or inline after a result line's name,
	// "BenchmarkX-8 \t--- FAIL: BenchmarkX-8", which benchfmt reads as a
	// result line that does not parse; each with the first line of its
	// message, if one follows (indented).
	failLines []failLine

	notes []string // the lines of NotePrefix, trimmed

	// outLine counts the lines of normalized text written, the line
	// numbers benchfmt gives its results. runnerAt is the line of the
	// runner's first comment line (0: none yet), and rounds holds each
	// round marker's line and round, in order: what tells a result's
	// round (see round).
	outLine  int
	runnerAt int
	rounds   []roundEnd
}

// A failLine is a line of go test's saying that benchmark name failed, at
// line, and the first line of the failure's message.
type failLine struct {
	line      int
	name, msg string
	indent    int  // of the --- FAIL line: its message is indented more
	inline    bool // "BenchmarkX-8 \t--- FAIL: …", named with its -N suffix
}

// inlineFailure returns the inline failure at line, if there is one.
func (n *normalizer) inlineFailure(line int) (failLine, bool) {
	i := slices.IndexFunc(n.failLines, func(f failLine) bool { return f.line == line && f.inline })
	if i < 0 {
		return failLine{}, false
	}
	return n.failLines[i], true
}

// A roundEnd is a round marker of the runner's (contract.RoundDone): the
// line of normalized text it is on and the round it ends.
type roundEnd struct {
	line, round int
}

// NotePrefix starts the comment lines that concbench's runner writes into
// its results files (round markers, the CPU round trip of each round);
// benchfmt skips them, and Scan keeps them (InputInfo.Notes).
const NotePrefix = contract.NotePrefix

// newNormalizer examines the start of r and returns a reader of its
// normalized text.
func newNormalizer(r io.Reader) (*normalizer, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(sniffLen)
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return nil, ErrUTF16
	case looksUTF16(head):
		return nil, ErrUTF16
	}
	bom := bytes.HasPrefix(head, []byte("\xEF\xBB\xBF"))
	if bom {
		br.Discard(3)
		head = head[3:]
	}
	if looksBinary(head) {
		return nil, ErrBinary
	}
	if len(bytes.TrimSpace(head)) == 0 && len(head) < sniffLen {
		return nil, ErrEmpty
	}
	n := &normalizer{br: br, bom: bom}
	// A test2json stream may follow lines that are not JSON: go's
	// "go: downloading …" and a build's warnings, in the same file by
	// 2>&1. Those, like the lines between events, pass on as text.
	jsonHead, _ := br.Peek(jsonSniffLen)
	n.json = jsonStream(jsonHead)
	return n, nil
}

// jsonSniffLen is how much of an input is searched for the first event of
// a test2json stream.
const jsonSniffLen = 64 << 10

// jsonStream reports whether head, the start of an input, holds a line
// of go test -json (test2json) output: a JSON object with an "Action".
// Test logs in plain output are indented, and never start a line so.
func jsonStream(head []byte) bool {
	for line := range bytes.Lines(head) {
		l := bytes.TrimLeft(line, " \t\r")
		if bytes.HasPrefix(l, []byte(`{"`)) && bytes.Contains(l, []byte(`"Action"`)) {
			return true
		}
	}
	return false
}

// looksBinary reports whether b, the start of an input, is not text: more
// than 1% of its bytes NUL, or more than a tenth NUL or not UTF-8. A few
// such bytes are a test's log (Latin-1 from a Windows console, raw bytes
// a test printed), which benchfmt reads past, as it does later in a file;
// an image, an archive or an executable has them throughout.
func looksBinary(b []byte) bool {
	nul, bad := 0, 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1 && len(b)-i < utf8.UTFMax && !utf8.FullRune(b[i:]):
			// a rune cut at the end of the sniffed part
		case r == 0:
			nul++
		case r == utf8.RuneError && size == 1:
			bad++
		}
		i += size
	}
	return nul*100 > len(b) || (nul+bad)*10 > len(b)
}

// looksUTF16 reports whether b looks like UTF-16 text without a byte
// order mark: ASCII characters each beside a NUL byte.
func looksUTF16(b []byte) bool {
	if len(b) < 8 {
		return false
	}
	zeros := 0
	for i := 0; i+1 < len(b) && i < 64; i += 2 {
		if (b[i] == 0) != (b[i+1] == 0) {
			zeros++
		}
	}
	return zeros >= min(len(b), 64)/2-1
}

func (n *normalizer) Read(p []byte) (int, error) {
	for n.out.Len() == 0 && n.err == nil {
		n.fill()
	}
	if n.out.Len() > 0 {
		return n.out.Read(p)
	}
	return 0, n.err
}

// fill normalizes the next input line into n.out.
func (n *normalizer) fill() {
	line, err := n.readLine()
	if len(line) == 0 && err == nil && !n.json {
		n.out.WriteByte('\n') // a blank or skipped line keeps its place
		n.outLine++
	}
	if len(line) > 0 {
		if n.json {
			n.event(line)
		} else {
			n.text(line)
		}
	}
	if err != nil {
		if n.json {
			n.flushAll()
		}
		n.err = err
	}
}

// readLine returns the next line without its line ending; a line longer
// than MaxLine is returned empty, its number noted in n.skipped, so that
// the lines after it keep their numbers.
func (n *normalizer) readLine() ([]byte, error) {
	var long []byte
	total := 0
	for {
		frag, err := n.br.ReadSlice('\n')
		total += len(frag)
		if total <= MaxLine+1 && (long != nil || err == bufio.ErrBufferFull) {
			long = append(long, frag...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		n.line++
		if total > MaxLine+1 {
			n.skipped = append(n.skipped, n.line)
			return []byte{}, err
		}
		if long != nil {
			frag = long
		}
		return bytes.TrimSuffix(frag, []byte("\n")), err
	}
}

// text appends a line of plain text, without trailing blanks or CR. A
// line longer than MaxLine, which only the output of a test2json stream
// gathers (readLine bounds the others), is skipped as readLine skips one:
// benchfmt would stop at it. Its number is the input line of the event
// that ended it.
func (n *normalizer) text(line []byte) {
	if len(line) > MaxLine {
		n.skipped = append(n.skipped, n.line)
		n.out.WriteByte('\n')
		n.outLine++
		return
	}
	line = bytes.TrimRight(line, " \t\r")
	n.out.Write(line)
	n.out.WriteByte('\n')
	n.outLine++
	n.failMessage(line)
	if bytes.HasPrefix(line, []byte(NotePrefix)) {
		note := string(line)
		n.notes = append(n.notes, note)
		if n.runnerAt == 0 && strings.HasPrefix(note, contract.BenchPrefix) {
			n.runnerAt = n.outLine
		}
		if r, ok := contract.RoundDone(note); ok {
			n.rounds = append(n.rounds, roundEnd{n.outLine, r})
		}
	}
}

// failMessage notes a line of go test's saying a benchmark failed, on its
// own or inline, and the first line of the message under the last one
// noted.
func (n *normalizer) failMessage(line []byte) {
	trimmed := bytes.TrimLeft(line, " \t")
	indent := len(line) - len(trimmed)
	if name, ok := bytes.CutPrefix(trimmed, []byte("--- FAIL: Benchmark")); ok {
		if i := bytes.LastIndex(name, []byte(" (")); i > 0 && bytes.HasSuffix(name, []byte("s)")) {
			name = name[:i] // a duration, "(0.00s)"
		}
		n.failLines = append(n.failLines, failLine{line: n.outLine, name: string(name), indent: indent})
		return
	}
	if name, rest, ok := bytes.Cut(line, []byte("\t")); ok && bytes.HasPrefix(line, []byte("Benchmark")) && bytes.HasPrefix(bytes.TrimSpace(rest), []byte("--- FAIL:")) {
		name = bytes.TrimPrefix(bytes.TrimSpace(name), []byte("Benchmark"))
		n.failLines = append(n.failLines, failLine{line: n.outLine, name: string(name), indent: indent, inline: true})
		return
	}
	if k := len(n.failLines); k > 0 {
		f := &n.failLines[k-1]
		if f.msg == "" && f.line == n.outLine-1 && indent > f.indent && len(trimmed) > 0 {
			f.msg = string(trimmed)
		}
	}
}

// A roundCounter tells the round of each result of one input, from the
// normalizer's round markers. The runner writes its settings line first
// and a marker after each round's results (contract.RoundDoneLine), so a
// result after the runner's first line is in the round after the last
// marker before it: 1 before the first. A result of an input without the
// runner's lines, or before them, has round 0.
type roundCounter struct {
	n    *normalizer
	next int // the first marker not yet passed
	last int // the round of the last marker passed
}

// round returns the round of the result on line (of normalized text).
// Results come in order of their lines; the normalizer has read every
// line up to line by the time benchfmt returns the result on it, and
// maybe more: a marker counts only if it comes before line.
func (rc *roundCounter) round(line int) int {
	if rc.n.runnerAt == 0 || rc.n.runnerAt > line {
		return 0
	}
	for rc.next < len(rc.n.rounds) && rc.n.rounds[rc.next].line < line {
		rc.last = rc.n.rounds[rc.next].round
		rc.next++
	}
	return rc.last + 1
}

// An event is the part of a test2json event that carries output.
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// event unpacks one test2json line; a line that is not JSON is passed
// through as text (go test prints build failures that way).
func (n *normalizer) event(line []byte) {
	if len(bytes.TrimSpace(line)) == 0 {
		return
	}
	var ev event
	if err := json.Unmarshal(line, &ev); err != nil || ev.Action == "" {
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] == '{' {
			n.badEvents = append(n.badEvents, n.line)
		}
		n.text(line)
		return
	}
	switch ev.Action {
	case "pass", "fail", "skip":
		// A package's end: its text goes out whole, so that packages run
		// in parallel never mix their configuration lines.
		if buf := n.pkgs[ev.Package]; ev.Test == "" && buf != nil {
			n.flush(buf, true)
		}
		return
	case "output":
	default:
		return
	}
	if ev.Output == "" {
		return
	}
	if n.pkgs == nil {
		n.pkgs = make(map[string]*bytes.Buffer)
	}
	buf := n.pkgs[ev.Package]
	if buf == nil {
		buf = new(bytes.Buffer)
		n.pkgs[ev.Package] = buf
		n.order = append(n.order, ev.Package)
	}
	buf.WriteString(ev.Output)
}

// flush moves the complete lines of buf (all of it when final) to n.out.
func (n *normalizer) flush(buf *bytes.Buffer, final bool) {
	for {
		b := buf.Bytes()
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			if final && len(b) > 0 {
				n.text(b)
				buf.Reset()
			}
			return
		}
		n.text(b[:i])
		buf.Next(i + 1)
	}
}

func (n *normalizer) flushAll() {
	for _, p := range n.order {
		if n.pkgs[p].Len() > 0 {
			n.unended = append(n.unended, p)
		}
		n.flush(n.pkgs[p], true)
	}
}

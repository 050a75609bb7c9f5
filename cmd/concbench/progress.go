package main

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/concbench/concbench/impl/iobound"
)

// progress shows a bar on stderr when stderr is a terminal, and nothing
// otherwise, so that piped output stays parseable.
type progress struct {
	bar *progressbar.ProgressBar
}

func newProgress(stderr io.Writer, total int, desc string) *progress {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString("req"),
		progressbar.OptionShowIts(),
		progressbar.OptionThrottle(50*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetWidth(30),
	)}
}

// add counts one finished request; it is safe for concurrent use.
func (p *progress) add(iobound.Slot) {
	if p.bar != nil {
		p.bar.Add(1)
	}
}

// done clears the bar.
func (p *progress) done() {
	if p.bar != nil {
		p.bar.Finish()
		p.bar.Clear()
	}
}

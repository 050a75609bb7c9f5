package runner_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/runner"
)

// TestReadHeader: the header of a results file is its settings line (of
// any length) and the configuration lines after it; what follows, results
// by the megabyte, is not read for it. A file without the settings line,
// or without a commit: line, is no results file.
func TestReadHeader(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	settings := contract.BenchPrefix + `pkg="./a ./b" bench="` + strings.Repeat("X", 9000) + `@1x" args="-scale=short"`
	body := strings.Repeat("BenchmarkX-2 \t 10\t 100 ns/op\n", 100000)
	h, err := runner.ReadHeader(write("ok.txt", settings+"\ncommit: abc\ncommit-time: 2026-01-02T03:04:05Z\n"+body))
	if err != nil || h.Commit != "abc" || strings.Join(h.Packages, " ") != "./a ./b" || len(h.Groups) != 1 || strings.Join(h.Args, " ") != "-scale=short" {
		t.Errorf("header %+v, %v", h, err)
	}
	for name, text := range map[string]string{
		"nosettings.txt": "commit: abc\n" + body,
		"nocommit.txt":   settings + "\n" + body,
		"empty.txt":      "",
	} {
		if _, err := runner.ReadHeader(write(name, text)); err == nil {
			t.Errorf("%s read as a results file", name)
		}
	}
}

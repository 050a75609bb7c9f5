package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportStdin: report reads standard input for "-", prints the tables
// in the -format asked on stdout (the summary line then goes to stderr),
// and writes REPORT.md with a table per package of a multi-package run.
func TestReportStdin(t *testing.T) {
	in, err := os.Open(filepath.Join("..", "..", "testdata", "stdlib", "multipkg.new.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	old := os.Stdin
	os.Stdin = in
	defer func() { os.Stdin = old }()
	dir := t.TempDir()
	code, stdout, stderr := runMain(t, "report", "-o", dir, "-format", "csv", "-filter", ".unit:sec/op", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, pkg := range []string{"encoding/base32", "encoding/base64", "encoding/hex", "encoding/pem"} {
		if !strings.Contains(stdout, "pkg: "+pkg+"\n") {
			t.Errorf("no table for %s in the CSV:\n%s", pkg, stdout)
		}
	}
	if !strings.Contains(stderr, "wrote "+filepath.Join(dir, "REPORT.md")) {
		t.Errorf("stderr: %q", stderr)
	}
	md, err := os.ReadFile(filepath.Join(dir, "REPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(md), "\n### pkg: encoding/"); n < 4 {
		t.Errorf("REPORT.md has %d package tables, want one per package", n)
	}
}

// TestReportFilterCounts: under -filter, REPORT.md counts the results
// that passed it, not every result read.
func TestReportFilterCounts(t *testing.T) {
	path := filepath.Join("..", "..", "testdata", "stdlib", "multipkg.new.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	all, hex, pkg := 0, 0, ""
	for _, line := range strings.Split(string(data), "\n") {
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = p
		}
		if strings.HasPrefix(line, "Benchmark") && strings.Contains(line, "ns/op") {
			all++
			if pkg == "encoding/hex" {
				hex++
			}
		}
	}
	if hex == 0 || hex == all {
		t.Fatalf("%d results of encoding/hex of %d: the file is not the one this test is for", hex, all)
	}
	dir := t.TempDir()
	if code, _, stderr := runMain(t, "report", "-o", dir, "-filter", "pkg:encoding/hex", path); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	md, err := os.ReadFile(filepath.Join(dir, "REPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf(": %d results of ", hex); !strings.Contains(string(md), want) {
		t.Errorf("REPORT.md does not say %q:\n%s", want, md[:min(len(md), 600)])
	}
}

// TestTrendWritesBeforePrinting: trend writes TREND.md and trend.png
// before it prints its verdict, so an output it cannot write (here a
// directory where trend.png should go) is an error with nothing printed,
// not a verdict followed by a failure.
func TestTrendWritesBeforePrinting(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i := range 3 {
		p := filepath.Join(dir, fmt.Sprintf("r%d.txt", i))
		text := "goos: linux\n"
		for k := range 6 {
			text += fmt.Sprintf("BenchmarkA-2 1 %d ns/op\n", 100+k)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(filepath.Join(out, "trend.png"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runMain(t, append([]string{"trend", "-o", out}, files...)...)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "trend.png") || strings.Contains(stderr, ".trend.png.") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1, nothing printed, an error naming trend.png", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "TREND.md")); err == nil {
		t.Errorf("TREND.md written beside a failed trend.png")
	}
}

// TestTrendLeavesNoEmptyOutDir: a trend that fails (a missing input) after
// making its -o removes the directory it made, now empty; one that was
// there before stays.
func TestTrendLeavesNoEmptyOutDir(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "new")
	args := []string{"trend", "-o", out, filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt"), filepath.Join(dir, "c.txt")}
	if code, _, _ := runMain(t, args...); code == 0 {
		t.Fatal("trend of missing files succeeded")
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s left behind", out)
	}
	args[2] = dir
	runMain(t, args...)
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("an -o that was there is gone: %v", err)
	}
}

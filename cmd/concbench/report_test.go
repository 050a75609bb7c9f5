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

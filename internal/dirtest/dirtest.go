// Package dirtest helps tests check what a command left in a directory.
package dirtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Files returns the regular files directly in dir, by name, with their
// contents: two calls compare equal (maps.Equal) exactly when nothing in
// dir was written, replaced, added or removed in between. A temporary
// file left behind shows as a name more.
func Files(t testing.TB, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string]string)
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

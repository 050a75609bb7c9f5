// Package recorded hands tests of several packages the benchmark outputs
// recorded in the module's testdata directory (see testdata/README.md).
package recorded

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Path returns the path of file in the module's testdata directory
// ("stdlib/crc32.txt"), wherever the calling test runs.
func Path(file string) string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "..", "testdata", file)
}

// Stamped writes the recorded output file once per entry of heads, each
// copy under its own header lines (as another harness stamps each run:
// "runstamp: …\n"), as run1.txt, run2.txt, … in a temporary directory of
// t, and returns their paths.
func Stamped(t testing.TB, file string, heads []string) []string {
	t.Helper()
	data, err := os.ReadFile(Path(file))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var paths []string
	for i, h := range heads {
		p := filepath.Join(dir, fmt.Sprintf("run%d.txt", i+1))
		if err := os.WriteFile(p, append([]byte(h), data...), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

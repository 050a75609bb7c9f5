package report

import (
	"fmt"
	"path/filepath"

	"github.com/concbench/concbench/internal/atomicfile"
)

// ownDir makes the output directory of res hold one report: the charts of
// an earlier report there that this one did not draw are removed, and
// only those (see atomicfile.Own: a manifest of the files each report
// wrote, never a user's own files).
func ownDir(dir string, res *Result) error {
	files := []string{filepath.Base(res.Report)}
	for _, c := range res.Charts {
		files = append(files, filepath.Base(c))
	}
	if _, err := atomicfile.Own(dir, files); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	return nil
}

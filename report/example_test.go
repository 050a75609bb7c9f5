package report_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/concbench/concbench/report"
)

func ExampleGenerate() {
	out, err := os.MkdirTemp("", "report")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(out)
	res, err := report.Generate(report.Options{Files: []string{"testdata/full-subset.txt"}, OutDir: out})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(filepath.Base(res.Report))
	for _, c := range res.Charts {
		fmt.Println(filepath.Base(c))
	}
	// Output:
	// REPORT.md
	// io-speedup.png
	// cpu-speedup.png
}

// CompareRegressions is the decision behind "concbench compare": here
// three benchmarks of a recorded run were made 30% slower; the two quiet
// ones are significant regressions, the noisy one is not.
func ExampleCompareRegressions() {
	regs, err := report.CompareRegressions(report.CompareOptions{
		Old:       "testdata/compare/base.txt",
		New:       "testdata/compare/regression.txt",
		Threshold: report.DefaultThreshold,
	}, io.Discard)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range regs {
		fmt.Printf("%s: %+.1f%% (p=%.3f)\n", r.Name, 100*r.Change, r.P)
	}
	// Output:
	// CPU/workload=ll/strategy=sequential-2: +42.8% (p=0.026)
	// IO/api=mock/strategy=sequential-2: +27.5% (p=0.002)
}

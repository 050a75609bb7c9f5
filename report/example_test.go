package report_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/suite"
)

func ExampleGenerate() {
	out, err := os.MkdirTemp("", "report")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(out)
	res, err := report.Generate(report.Options{Files: []string{"testdata/full-subset.txt"}, OutDir: out, Preset: suite.Preset})
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

// Compare is the decision behind "concbench compare": here three
// benchmarks of a recorded run (6 samples a side) were made 30% slower;
// the gate names the one whose samples no longer overlap, the only one
// that 6 samples can prove under Holm–Bonferroni over 14 benchmarks.
func ExampleCompare() {
	res, err := report.Compare(report.CompareOptions{
		Old: "testdata/compare/base.txt",
		New: "testdata/compare/regression.txt",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Decision, res.Decision.ExitCode())
	fmt.Println(res.Reason)
	// Output:
	// regression 1
	// 1 of 14 benchmarks got worse; worst IO/api=mock/strategy=sequential-2: +27.5% (sec/op, p=0.0011)
}

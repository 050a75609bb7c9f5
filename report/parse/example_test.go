package parse_test

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/report/parse"
)

func ExampleScan() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "bench.txt")
	os.WriteFile(path, []byte(`numcpu: 2
BenchmarkCPU/workload=ll/strategy=sequential-2   1   2000000000 ns/op
BenchmarkCPU/workload=ll/strategy=pool/workers=2-2   1   1000000000 ns/op
BenchmarkCPU/workload=ll/strategy=pool/workers=2-2   1   NaN ns/op
`), 0o644)
	info, err := parse.Scan([]parse.Source{{Path: path, Label: "bench.txt"}}, nil, func(r *benchfmt.Result) {
		v, _ := r.Value("sec/op")
		fmt.Println(r.Name, v, "sec/op")
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(info.Inputs[0].Label, "numcpu:", info.Inputs[0].Get("numcpu"))
	for _, w := range info.Warnings {
		fmt.Println(filepath.Base(w.File)+":", w.Line, w.Msg)
	}
	// Output:
	// CPU/workload=ll/strategy=sequential-2 2 sec/op
	// CPU/workload=ll/strategy=pool/workers=2-2 1 sec/op
	// bench.txt numcpu: 2
	// bench.txt: 4 CPU/workload=ll/strategy=pool/workers=2-2: NaN ns/op is not a finite number, left out
}

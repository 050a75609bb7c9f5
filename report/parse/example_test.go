package parse_test

import (
	"fmt"
	"strings"

	"github.com/concbench/concbench/report/parse"
)

func ExampleRead() {
	out := `numcpu: 2
BenchmarkCPU/workload=ll/strategy=sequential-2   1   2000000000 ns/op
BenchmarkCPU/workload=ll/strategy=pool/workers=2-2   1   1000000000 ns/op
BenchmarkCPU/workload=ll/strategy=pool/workers=2-2   1   NaN ns/op
`
	set, err := parse.Read(parse.Input{Name: "bench.txt", R: strings.NewReader(out)})
	if err != nil {
		fmt.Println(err)
		return
	}
	run := set.Runs[0]
	fmt.Println(run.Label, "numcpu:", run.Get("numcpu"))
	for _, r := range run.Results {
		v, _ := r.Value("sec/op")
		fmt.Println(r.Name, v, "sec/op")
	}
	for _, w := range set.Warnings {
		fmt.Println(w)
	}
	// Output:
	// bench.txt numcpu: 2
	// CPU/workload=ll/strategy=sequential-2 2 sec/op
	// CPU/workload=ll/strategy=pool/workers=2-2 1 sec/op
	// bench.txt:4: CPU/workload=ll/strategy=pool/workers=2-2: NaN ns/op is not a finite number, left out
}

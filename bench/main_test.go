package bench

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/impl/childproc"
)

// configs are the sources of benchfmt configuration lines; each task's
// benchmark file adds its own in an init function. A source returns key,
// value pairs.
var configs []func() [][2]string

func TestMain(m *testing.M) {
	childproc.Main() // a processes strategy re-runs this binary as its worker
	flag.Parse()
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" {
		printConfig()
	}
	code := m.Run()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

// printConfig writes the benchfmt configuration lines that describe the
// workloads, which apply to every result that follows, and the unit
// metadata lines of the per-request units (lower is better).
func printConfig() {
	for _, src := range configs {
		for _, kv := range src() {
			fmt.Printf("%s: %s\n", kv[0], kv[1])
		}
	}
	for _, u := range contract.PieceUnits {
		fmt.Println(contract.LowerIsBetterLine(u))
	}
}

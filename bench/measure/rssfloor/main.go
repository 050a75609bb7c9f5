// Command rssfloor prints the resident memory a program has when main starts,
// before it reads any input, if it links the libraries concbench's one binary
// must link: gonum/plot for the charts, x/perf for the statistics, net/http and
// httpmock for the suite's IO task, progressbar, pprof's profile package,
// x/sync and x/time. It is the floor under `concbench report -format csv`'s
// peak RSS that no change to concbench's own code can lower (issue 17):
//
//	CGO_ENABLED=0 go build -o /tmp/rssfloor ./bench/measure/rssfloor && /tmp/rssfloor
//
// Each package with an init function has it run at start, and the kernel maps
// the binary's pages around each one it touches (64 KB at a time), so the
// floor grows with the number of packages that have one, not with their size.
// Linux only: it reads /proc/self/status.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	_ "github.com/google/pprof/profile"
	_ "github.com/jarcoal/httpmock"
	_ "github.com/schollz/progressbar/v3"
	_ "golang.org/x/perf/benchfmt"
	_ "golang.org/x/perf/benchmath"
	_ "golang.org/x/perf/benchproc"
	_ "golang.org/x/perf/benchunit"
	_ "golang.org/x/sync/errgroup"
	_ "golang.org/x/time/rate"
	_ "gonum.org/v1/plot"
	_ "gonum.org/v1/plot/plotter"
	_ "gonum.org/v1/plot/vg/draw"
	_ "gonum.org/v1/plot/vg/vgimg"
	_ "net/http"
)

func main() {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		fmt.Fprintln(os.Stderr, "rssfloor:", err)
		os.Exit(1)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && (k == "VmHWM" || k == "VmRSS" || k == "RssAnon" || k == "RssFile") {
			fmt.Printf("%-8s %s\n", k+":", strings.TrimSpace(v))
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "rssfloor:", err)
		os.Exit(1)
	}
}

package main

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/concbench/concbench/runner/machine"
)

// The analysis takes each unit's slowness, its time over the median time
// of the units of its kind on its CPU in phases of the same kind (every
// CPU working, or one alone), and averages it over windows of time. A
// window's slowness for a job that needs every CPU is that of its slowest
// CPU, which the job waits for.

// A key picks a series of units: the phases (every CPU, or alone), the
// CPU's index in the recording's CPUs, and the kind (−1: every kind).
type key struct {
	alone bool
	cpu   int
	kind  int
}

// A series is units in order of start, with the running sum of their
// slowness, to average it over any stretch of time.
type series struct {
	start []int64
	sum   []float64 // sum[i]: the slowness of the first i units
}

func (s *series) add(start int64, slow float64) {
	if len(s.sum) == 0 {
		s.sum = append(s.sum, 0)
	}
	s.start = append(s.start, start)
	s.sum = append(s.sum, s.sum[len(s.sum)-1]+slow)
}

// mean returns the mean slowness of the units that started in [a, b).
func (s *series) mean(a, b int64) (float64, bool) {
	if s == nil {
		return 0, false
	}
	i, _ := slices.BinarySearch(s.start, a)
	j, _ := slices.BinarySearch(s.start, b)
	if j <= i {
		return 0, false
	}
	return (s.sum[j] - s.sum[i]) / float64(j-i), true
}

type analysis struct {
	r      *recording
	cpuIx  map[int]int
	series map[key]*series
	median map[key]float64 // µs
}

func analyze(r *recording) *analysis {
	a := &analysis{r: r, cpuIx: map[int]int{}, series: map[key]*series{}, median: map[key]float64{}}
	for i, c := range r.cpus {
		a.cpuIx[c] = i
	}
	durs := map[key][]float64{}
	keyOf := func(u unit) key {
		return key{alone: a.r.phaseAt(u.start).alone >= 0, cpu: a.cpuIx[int(u.cpu)], kind: int(u.kind)}
	}
	for _, u := range r.units {
		k := keyOf(u)
		durs[k] = append(durs[k], float64(u.dur))
	}
	for k, ds := range durs {
		slices.Sort(ds)
		a.median[k] = ds[len(ds)/2]
	}
	for _, u := range r.units {
		k := keyOf(u)
		s := float64(u.dur) / max(a.median[k], 1)
		for _, k := range []key{k, {k.alone, k.cpu, -1}} {
			if a.series[k] == nil {
				a.series[k] = &series{}
			}
			a.series[k].add(u.start, s)
		}
	}
	return a
}

// A window is a stretch of one phase and its slowness on each CPU (every
// CPU's phases) or on the CPU working alone.
type window struct {
	phase int
	slow  []float64
}

// worst is the slowness of the window's slowest CPU.
func (w window) worst() float64 { return slices.Max(w.slow) }

// windows cuts the phases of every CPU working (or of one alone) into
// windows of w µs, from each phase's start, of units of kind (−1: all);
// a window without units on some CPU is left out.
func (a *analysis) windows(w int64, alone bool, kind int) []window {
	var ws []window
	for i, p := range a.r.phases {
		if (p.alone >= 0) != alone {
			continue
		}
		end := a.r.phaseEnd(p.start).Microseconds()
		cpus := a.r.cpus
		if alone {
			cpus = []int{p.alone}
		}
	next:
		for t := p.start; t+w <= end; t += w {
			win := window{phase: i}
			for _, c := range cpus {
				m, ok := a.series[key{alone, a.cpuIx[c], kind}].mean(t, t+w)
				if !ok {
					continue next
				}
				win.slow = append(win.slow, m)
			}
			ws = append(ws, win)
		}
	}
	return ws
}

// report writes the analysis as markdown tables.
func (a *analysis) report(w io.Writer) {
	r := a.r
	alone := slices.ContainsFunc(r.phases, func(p phase) bool { return p.alone >= 0 })
	fmt.Fprintf(w, "## hiccup: %.0f s on CPUs %v\n\n", float64(r.end)/1e6, r.cpus)
	fmt.Fprintf(w, "Units of fixed work on a thread pinned to each CPU, the kinds in turn: alu %d xorshift rounds, big %d squarings mod 2^4423−1, mem %d steps of a random walk over 16 MiB (about %v each when sized).", r.sizes[0], r.sizes[1], r.sizes[2], machine.UnitTime)
	if alone {
		fmt.Fprintf(w, " Phases of every CPU working alternate with phases of one CPU working alone (sequential code), each CPU in turn.")
	}
	fmt.Fprintf(w, " A unit's slowness is its time over the median of its kind on its CPU in phases of the same kind; a window's, the mean of its units'; a job that needs every CPU waits for the slowest.\n\n")
	a.steal(w)
	a.slowWindows(w)
	if alone {
		a.sequential(w)
	}
	a.spells(w, alone)
	a.kinds(w)
	a.probeAlone(w)
	a.probeNextTo(w)
}

var windowLengths = []int64{50e3, 100e3, 250e3, 1e6}

func ms(us int64) string { return fmt.Sprintf("%d ms", us/1000) }

func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

func slowPct(x float64) string { return fmt.Sprintf("%+.1f%%", 100*(x-1)) }

// share returns the share of xs above t.
func share(xs []float64, t float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	n := 0
	for _, x := range xs {
		if x > t {
			n++
		}
	}
	return float64(n) / float64(len(xs))
}

// quantile returns the p-quantile of sorted xs, as analyze.py: the value
// at index ⌊p·n⌋.
func quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

func table(w io.Writer, head []string, rows [][]string) {
	fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat(" --: |", len(head)))
	for _, row := range rows {
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
	}
	fmt.Fprintln(w)
}

// steal says how much of each CPU's time the hypervisor gave to others.
func (a *analysis) steal(w io.Writer) {
	type delta struct{ t0, t1 int64 }
	per := map[int][]stat{}
	for _, s := range a.r.stats {
		per[s.cpu] = append(per[s.cpu], s)
	}
	if len(per) == 0 {
		fmt.Fprint(w, "No /proc/stat: steal not measured.\n\n")
		return
	}
	stolen := map[delta]bool{} // intervals with steal on some CPU
	var parts []string
	for _, cpu := range slices.Sorted(maps.Keys(per)) {
		ss := per[cpu]
		var total, steal uint64
		n, with := 0, 0
		for i := 1; i < len(ss); i++ {
			dt, ds := ss[i].total-ss[i-1].total, ss[i].steal-ss[i-1].steal
			total, steal = total+dt, steal+ds
			n++
			if ds > 0 {
				with++
				stolen[delta{ss[i-1].t, ss[i].t}] = true
			}
		}
		parts = append(parts, fmt.Sprintf("cpu%d %.2f%% of its time, in %d of %d intervals", cpu, 100*float64(steal)/float64(max(total, 1)), with, n))
	}
	slow, slowStolen := 0, 0
	for _, win := range a.windowsAt(100e3) {
		if win.worst > 1.05 {
			slow++
			for d := range stolen {
				if win.t < d.t1 && win.t+100e3 > d.t0 {
					slowStolen++
					break
				}
			}
		}
	}
	fmt.Fprintf(w, "**Steal** (/proc/stat, sampled every 100 ms): %s. Of the %d windows of 100 ms more than 5%% slow (every CPU working), %d overlap an interval with steal.\n\n", strings.Join(parts, "; "), slow, slowStolen)
}

// A timedWindow is an every-CPU window with its start, for steal.
type timedWindow struct {
	t     int64
	worst float64
}

func (a *analysis) windowsAt(w int64) []timedWindow {
	var ws []timedWindow
	for _, p := range a.r.phases {
		if p.alone >= 0 {
			continue
		}
		end := a.r.phaseEnd(p.start).Microseconds()
		for t := p.start; t+w <= end; t += w {
			worst, ok := 0.0, true
			for i := range a.r.cpus {
				m, has := a.series[key{false, i, -1}].mean(t, t+w)
				ok = ok && has
				worst = max(worst, m)
			}
			if ok {
				ws = append(ws, timedWindow{t, worst})
			}
		}
	}
	return ws
}

// slowWindows: how often a window is slow, every CPU working.
func (a *analysis) slowWindows(w io.Writer) {
	fmt.Fprint(w, "**How often a window is slow, every CPU working** (share of windows more than 5%, 10%, 15% slower than the median; worst: the slowest CPU's slowness):\n\n")
	head := []string{"window", "windows"}
	for _, c := range a.r.cpus {
		head = append(head, fmt.Sprintf("cpu%d >5%%", c))
	}
	head = append(head, "any >5%", "every >5%", "any >10%", "every >10%", "any >15%", "worst p50", "p90", "p99", "max")
	var rows [][]string
	for _, wl := range windowLengths {
		ws := a.windows(wl, false, -1)
		if len(ws) == 0 {
			continue
		}
		row := []string{ms(wl), fmt.Sprint(len(ws))}
		for i := range a.r.cpus {
			row = append(row, pct(shareOf(ws, func(w window) bool { return w.slow[i] > 1.05 })))
		}
		for _, t := range []float64{1.05, 1.10} {
			row = append(row, pct(shareOf(ws, func(w window) bool { return w.worst() > t })),
				pct(shareOf(ws, func(w window) bool { return slices.Min(w.slow) > t })))
		}
		row = append(row, pct(shareOf(ws, func(w window) bool { return w.worst() > 1.15 })))
		worst := sortedOf(ws, window.worst)
		row = append(row, slowPct(quantile(worst, 0.5)), slowPct(quantile(worst, 0.9)), slowPct(quantile(worst, 0.99)), slowPct(worst[len(worst)-1]))
		rows = append(rows, row)
	}
	table(w, head, rows)
}

// sequential: how often a window of one CPU working alone is slow.
func (a *analysis) sequential(w io.Writer) {
	fmt.Fprint(w, "**Sequential code: one CPU working alone, the others idle** (the same shares, of the lone CPU's windows):\n\n")
	var rows [][]string
	for _, wl := range windowLengths {
		ws := a.windows(wl, true, -1)
		if len(ws) == 0 {
			continue
		}
		v := sortedOf(ws, window.worst)
		rows = append(rows, []string{ms(wl), fmt.Sprint(len(ws)), pct(share(v, 1.05)), pct(share(v, 1.10)), pct(share(v, 1.15)),
			slowPct(quantile(v, 0.5)), slowPct(quantile(v, 0.9)), slowPct(quantile(v, 0.99)), slowPct(v[len(v)-1])})
	}
	table(w, []string{"window", "windows", ">5%", ">10%", ">15%", "p50", "p90", "p99", "max"}, rows)
}

func shareOf(ws []window, f func(window) bool) float64 {
	n := 0
	for _, w := range ws {
		if f(w) {
			n++
		}
	}
	return float64(n) / float64(max(len(ws), 1))
}

func sortedOf(ws []window, f func(window) float64) []float64 {
	v := make([]float64, len(ws))
	for i, w := range ws {
		v[i] = f(w)
	}
	sort.Float64s(v)
	return v
}

package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"

	"github.com/concbench/concbench/runner/machine"
)

// spells: how long slow spells last (runs of consecutive slow windows of
// 100 ms in one phase), on which CPUs, and how the CPUs' slowness goes
// together.
func (a *analysis) spells(w io.Writer, alone bool) {
	const wl = 100e3
	ws := a.windows(wl, false, -1)
	fmt.Fprint(w, "**Slow spells**: runs of consecutive windows of 100 ms slower than the threshold (every CPU working: on one CPU, on any, on every CPU at once; one CPU alone), their lengths and the share of the time they cover:\n\n")
	type who struct {
		name string
		ws   []window
		slow func(window, float64) bool
	}
	var whos []who
	for i, c := range a.r.cpus {
		whos = append(whos, who{fmt.Sprintf("cpu%d", c), ws, func(w window, t float64) bool { return w.slow[i] > t }})
	}
	whos = append(whos,
		who{"any CPU", ws, func(w window, t float64) bool { return w.worst() > t }},
		who{"every CPU", ws, func(w window, t float64) bool { return slices.Min(w.slow) > t }})
	if alone {
		whos = append(whos, who{"alone", a.windows(wl, true, -1), func(w window, t float64) bool { return w.worst() > t }})
	}
	var rows [][]string
	for _, t := range []float64{1.05, 1.10, 1.20} {
		for _, h := range whos {
			lens := runs(h.ws, func(w window) bool { return h.slow(w, t) })
			if len(lens) == 0 {
				rows = append(rows, []string{slowPct(t), h.name, "0", "", "", "", "0.0%"})
				continue
			}
			sort.Float64s(lens)
			var sum float64
			for _, l := range lens {
				sum += l
			}
			rows = append(rows, []string{slowPct(t), h.name, fmt.Sprint(len(lens)),
				ms(int64(quantile(lens, 0.5) * wl)), ms(int64(quantile(lens, 0.9) * wl)), ms(int64(lens[len(lens)-1] * wl)),
				pct(sum / float64(max(len(h.ws), 1)))})
		}
	}
	table(w, []string{"threshold", "where", "spells", "median", "p90", "longest", "share of time"}, rows)
	if len(a.r.cpus) >= 2 && len(ws) > 1 {
		x, y := make([]float64, len(ws)), make([]float64, len(ws))
		for i, win := range ws {
			x[i], y[i] = win.slow[0], win.slow[1]
		}
		fmt.Fprintf(w, "Correlation of cpu%d's and cpu%d's slowness over the windows of 100 ms: %.2f.\n\n", a.r.cpus[0], a.r.cpus[1], correlation(x, y))
	}
}

// runs returns the lengths, in windows, of the runs of consecutive
// windows of one phase for which slow holds.
func runs(ws []window, slow func(window) bool) []float64 {
	var lens []float64
	n := 0
	for i, w := range ws {
		if i > 0 && w.phase != ws[i-1].phase && n > 0 {
			lens, n = append(lens, float64(n)), 0
		}
		if slow(w) {
			n++
		} else if n > 0 {
			lens, n = append(lens, float64(n)), 0
		}
	}
	if n > 0 {
		lens = append(lens, float64(n))
	}
	return lens
}

func correlation(x, y []float64) float64 {
	mean := func(v []float64) float64 {
		var s float64
		for _, a := range v {
			s += a
		}
		return s / float64(len(v))
	}
	mx, my := mean(x), mean(y)
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

// kinds: how noisy each kind of work is.
func (a *analysis) kinds(w io.Writer) {
	fmt.Fprint(w, "**By kind of work** (windows of 100 ms, every CPU working, each CPU's mean slowness over its units of the kind):\n\n")
	var rows [][]string
	for _, k := range machine.Kinds {
		var v []float64
		for _, win := range a.windows(100e3, false, int(k)) {
			v = append(v, win.slow...)
		}
		if len(v) == 0 {
			continue
		}
		sort.Float64s(v)
		rows = append(rows, []string{k.String(), fmt.Sprint(len(v)), slowPct(quantile(v, 0.5)), slowPct(quantile(v, 0.9)), slowPct(quantile(v, 0.99)), slowPct(v[len(v)-1]), pct(share(v, 1.05))})
	}
	table(w, []string{"kind", "windows × CPUs", "p50", "p90", "p99", "max", ">5%"}, rows)
}

var probeBounds = []float64{1.10, 1.15, 1.20, 1.25, 1.30}

// probeAlone: how often a probe of each length flags, when nothing is
// known to be wrong: the share of windows of that length (every CPU
// working) whose slowest CPU is beyond each bound. It is the table the
// runner's defaults (runner.DefaultProbeTime, DefaultProbeBound) are
// chosen from.
func (a *analysis) probeAlone(w io.Writer) {
	fmt.Fprint(w, "**A probe on its own**: the share of windows of the probe's length (every CPU working) whose slowest CPU is beyond the bound, the share of probes that would flag a group run (runner.DefaultProbeBound):\n\n")
	head := []string{"probe", "windows"}
	for _, b := range probeBounds {
		head = append(head, slowPct(b))
	}
	var rows [][]string
	for _, p := range []int64{20e3, 30e3, 50e3, 100e3, 250e3} {
		ws := a.windows(p, false, -1)
		if len(ws) == 0 {
			continue
		}
		v := sortedOf(ws, window.worst)
		row := []string{ms(p), fmt.Sprint(len(ws))}
		for _, b := range probeBounds {
			row = append(row, pct(share(v, b)))
		}
		rows = append(rows, row)
	}
	table(w, head, rows)
}

// probeNextTo: does a short probe next to a sample see the sample's
// slowness? Each every-CPU phase is cut into probe, sample, probe,
// sample, …, probe; a sample is slow when its slowest CPU is more than 5%
// slower than the median. A probe flags the sample after it (before) or
// the samples on both sides (before or after, as the runner does) when
// its slowest CPU is beyond the bound.
func (a *analysis) probeNextTo(w io.Writer) {
	fmt.Fprint(w, "**A probe next to a sample** (probe, sample, probe, … in the every-CPU phases; a sample is slow when its slowest CPU is >5% slow; caught: slow samples flagged; false: flagged samples not slow):\n\n")
	var rows [][]string
	for _, p := range []int64{20e3, 50e3, 100e3} {
		for _, s := range []int64{250e3, 1e6, 4e6} {
			bs := a.alternate(p, s)
			if len(bs) == 0 {
				continue
			}
			slow := 0
			for _, b := range bs {
				if b.sample > 1.05 {
					slow++
				}
			}
			for _, bound := range []float64{1.05, 1.10, 1.15, 1.20} {
				row := []string{ms(p), ms(s), fmt.Sprint(len(bs)), fmt.Sprint(slow), slowPct(bound)}
				for _, bracket := range []bool{false, true} {
					flagged, caught := 0, 0
					for _, b := range bs {
						if b.before > bound || (bracket && b.after > bound) {
							flagged++
							if b.sample > 1.05 {
								caught++
							}
						}
					}
					row = append(row, fmt.Sprint(flagged), fmt.Sprintf("%d of %d", caught, slow), fmt.Sprint(flagged-caught))
				}
				rows = append(rows, row)
			}
		}
	}
	table(w, []string{"probe", "sample", "samples", "slow", "bound", "before: flagged", "caught", "false", "before or after: flagged", "caught", "false"}, rows)
}

// A bracketed is a sample and the probes before and after it: the
// slowness of their slowest CPU.
type bracketed struct{ before, sample, after float64 }

// alternate cuts each every-CPU phase into probes of p µs and samples of
// s µs in turn, starting and ending with a probe (a probe is the after of
// one sample and the before of the next, as in the runner).
func (a *analysis) alternate(p, s int64) []bracketed {
	worst := func(t0, t1 int64) (float64, bool) {
		v := 0.0
		for i := range a.r.cpus {
			m, ok := a.series[key{false, i, -1}].mean(t0, t1)
			if !ok {
				return 0, false
			}
			v = max(v, m)
		}
		return v, true
	}
	var bs []bracketed
	for _, ph := range a.r.phases {
		if ph.alone >= 0 {
			continue
		}
		end := a.r.phaseEnd(ph.start).Microseconds()
		for t := ph.start; t+p+s+p <= end; t += p + s {
			before, ok0 := worst(t, t+p)
			sample, ok1 := worst(t+p, t+p+s)
			after, ok2 := worst(t+p+s, t+p+s+p)
			if ok0 && ok1 && ok2 { // a unit that took longer than a probe leaves it empty
				bs = append(bs, bracketed{before, sample, after})
			}
		}
	}
	return bs
}

package main

import (
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/concbench/concbench/runner/machine"
)

// sink keeps the work's result, so that no compiler leaves the work out.
var sink uint64

// A unit is one unit of fixed work as recorded: when it started and how
// long it took, in µs from the start of the recording.
type unit struct {
	start int64
	dur   int32
	cpu   int16 // the CPU's number
	kind  int8  // a machine.Kind
}

// A phase is a stretch of the recording during which the same CPUs work.
type phase struct {
	start int64 // µs
	alone int   // the CPU that works alone (sequential code); −1: every CPU
}

// A stat is one CPU's line of /proc/stat at a moment: its time in all
// states and in steal (time the hypervisor ran something else), in ticks.
type stat struct {
	t            int64 // µs
	cpu          int
	total, steal uint64
}

// A recording is what record measured, or what read read back.
type recording struct {
	units  []unit // by start
	phases []phase
	stats  []stat
	sizes  [3]int // each kind's unit size, as machine.Work.Size
	cpus   []int  // the CPUs that ran units, in order
	end    int64  // µs: when the recording ended
}

// record runs units of every kind in turn on a thread pinned to each CPU
// for d, and samples /proc/stat every 100 ms. With alone > 0 it alternates
// phases of that length: every CPU working, then one CPU working alone
// (each CPU in turn), so that the same recording shows sequential code.
// Everything is kept in memory until the end, so that writing it out does
// not disturb the work (16 bytes a unit: about 60 MB an hour on 2 CPUs).
func record(d, alone time.Duration) *recording {
	w := machine.NewWork(machine.UnitTime)
	cpus := machine.CPUs()
	rec := &recording{cpus: cpus, end: d.Microseconds()}
	for _, k := range machine.Kinds {
		rec.sizes[k] = w.Size(k)
	}
	rec.phases = []phase{{0, -1}}
	if alone > 0 {
		for i := int64(1); time.Duration(i)*alone < d; i++ {
			p := phase{start: (time.Duration(i) * alone).Microseconds(), alone: -1}
			if i%2 == 1 {
				p.alone = cpus[(i/2)%int64(len(cpus))]
			}
			rec.phases = append(rec.phases, p)
		}
	}
	start := time.Now()
	per := make([][]unit, len(cpus))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var sum uint64
	for i, cpu := range cpus {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !machine.LockToCPU(cpu) {
				defer runtime.UnlockOSThread()
			}
			th := w.Thread()
			var us []unit
			for k := 0; ; k = (k + 1) % len(machine.Kinds) {
				t := time.Since(start)
				if t >= d {
					break
				}
				if p := rec.phaseAt(t.Microseconds()); p.alone >= 0 && p.alone != cpu {
					time.Sleep(rec.phaseEnd(t.Microseconds()) - t) // idle until the phase ends
					continue
				}
				th.Do(machine.Kinds[k])
				us = append(us, unit{start: t.Microseconds(), dur: int32((time.Since(start) - t).Microseconds()), cpu: int16(cpu), kind: int8(k)})
			}
			per[i] = us
			mu.Lock()
			sum += th.Sum()
			mu.Unlock()
		}()
	}
	for t := time.Since(start); t < d; t = time.Since(start) {
		rec.stats = append(rec.stats, procStat(t.Microseconds())...)
		time.Sleep(100 * time.Millisecond)
	}
	wg.Wait()
	for _, us := range per {
		rec.units = append(rec.units, us...)
	}
	slices.SortFunc(rec.units, func(a, b unit) int { return int(a.start - b.start) })
	sink = sum
	return rec
}

// phaseAt returns the phase at t µs.
func (r *recording) phaseAt(t int64) phase {
	return r.phases[r.phaseIndex(t)]
}

func (r *recording) phaseIndex(t int64) int {
	i, found := slices.BinarySearchFunc(r.phases, t, func(p phase, t int64) int { return int(p.start - t) })
	if !found {
		i--
	}
	return max(i, 0)
}

// phaseEnd returns when the phase at t µs ends.
func (r *recording) phaseEnd(t int64) time.Duration {
	if i := r.phaseIndex(t) + 1; i < len(r.phases) {
		return time.Duration(r.phases[i].start) * time.Microsecond
	}
	return time.Duration(r.end) * time.Microsecond
}

// procStat reads every CPU's line of /proc/stat; nothing where there is
// none.
func procStat(t int64) []stat {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return nil
	}
	var ss []stat
	for _, line := range strings.Split(string(data), "\n") {
		if s, ok := parseStat(t, line); ok {
			ss = append(ss, s)
		}
	}
	return ss
}

// parseStat reads a line "cpuN user nice system idle iowait irq softirq
// steal …" of /proc/stat.
func parseStat(t int64, line string) (stat, bool) {
	f := strings.Fields(line)
	if len(f) < 9 || !strings.HasPrefix(f[0], "cpu") || f[0] == "cpu" {
		return stat{}, false
	}
	cpu, err := strconv.Atoi(f[0][3:])
	if err != nil {
		return stat{}, false
	}
	s := stat{t: t, cpu: cpu}
	for i, v := range f[1:9] {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return stat{}, false
		}
		s.total += n
		if i == 7 {
			s.steal = n
		}
	}
	return s, true
}

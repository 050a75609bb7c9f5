package main

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// The raw recording, written with -o and read back with -analyze, is
// tab-separated text, one record a line (the format of the scratch
// program the first recordings were made with, which -analyze reads too):
//
//	# hiccup: units alu=1048576 big=256 mem=65536; 600 s
//	p	START_µs	ALONE_CPU            a phase (ALONE_CPU −1: every CPU works)
//	u	CPU	KIND	START_µs	DUR_µs    a unit of work (KIND 0 alu, 1 big, 2 mem)
//	s	T_µs	cpuN user nice system idle iowait irq softirq steal …   a line of /proc/stat
//
// A recording without p lines is one phase of every CPU working.

// write writes r in the raw format.
func (r *recording) write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# hiccup: units alu=%d big=%d mem=%d; %d s\n", r.sizes[0], r.sizes[1], r.sizes[2], r.end/1e6)
	for _, p := range r.phases {
		fmt.Fprintf(bw, "p\t%d\t%d\n", p.start, p.alone)
	}
	for _, u := range r.units {
		fmt.Fprintf(bw, "u\t%d\t%d\t%d\t%d\n", u.cpu, u.kind, u.start, u.dur)
	}
	// The steal and the total are what the analysis reads; the line keeps
	// /proc/stat's layout with the other states as one sum (idle).
	for _, s := range r.stats {
		fmt.Fprintf(bw, "s\t%d\tcpu%d 0 0 0 %d 0 0 0 %d 0 0\n", s.t, s.cpu, s.total-s.steal, s.steal)
	}
	return bw.Flush()
}

// read reads a raw recording; name names it in errors.
func read(rd io.Reader, name string) (*recording, error) {
	r := &recording{}
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	cpus := map[int]bool{}
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			if v, ok := strings.CutPrefix(line, "# hiccup: units "); ok {
				fmt.Sscanf(v, "alu=%d big=%d mem=%d", &r.sizes[0], &r.sizes[1], &r.sizes[2])
			}
			if v, ok := strings.CutPrefix(line, "# units ["); ok { // the scratch program's
				fmt.Sscanf(v, "%d %d %d]", &r.sizes[0], &r.sizes[1], &r.sizes[2])
			}
			continue
		}
		f := strings.Split(line, "\t")
		bad := fmt.Errorf("%s:%d: not a line of a hiccup recording: %.40q", name, n, line)
		switch {
		case f[0] == "u" && len(f) == 5:
			v, ok := ints(f[1:])
			if !ok || v[1] < 0 || v[1] > 2 || v[0] < 0 || v[3] < 0 {
				return nil, bad
			}
			r.units = append(r.units, unit{cpu: int16(v[0]), kind: int8(v[1]), start: v[2], dur: int32(v[3])})
			cpus[int(v[0])] = true
			r.end = max(r.end, v[2]+v[3])
		case f[0] == "p" && len(f) == 3:
			v, ok := ints(f[1:])
			if !ok {
				return nil, bad
			}
			r.phases = append(r.phases, phase{start: v[0], alone: int(v[1])})
		case f[0] == "s" && len(f) == 3:
			t, err := strconv.ParseInt(f[1], 10, 64)
			s, ok := parseStat(t, f[2])
			if err != nil || !ok {
				return nil, bad
			}
			r.stats = append(r.stats, s)
		default:
			return nil, bad
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(r.units) == 0 {
		return nil, fmt.Errorf("%s: no units of work recorded", name)
	}
	if len(r.phases) == 0 || r.phases[0].start > 0 {
		r.phases = append([]phase{{0, -1}}, r.phases...)
	}
	slices.SortFunc(r.phases, func(a, b phase) int { return int(a.start - b.start) })
	slices.SortStableFunc(r.units, func(a, b unit) int { return int(a.start - b.start) })
	r.cpus = slices.Sorted(maps.Keys(cpus))
	return r, nil
}

// ints reads decimal integers.
func ints(fs []string) ([]int64, bool) {
	v := make([]int64, len(fs))
	for i, f := range fs {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, false
		}
		v[i] = n
	}
	return v, true
}

package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// synthetic is a recording of 2 CPUs working for 60 s, then cpu0 alone
// for 20 s, in units of 2 ms: all at their median except a spell on cpu1
// from 10 s to 12 s at +32%, one on both CPUs from 30 s to 30.5 s at
// +12%, and one on cpu0 alone from 70 s to 70.5 s at +20%.
func synthetic() *recording {
	r := &recording{cpus: []int{0, 1}, phases: []phase{{0, -1}, {60e6, 0}}, end: 80e6, sizes: [3]int{1, 2, 3}}
	for t := int64(0); t < 80e6; t += 2000 {
		for _, cpu := range []int{0, 1} {
			if t >= 60e6 && cpu == 1 {
				continue
			}
			d := 2000.0
			switch {
			case cpu == 1 && t >= 10e6 && t < 12e6:
				d *= 1.32
			case t >= 30e6 && t < 30.5e6:
				d *= 1.12
			case t >= 70e6 && t < 70.5e6:
				d *= 1.2
			}
			r.units = append(r.units, unit{start: t, dur: int32(d), cpu: int16(cpu), kind: int8(t / 2000 % 3)})
		}
	}
	for t := int64(0); t < 80e6; t += 100e3 {
		for _, cpu := range []int{0, 1} {
			s := stat{t: t, cpu: cpu, total: uint64(t / 10e3)}
			if cpu == 1 && t >= 11e6 {
				s.steal = 3 // one tick of steal, at 11 s
			}
			r.stats = append(r.stats, s)
		}
	}
	return r
}

// TestAnalyze: the tables find the spells where they were put, how long
// they lasted and on which CPUs, and what the probes would see.
func TestAnalyze(t *testing.T) {
	var b strings.Builder
	analyze(synthetic()).report(&b)
	out := b.String()
	for _, want := range []string{
		"## hiccup: 80 s on CPUs [0 1]",
		// Steal: one interval per CPU (at 11 s), inside cpu1's spell.
		"cpu1 0.04% of its time, in 1 of 799 intervals. Of the 25 windows of 100 ms more than 5% slow (every CPU working), 1 overlap",
		// 100 ms windows: cpu1's 2 s spell (20 windows) and the
		// shared 0.5 s one (5) in 600.
		"| 100 ms | 600 | 0.8% | 4.2% | 4.2% | 0.8% | 4.2% | 0.8% | 3.3% |",
		// Spells: cpu1 2 s at +20%, none on both; every CPU at +5% for
		// 500 ms; alone 500 ms.
		"| +20.0% | cpu1 | 1 | 2000 ms | 2000 ms | 2000 ms | 3.3% |",
		"| +20.0% | every CPU | 0 |",
		"| +5.0% | every CPU | 1 | 500 ms | 500 ms | 500 ms | 0.8% |",
		"| +10.0% | alone | 1 | 500 ms | 500 ms | 500 ms | 2.5% |",
		"| +20.0% | alone | 0 |",
		// Sequential code: cpu0 alone, 200 windows of 100 ms, 5 slow.
		"| 100 ms | 200 | 2.5% | 2.5% | 2.5% |",
		// A 50 ms probe beyond +15% to +30%: cpu1's spell, 40 of 1200
		// windows; beyond +10% the shared spell too.
		"| 50 ms | 1200 | 4.2% | 3.3% | 3.3% | 3.3% | 3.3% |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	// 100 ms probes between 1 s samples: cpu1's spell makes the samples
	// at 9.9 s and 11.0 s slow, and the shared spell the one at 29.7 s
	// (+6%). The probe at 10.9 s, inside the spell, flags the two around
	// it; the half-second spell inside a sample escapes both its probes.
	if want := "| 100 ms | 1000 ms | 54 | 3 | +10.0% | 1 | 1 of 3 | 0 | 2 | 2 of 3 | 0 |"; !strings.Contains(out, want) {
		t.Errorf("no %q in\n%s", want, out)
	}
}

// TestRecordingFile: a recording read back from its raw file is the same,
// and the scratch program's format reads too.
func TestRecordingFile(t *testing.T) {
	r := synthetic()
	var buf bytes.Buffer
	if err := r.write(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := read(&buf, "x.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if got.end != r.end || got.sizes != r.sizes || !reflect.DeepEqual(got.cpus, r.cpus) || !reflect.DeepEqual(got.phases, r.phases) ||
		!reflect.DeepEqual(got.units, r.units) || !reflect.DeepEqual(got.stats, r.stats) {
		t.Errorf("read back: end %d, sizes %v, cpus %v, phases %v, %d units, %d stats", got.end, got.sizes, got.cpus, got.phases, len(got.units), len(got.stats))
	}
	scratch := "# units [1048576 256 65536]\ns\t14640\tcpu0 13345 0 2791 21983 44 0 9 7 0 0\nu\t0\t0\t14941\t2262\nu\t1\t2\t19560\t6406\n"
	got, err = read(strings.NewReader(scratch), "run1.tsv")
	if err != nil || got.sizes != [3]int{1048576, 256, 65536} || len(got.units) != 2 || got.stats[0].steal != 7 || got.stats[0].total != 13345+2791+21983+44+9+7 || !reflect.DeepEqual(got.phases, []phase{{0, -1}}) {
		t.Errorf("the scratch format: %+v, %v", got, err)
	}
	for _, bad := range []string{"u\t0\t3\t1\t2\n", "u\t0\t0\t1\n", "x\n", "s\t1\tcpu0 1 2\n", "# only a comment\n"} {
		if _, err := read(strings.NewReader(bad), "bad.tsv"); err == nil || !strings.HasPrefix(err.Error(), "bad.tsv") {
			t.Errorf("read(%q): %v, want an error naming the file", bad, err)
		}
	}
}

// TestRecord: a short recording has units of every kind from every CPU,
// its alone phases only from the CPU alone, and reads back from -o.
func TestRecord(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rec.tsv")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-alone", "150ms", "-o", out, "2"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "**Sequential code") || !strings.Contains(stdout.String(), "**A probe next to a sample**") {
		t.Errorf("output:\n%s", stdout.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := read(f, out)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[[2]int]bool{}
	for _, u := range r.units {
		kinds[[2]int{int(u.cpu), int(u.kind)}] = true
		if p := r.phaseAt(u.start); p.alone >= 0 && p.alone != int(u.cpu) {
			t.Fatalf("cpu%d ran a unit at %d µs, in a phase of cpu%d alone", u.cpu, u.start, p.alone)
		}
	}
	if len(kinds) != 3*len(r.cpus) || len(r.phases) < 3 {
		t.Errorf("%d (CPU, kind) pairs for CPUs %v, %d phases", len(kinds), r.cpus, len(r.phases))
	}
	if runtime.GOOS == "linux" && len(r.stats) == 0 {
		t.Error("no /proc/stat samples")
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"1"}, {"x"}, {"3", "4"}, {"-analyze", "f", "3"}, {"-alone", "-1s"}, {"-nosuchflag"}} {
		if err := run(args, new(bytes.Buffer), new(bytes.Buffer)); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	if err := run([]string{"-analyze", filepath.Join(t.TempDir(), "none")}, new(bytes.Buffer), new(bytes.Buffer)); err == nil || errors.Is(err, errUsage) {
		t.Errorf("a missing file: %v", err)
	}
}

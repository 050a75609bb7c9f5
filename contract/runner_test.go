package contract

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestRoundTripLine(t *testing.T) {
	line := RoundTripLine(3, 412*time.Nanosecond)
	if line != "# concbench bench: round 3 cpu-round-trip 412ns\n" {
		t.Errorf("RoundTripLine = %q", line)
	}
	if rt, ok := RoundTrip(line); !ok || rt != 412*time.Nanosecond {
		t.Errorf("RoundTrip(%q) = %v, %v", line, rt, ok)
	}
	for _, bad := range []string{
		"# concbench bench: round 3 done",
		"# concbench bench: round x cpu-round-trip 412ns",
		"# concbench bench: round 3 cpu-round-trip 412",
		"# concbench bench: round 3 cpu-round-trip -4ns",
		"# concbench bench: round 3 cpu-round-trip 0ns",
		"# concbench bench: round 3 other-key 412ns",
		"cpu-round-trip: 412ns",
		"",
	} {
		if rt, ok := RoundTrip(bad); ok {
			t.Errorf("RoundTrip(%q) = %v, true; want false", bad, rt)
		}
	}
}

func TestRoundDone(t *testing.T) {
	line := RoundDoneLine(12)
	if line != "# concbench bench: round 12 done\n" {
		t.Errorf("RoundDoneLine = %q", line)
	}
	if n, ok := RoundDone(line); !ok || n != 12 {
		t.Errorf("RoundDone(%q) = %d, %v", line, n, ok)
	}
	for _, bad := range []string{
		"# concbench bench: round 3 cpu-round-trip 412ns",
		"# concbench bench: round x done",
		"# concbench bench: round 0 done",
		"# concbench bench: round 3 done now",
		"round 3 done",
	} {
		if n, ok := RoundDone(bad); ok {
			t.Errorf("RoundDone(%q) = %d, true; want false", bad, n)
		}
	}
}

func TestRoundPass(t *testing.T) {
	p := Pass{Run: "20261204T210443Z-9f3a1c2e", Index: 5}
	line := RoundDoneIn(6, p)
	if want := "# concbench bench: round 6 done run=20261204T210443Z-9f3a1c2e pass=5\n"; line != want {
		t.Errorf("RoundDoneIn = %q, want %q", line, want)
	}
	if n, got, ok := RoundPass(line); !ok || n != 6 || got != p {
		t.Errorf("RoundPass(%q) = %d, %+v, %v", line, n, got, ok)
	}
	if n, ok := RoundDone(line); !ok || n != 6 {
		t.Errorf("RoundDone(%q) = %d, %v: a marker with its pass is a marker", line, n, ok)
	}
	// A file of an older runner: the marker without a pass.
	if n, got, ok := RoundPass(RoundDoneLine(3)); !ok || n != 3 || got.Known() {
		t.Errorf("RoundPass(old marker) = %d, %+v, %v", n, got, ok)
	}
	if RoundDoneIn(2, Pass{}) != RoundDoneLine(2) || RoundDoneIn(2, Pass{Run: "a b", Index: 1}) != RoundDoneLine(2) {
		t.Error("RoundDoneIn writes an unknown or blank pass")
	}
	for _, bad := range []string{
		"# concbench bench: round 6 done run= pass=5",
		"# concbench bench: round 6 done run=x pass=0",
		"# concbench bench: round 6 done run=x pass=y",
		"# concbench bench: round 6 done pass=5 run=x",
		"# concbench bench: round 6 done run=x",
		"# concbench bench: round 6 done run=x pass=5 more",
		"# concbench bench: round 6 done  run=x pass=5",
	} {
		if n, p, ok := RoundPass(bad); ok {
			t.Errorf("RoundPass(%q) = %d, %+v, true; want false", bad, n, p)
		}
	}
}

func TestStallRunLine(t *testing.T) {
	r := StallRun{Round: 3, Run: 1234567 * time.Microsecond, Package: "example.com/a b", Group: `^BenchmarkCPU$/^workload=ll$@0.25s`}
	line := StallRunLine(r)
	if want := "# concbench bench: round 3 stall-run run=1.234567s pkg=\"example.com/a b\" bench=\"^BenchmarkCPU$/^workload=ll$@0.25s\"\n"; line != want {
		t.Errorf("StallRunLine = %q, want %q", line, want)
	}
	if got, ok := ParseStallRun(line); !ok || got != r {
		t.Errorf("ParseStallRun(%q) = %+v, %v; want %+v", line, got, ok, r)
	}
	// Neither the probe's line nor a disturbed header reads it, nor it them.
	if _, ok := ParseProbe(line); ok {
		t.Errorf("ParseProbe reads %q", line)
	}
	if _, ok := ParseDisturbed(line); ok {
		t.Errorf("ParseDisturbed reads %q", line)
	}
	for _, bad := range []string{
		`# concbench bench: round 3 probe slow=+1.2% bound=20% cpu0=50ms stall=1%`,
		`# concbench bench: round 3 stall-run run=1s pkg="a" bench=""`,
		`# concbench bench: round 3 stall-run run=0s pkg="a" bench="B"`,
		`# concbench bench: round 3 stall-run run=1s pkg=a bench="B"`,
		`# concbench bench: round 3 stall-run pkg="a" bench="B"`,
		`# concbench bench: round 3 stall-run run=1s pkg="a" bench="B" extra`,
		`# concbench bench: round 0 stall-run run=1s pkg="a" bench="B"`,
	} {
		if r, ok := ParseStallRun(bad); ok {
			t.Errorf("ParseStallRun(%q) = %+v, true; want false", bad, r)
		}
	}
}

func TestProbeLine(t *testing.T) {
	p := Probe{Round: 3, Slow: 0.012, Bound: 0.2, CPUs: []CPUTime{{0, 50123456 * time.Nanosecond}, {1, 49877 * time.Microsecond}}}
	line := ProbeLine(p)
	if want := "# concbench bench: round 3 probe slow=+1.2% bound=20% cpu0=50.123ms cpu1=49.877ms\n"; line != want {
		t.Errorf("ProbeLine = %q, want %q", line, want)
	}
	got, ok := ParseProbe(line)
	if !ok || got.Round != 3 || !near(got.Slow, 0.012) || !near(got.Bound, 0.2) || len(got.CPUs) != 2 ||
		got.CPUs[0] != (CPUTime{0, 50123 * time.Microsecond}) || got.CPUs[1] != (CPUTime{1, 49877 * time.Microsecond}) {
		t.Errorf("ParseProbe(%q) = %+v, %v", line, got, ok)
	}
	if got, ok := ParseProbe(ProbeLine(Probe{Round: 1, Slow: -0.034, Bound: 0.125, CPUs: []CPUTime{{7, time.Second}}})); !ok || !near(got.Slow, -0.034) || !near(got.Bound, 0.125) || got.CPUs[0].CPU != 7 {
		t.Errorf("negative slowness, bound 12.5%%, cpu7: %+v, %v", got, ok)
	}
	p.Stalled, p.Stall = true, 0.4123
	line = ProbeLine(p)
	if want := "# concbench bench: round 3 probe slow=+1.2% bound=20% cpu0=50.123ms cpu1=49.877ms stall=41.2%\n"; line != want {
		t.Errorf("ProbeLine with a stall = %q, want %q", line, want)
	}
	if got, ok := ParseProbe(line); !ok || !got.Stalled || !near(got.Stall, 0.412) || len(got.CPUs) != 2 {
		t.Errorf("ParseProbe(%q) = %+v, %v; want the stall 41.2%% and two CPUs", line, got, ok)
	}
	if got, ok := ParseProbe(ProbeLine(Probe{Round: 2, Bound: 0.2, CPUs: []CPUTime{{0, time.Second}}, Stalled: true})); !ok || !got.Stalled || got.Stall != 0 {
		t.Errorf("a stall of 0%%: %+v, %v", got, ok)
	}
	for _, bad := range []string{
		"# concbench bench: round 3 probe slow=+1.2% bound=20%",
		"# concbench bench: round 3 probe slow=+1.2% bound=20% stall=1%",
		"# concbench bench: round 3 probe slow=+1.2% bound=20% cpu0=50ms stall=x",
		"# concbench bench: round 3 probe slow=+1.2% bound=20% cpu0=50ms stall=-1%",
		"# concbench bench: round 3 probe slow=+1.2% bound=20% stall=1% cpu0=50ms",
		"# concbench bench: round 3 probe slow=+1.2% bound=20% cpu0=0s",
		"# concbench bench: round 3 probe slow=+1.2% bound=20% cpu0=50",
		"# concbench bench: round 3 probe slow=+1.2% bound=20% cpux=50ms",
		"# concbench bench: round 3 probe slow=+1.2% bound=20% cpu-1=50ms",
		"# concbench bench: round 3 probe slow=fast bound=20% cpu0=50ms",
		"# concbench bench: round 3 probe slow=NaN% bound=20% cpu0=50ms",
		"# concbench bench: round 3 probe bound=20% slow=+1.2% cpu0=50ms",
		"# concbench bench: round 0 probe slow=+1.2% bound=20% cpu0=50ms",
		"# concbench bench: round 3 cpu-round-trip 412ns",
		"# concbench bench: round 3 done",
		"round 3 probe slow=+1.2% bound=20% cpu0=50ms",
	} {
		if p, ok := ParseProbe(bad); ok {
			t.Errorf("ParseProbe(%q) = %+v, true; want false", bad, p)
		}
	}
	// The probe's line is none of the older lines.
	if _, ok := RoundTrip(line); ok {
		t.Errorf("RoundTrip reads %q", line)
	}
	if _, ok := RoundDone(line); ok {
		t.Errorf("RoundDone reads %q", line)
	}
}

func TestDisturbedLine(t *testing.T) {
	d := Disturbed{Round: 3, Before: 0.012, After: 0.234, Bound: 0.2, Package: "example.com/tiny", Group: `^BenchmarkIO$/^strategy=(a|b c)$@0.1s`}
	line := DisturbedLine(d)
	if want := `# concbench bench: round 3 disturbed set-aside before=+1.2% after=+23.4% bound=20% pkg="example.com/tiny" bench="^BenchmarkIO$/^strategy=(a|b c)$@0.1s"` + "\n"; line != want {
		t.Errorf("DisturbedLine = %q, want %q", line, want)
	}
	for _, fate := range []struct {
		kept, dropped bool
		word          string
	}{{false, false, " set-aside "}, {true, false, " kept "}, {false, true, " dropped "}} {
		d.Kept, d.Dropped = fate.kept, fate.dropped
		line := DisturbedLine(d)
		got, ok := ParseDisturbed(line)
		if !ok || !strings.Contains(line, fate.word) || got.Round != 3 || got.Kept != fate.kept || got.Dropped != fate.dropped || !near(got.Before, d.Before) || !near(got.After, d.After) || !near(got.Bound, d.Bound) || got.Package != d.Package || got.Group != d.Group {
			t.Errorf("%q: ParseDisturbed = %+v, %v; want %+v", line, got, ok, d)
		}
	}
	d.Kept, d.Dropped, d.Stall, d.StallBound = false, false, 0.403, 0.05
	line = DisturbedLine(d)
	if want := `# concbench bench: round 3 disturbed set-aside before=+1.2% after=+23.4% bound=20% stall=+40.3% stall-bound=5% pkg="example.com/tiny" bench="^BenchmarkIO$/^strategy=(a|b c)$@0.1s"` + "\n"; line != want {
		t.Errorf("DisturbedLine with a stall = %q, want %q", line, want)
	}
	if got, ok := ParseDisturbed(line); !ok || !near(got.Stall, d.Stall) || !near(got.StallBound, d.StallBound) || !near(got.After, d.After) || got.Package != d.Package || got.Group != d.Group {
		t.Errorf("ParseDisturbed(%q) = %+v, %v; want %+v", line, got, ok, d)
	}
	for _, bad := range []string{
		`# concbench bench: round 3 disturbed set-aside before=+1.2% after=+23.4% bound=20% stall=+1% stall-bound=0% pkg="x" bench="y"`,
		`# concbench bench: round 3 disturbed set-aside before=+1.2% after=+23.4% bound=20% stall-bound=5% stall=+1% pkg="x" bench="y"`,
		`# concbench bench: round 3 disturbed set-aside before=+1.2% after=+23.4% bound=20% stall=+1% pkg="x" bench="y"`,
		`# concbench bench: round 3 disturbed maybe before=+1.2% after=+23.4% bound=20% pkg="x" bench="y"`,
		`# concbench bench: round 3 disturbed set-aside before=+1.2% after=+23.4% bound=20% pkg=x bench="y"`,
		`# concbench bench: round 3 disturbed set-aside before=+1.2% after=+23.4% bound=20% pkg="x" bench="y`,
		`# concbench bench: round 3 disturbed set-aside before=+1.2% after=+23.4% bound=20% pkg="x"bench="y"`,
		`# concbench bench: round 3 disturbed set-aside before=+1.2% after=+23.4% bound=20% pkg="x"`,
		`# concbench bench: round 3 disturbed set-aside before=+1.2% after=+23.4% bound=20% pkg="x" bench="y" more`,
		`# concbench bench: round 3 disturbed again after=+23.4% before=+1.2% bound=20% pkg="x" bench="y"`,
		`# concbench bench: disturbed BenchmarkX-2 1 2 ns/op`,
	} {
		if d, ok := ParseDisturbed(bad); ok {
			t.Errorf("ParseDisturbed(%q) = %+v, true; want false", bad, d)
		}
	}
}

func TestSetAsideLine(t *testing.T) {
	for _, orig := range []string{"BenchmarkSlow-2   \t       2\t   2104553 ns/op", "goos: linux", "PASS", "# concbench bench: round 3 done", ""} {
		line := SetAsideLine(orig)
		if !strings.HasPrefix(line, BenchPrefix+"disturbed ") || strings.Count(line, "\n") != 1 {
			t.Errorf("SetAsideLine(%q) = %q", orig, line)
		}
		if got, ok := SetAside(line); !ok || got != orig {
			t.Errorf("SetAside(%q) = %q, %v; want %q", line, got, ok, orig)
		}
		if _, ok := RoundDone(line); ok {
			t.Errorf("RoundDone reads %q", line)
		}
		if _, ok := ParseDisturbed(line); ok {
			t.Errorf("ParseDisturbed reads %q", line)
		}
	}
	if _, ok := SetAside("BenchmarkSlow-2 2 2104553 ns/op"); ok {
		t.Error("SetAside reads a result line")
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

package runner

import (
	"runtime"
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

// TestProbeRoundTrip checks that the probe ends, leaves no goroutine
// behind (TestMain's goleak), and measures something plausible: more than
// a nanosecond, and less than 50 ms even when the test's machine is so
// busy that the two threads take turns on one CPU.
func TestProbeRoundTrip(t *testing.T) {
	rt := probeRoundTrip(30 * time.Millisecond)
	if runtime.NumCPU() < 2 || runtime.GOMAXPROCS(0) < 2 {
		if rt != 0 {
			t.Errorf("one CPU: probeRoundTrip = %v, want 0", rt)
		}
		return
	}
	if rt <= time.Nanosecond || rt >= 50*time.Millisecond {
		t.Errorf("probeRoundTrip = %v, want between 1 ns and 50 ms", rt)
	}
}

package contract

import (
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

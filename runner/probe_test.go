package runner

import (
	"runtime"
	"testing"
	"time"
)

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

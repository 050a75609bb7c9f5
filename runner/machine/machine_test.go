package machine

import (
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestWork: a unit of each kind is fixed work: two threads that run the
// same units get the same sum, and a unit's size stays what NewWork chose.
func TestWork(t *testing.T) {
	w := NewWork(100 * time.Microsecond)
	a, b := w.Thread(), w.Thread()
	for _, k := range Kinds {
		if w.Size(k) < 1 {
			t.Errorf("%v: size %d", k, w.Size(k))
		}
		for range 3 {
			a.Do(k)
			b.Do(k)
		}
	}
	if a.Sum() != b.Sum() || a.Sum() == 0 {
		t.Errorf("sums %d and %d: want equal, not 0", a.Sum(), b.Sum())
	}
	if k := Kind(7).String(); k != "kind?" {
		t.Errorf("Kind(7) = %q", k)
	}
}

// TestMemCycle: the walk's table is one cycle through every word, so a
// walk does not get stuck in a short loop that fits a cache.
func TestMemCycle(t *testing.T) {
	w := NewWork(100 * time.Microsecond)
	seen := make([]bool, len(w.mem))
	i := uint32(0)
	for n := range len(w.mem) {
		if seen[i] {
			t.Fatalf("the walk came back to %d after %d of %d steps", i, n, len(w.mem))
		}
		seen[i] = true
		i = w.mem[i]
	}
	if i != 0 {
		t.Errorf("after every word the walk is at %d, want 0", i)
	}
}

// TestProber: a probe measures every CPU of CPUs, each a positive time,
// and leaves no goroutine behind (TestMain's goleak); a second probe does
// the same work (its units were sized once).
func TestProber(t *testing.T) {
	p := NewProber(6 * time.Millisecond)
	if len(p.CPUs()) == 0 || len(p.CPUs()) > runtime.GOMAXPROCS(0) {
		t.Fatalf("CPUs %v with GOMAXPROCS %d", p.CPUs(), runtime.GOMAXPROCS(0))
	}
	if p.units%len(Kinds) != 0 || p.units < len(Kinds) {
		t.Errorf("%d units: want a multiple of %d", p.units, len(Kinds))
	}
	for range 2 {
		times := p.Probe()
		if len(times) != len(p.CPUs()) || slices.Min(times) <= 0 {
			t.Errorf("Probe = %v for CPUs %v", times, p.CPUs())
		}
	}
	if !slices.IsSorted(p.CPUs()) || len(slices.Compact(slices.Clone(p.CPUs()))) != len(p.CPUs()) {
		t.Errorf("CPUs %v: want distinct, in order", p.CPUs())
	}
}

// TestRoundTrips: the round trip ends, leaves no goroutine behind, and
// returns at least one window.
func TestRoundTrips(t *testing.T) {
	if len(CPUs()) < 2 {
		t.Skip("one CPU: the threads would take turns")
	}
	ws := RoundTrips(20*time.Millisecond, 10*time.Millisecond)
	if len(ws) == 0 || slices.Min(ws) <= 0 {
		t.Errorf("RoundTrips = %v", ws)
	}
}

func TestParseStall(t *testing.T) {
	good := "some avg10=0.00 avg60=0.74 avg300=8.74 total=4526640312\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
	if d, ok := parseStall([]byte(good)); !ok || d != 4526640312*time.Microsecond {
		t.Errorf("parseStall(%q) = %v, %v; want 4526.640312s, true", good, d, ok)
	}
	for _, bad := range []string{"", "full avg10=0.00 total=12\n", "some avg10=0.00 total=x\n", "some avg10=0.00\n", "some total=-3\n"} {
		if d, ok := parseStall([]byte(bad)); ok {
			t.Errorf("parseStall(%q) = %v, true; want false", bad, d)
		}
	}
}

func TestCPUStall(t *testing.T) {
	a, ok := CPUStall()
	if !ok {
		if _, err := os.Stat(pressureFile); err == nil {
			t.Fatalf("CPUStall: %s exists but was not read", pressureFile)
		}
		t.Skipf("no %s on this system", pressureFile)
	}
	b, ok := CPUStall()
	if !ok || b < a {
		t.Errorf("CPUStall went from %v to %v, %v; want a total that never falls", a, b, ok)
	}
}

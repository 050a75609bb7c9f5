package machine

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestLockToCPU: a pinned thread runs on its CPU only, and the process's
// other threads keep their CPUs.
func TestLockToCPU(t *testing.T) {
	cpus := CPUs()
	cpu := cpus[len(cpus)-1]
	var before unix.CPUSet
	if err := unix.SchedGetaffinity(0, &before); err != nil {
		t.Fatal(err)
	}
	type result struct {
		pinned bool
		set    unix.CPUSet
		err    error
	}
	c := make(chan result)
	go func() {
		var r result
		r.pinned = LockToCPU(cpu)
		r.err = unix.SchedGetaffinity(0, &r.set)
		c <- r // and end locked: the runtime ends the pinned thread
	}()
	r := <-c
	if r.err != nil || !r.pinned || r.set.Count() != 1 || !r.set.IsSet(cpu) {
		t.Errorf("LockToCPU(%d) = %v; the thread's CPUs: %d (cpu %d: %v), %v", cpu, r.pinned, r.set.Count(), cpu, r.set.IsSet(cpu), r.err)
	}
	var after unix.CPUSet
	if err := unix.SchedGetaffinity(0, &after); err != nil || after != before {
		t.Errorf("the test's thread's CPUs changed: %d before, %d after (%v)", before.Count(), after.Count(), err)
	}
	go func() {
		var r result
		r.pinned = LockToCPU(1 << 20) // no such CPU
		c <- r
	}()
	if r := <-c; r.pinned {
		t.Error("LockToCPU(1<<20) pinned the thread")
	}
}

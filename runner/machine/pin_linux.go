package machine

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// CPUs returns the CPUs this process may run on (its affinity mask, which
// taskset and cgroup cpusets narrow), at most GOMAXPROCS of them: a probe
// thread for each.
func CPUs() []int {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return firstCPUs()
	}
	var cpus []int
	for c := 0; c < len(set)*64 && len(cpus) < runtime.GOMAXPROCS(0); c++ {
		if set.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	if len(cpus) == 0 {
		return firstCPUs()
	}
	return cpus
}

// LockToCPU locks the calling goroutine to its OS thread and pins the
// thread to cpu. It reports whether it pinned the thread: then the
// goroutine must end without runtime.UnlockOSThread, and the runtime ends
// the thread with it rather than hand a pinned thread to other goroutines.
// When it reports false (cpu is not allowed), the caller unlocks as usual.
func LockToCPU(cpu int) (pinned bool) {
	runtime.LockOSThread()
	var set unix.CPUSet
	set.Set(cpu)
	return unix.SchedSetaffinity(0, &set) == nil
}

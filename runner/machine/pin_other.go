//go:build !linux

package machine

import "runtime"

// CPUs returns 0 to n−1 for the n CPUs of the machine, at most GOMAXPROCS:
// a probe thread for each (on this system they are not pinned).
func CPUs() []int { return firstCPUs() }

// LockToCPU locks the calling goroutine to its OS thread; on this system
// it cannot pin the thread to cpu, and reports false: the caller unlocks
// as usual.
func LockToCPU(cpu int) (pinned bool) {
	runtime.LockOSThread()
	return false
}

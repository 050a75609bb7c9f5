package machine

import "runtime"

// firstCPUs returns 0 to n−1, n the smaller of NumCPU and GOMAXPROCS.
func firstCPUs() []int {
	n := min(runtime.NumCPU(), runtime.GOMAXPROCS(0))
	cpus := make([]int, n)
	for i := range cpus {
		cpus[i] = i
	}
	return cpus
}

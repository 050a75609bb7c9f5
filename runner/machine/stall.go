package machine

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// pressureFile is Linux's pressure stall information for the CPU (PSI,
// since Linux 4.20): its "some" line counts, in microseconds since boot,
// the time in which at least one task was runnable and waiting for a CPU.
var pressureFile = "/proc/pressure/cpu"

// CPUStall returns the time since boot in which at least one task of the
// system was ready to run and waited for a CPU, and whether the system
// reports it (Linux with PSI; false elsewhere, or when it is switched
// off). The stall of an interval is the difference of two readings: a
// benchmark alone on an idle machine stalls almost never (under 2% of its
// time here), one that shares the CPUs with another job waits whenever
// that job runs. It does not see what the hypervisor takes from a virtual
// machine, nor a hyper-thread sibling's load: those leave no task waiting
// in this kernel; the probe's fixed work sees them.
func CPUStall() (time.Duration, bool) {
	b, err := os.ReadFile(pressureFile)
	if err != nil {
		return 0, false
	}
	return parseStall(b)
}

// parseStall reads the "some" total of a pressure file.
func parseStall(b []byte) (time.Duration, bool) {
	for line := range bytes.Lines(b) {
		fields := bytes.Fields(line)
		if len(fields) == 0 || string(fields[0]) != "some" {
			continue
		}
		for _, f := range fields[1:] {
			if v, ok := bytes.CutPrefix(f, []byte("total=")); ok {
				us, err := strconv.ParseUint(string(v), 10, 63)
				if err != nil {
					return 0, false
				}
				return time.Duration(us) * time.Microsecond, true
			}
		}
	}
	return 0, false
}

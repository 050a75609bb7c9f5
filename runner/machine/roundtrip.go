package machine

import (
	"runtime"
	"sync/atomic"
	"time"
)

// RoundTrips hands a token between two threads through one atomic word
// for about d, and returns the mean round trip of each window of the
// given length (at least one window). It keeps two CPUs busy; the threads
// are locked to the OS threads for the duration.
func RoundTrips(d, window time.Duration) []time.Duration {
	var token atomic.Int64 // odd: the answering thread's turn; −1: stop
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		defer close(done)
		for {
			switch v := token.Load(); {
			case v < 0:
				return
			case v%2 == 1:
				token.Store(v + 1)
			}
		}
	}()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var windows []time.Duration
	for end := time.Now().Add(d); len(windows) == 0 || time.Now().Before(end); {
		start, n := time.Now(), 0
		for time.Since(start) < window {
			for range 100 {
				v := token.Add(1)
				for token.Load() == v {
				}
			}
			n += 100
		}
		windows = append(windows, time.Since(start)/time.Duration(n))
	}
	token.Store(-1)
	<-done
	return windows
}

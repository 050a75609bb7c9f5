package machine

import (
	"runtime"
	"sync"
	"time"
)

// UnitTime is the length of one unit of work in a probe, as in the
// measurements its bounds were chosen from (runner's package doc).
const UnitTime = 2 * time.Millisecond

// A Prober runs the same fixed work on every CPU at once and measures how
// long each CPU took: the machine's speed right now, to compare with its
// speed at other times. Its work is sized once, when it is made.
type Prober struct {
	cpus  []int
	work  *Work
	units int // units per CPU and probe, the kinds in turn

	mu  sync.Mutex
	sum uint64
}

// NewProber returns a Prober whose probe takes about d on this machine
// now (at least one unit of each kind), on every CPU of CPUs. Making it
// takes a few units' time and allocates the 16 MiB table of the Mem kind.
func NewProber(d time.Duration) *Prober {
	n := int((d + UnitTime/2) / UnitTime)
	n = max(len(Kinds), n/len(Kinds)*len(Kinds))
	return &Prober{cpus: CPUs(), work: NewWork(UnitTime), units: n}
}

// CPUs returns the CPUs the probe runs on, in the order of Probe's times.
func (p *Prober) CPUs() []int { return p.cpus }

// Probe runs the work on every CPU at once, a thread pinned to each where
// the system allows, and returns how long each took. It keeps every CPU
// busy for its duration.
func (p *Prober) Probe() []time.Duration {
	times := make([]time.Duration, len(p.cpus))
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	for i, cpu := range p.cpus {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			if !LockToCPU(cpu) {
				defer runtime.UnlockOSThread()
			}
			th := p.work.Thread()
			ready.Done()
			<-start
			t := time.Now()
			for u := range p.units {
				th.Do(Kinds[u%len(Kinds)])
			}
			times[i] = time.Since(t)
			p.mu.Lock()
			p.sum += th.Sum()
			p.mu.Unlock()
		}()
	}
	ready.Wait() // every thread pinned: they start together
	close(start)
	done.Wait()
	return times
}

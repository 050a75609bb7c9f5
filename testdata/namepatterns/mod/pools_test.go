// Package namepatterns has benchmarks whose names follow patterns of real
// projects' output that the standard library has none of, for the report's
// tests (see testdata/README.md): alternatives named without key=value
// (Kevinello/go-workerpool-benchmark's Pond-Eager, AntsPool), alternatives
// as base names with a workload folded into one key's value (lkumarjain's
// Pond/Sleep=001ms_Concurrency=10), and a series whose speed depends on
// $CB_SCALE (javor454's three files). The strategies are real: they run
// the same tasks sequentially, a goroutine each, or on a pool.
package namepatterns

import (
	"crypto/sha256"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
)

// task is a small piece of CPU work: n rounds of a hash.
func task(n int) {
	var b [32]byte
	for range n {
		b = sha256.Sum256(b[:])
	}
	sink = b[0]
}

var sink byte

// A strategy runs tasks tasks of n rounds each, with workers workers.
type strategy func(tasks, n, workers int)

func sequential(tasks, n, _ int) {
	for range tasks {
		task(n)
	}
}

func goroutines(tasks, n, _ int) {
	var wg sync.WaitGroup
	for range tasks {
		wg.Go(func() { task(n) })
	}
	wg.Wait()
}

func pool(tasks, n, workers int) {
	ch := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range ch {
				task(n)
			}
		})
	}
	for i := range tasks {
		ch <- i
	}
	close(ch)
	wg.Wait()
}

func buffered(tasks, n, workers int) {
	ch := make(chan int, tasks)
	for i := range tasks {
		ch <- i
	}
	close(ch)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range ch {
				task(n)
			}
		})
	}
	wg.Wait()
}

var pools = []struct {
	name string
	run  strategy
}{{"Pond-Eager", pool}, {"Pond-Lazy", buffered}, {"Goroutines", goroutines}, {"AntsPool", sequential}}

// BenchmarkAllRandFloat64 names its alternatives and loads without
// key=value: /Pond-Eager/1u-8t.
func BenchmarkAllRandFloat64(b *testing.B) {
	for _, load := range []struct {
		name     string
		tasks, n int
	}{{"1u-8t", 8, 20}, {"4u-2t", 2, 80}} {
		for _, p := range pools {
			b.Run(p.name+"/"+load.name, func(b *testing.B) {
				for b.Loop() {
					p.run(load.tasks, load.n, 2)
				}
			})
		}
	}
}

// The lkumarjain pattern: an alternative per base name, the workload in
// one key whose value holds another key (Work=001r_Concurrency=2).
func benchWork(b *testing.B, run strategy) {
	for _, rounds := range []int{1, 10} {
		for _, workers := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("Work=%03dr_Concurrency=%d", rounds, workers), func(b *testing.B) {
				for b.Loop() {
					run(16, rounds, workers)
				}
			})
		}
	}
	b.Run("SHA256=1kB_Concurrency=2", func(b *testing.B) {
		for b.Loop() {
			run(4, 32, 2)
		}
	})
}

func BenchmarkPond(b *testing.B)   { benchWork(b, pool) }
func BenchmarkGoPool(b *testing.B) { benchWork(b, buffered) }
func BenchmarkTunny(b *testing.B)  { benchWork(b, goroutines) }

// BenchmarkFreq takes $CB_SCALE times as long (default 1): three runs at
// scales 4, 2 and 1 make a series whose every step is a change.
func BenchmarkFreq(b *testing.B) {
	scale, err := strconv.Atoi(os.Getenv("CB_SCALE"))
	if err != nil || scale < 1 {
		scale = 1
	}
	for b.Loop() {
		pool(8, 50*scale, 2)
	}
}

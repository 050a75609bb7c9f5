package fanout_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/concbench/concbench/impl/fanout"
)

// Every strategy runs the same job; Map returns the values in input order
// whatever order the pieces finished in.
func Example() {
	words := strings.Fields("the quick brown fox jumps over the lazy dog")
	for _, s := range fanout.Strategies {
		s, _ = fanout.WithWorkers(s, 3)
		lengths, err := fanout.Map(context.Background(), s, len(words), func(ctx context.Context, i int) (int, error) {
			time.Sleep(time.Duration(len(words)-i) * time.Millisecond) // later words finish first
			return len(words[i]), nil
		})
		fmt.Println(fanout.Label(s), lengths, err)
	}
	// Output:
	// strategy=sequential [3 5 5 3 5 4 3 4 3] <nil>
	// strategy=goroutines [3 5 5 3 5 4 3 4 3] <nil>
	// strategy=pool/workers=3 [3 5 5 3 5 4 3 4 3] <nil>
	// strategy=errgroup/workers=3 [3 5 5 3 5 4 3 4 3] <nil>
	// strategy=ratelimit/workers=3 [3 5 5 3 5 4 3 4 3] <nil>
	// strategy=singlethread [3 5 5 3 5 4 3 4 3] <nil>
	// strategy=adaptive [3 5 5 3 5 4 3 4 3] <nil>
}

// The sub-benchmarks Benchmark runs for a sweep of worker counts, with a
// rate for ratelimit: each one's name is its label. In a _test.go file:
//
//	func BenchmarkFetch(b *testing.B) {
//		fanout.Benchmark(b, len(urls), fetchPiece, opts)
//	}
func ExampleBenchOptions_Plan() {
	opts := fanout.BenchOptions{
		Workers: []int{1, 4, 16},
		Floor:   20 * time.Millisecond, // each fetch waits at least 20 ms
		Rate:    50, Burst: 10,         // the service allows 50 requests/s
	}
	plan, err := opts.Plan()
	if err != nil {
		panic(err)
	}
	for _, s := range plan {
		fmt.Println("BenchmarkFetch/" + fanout.Label(s))
	}
	// Output:
	// BenchmarkFetch/strategy=sequential
	// BenchmarkFetch/strategy=goroutines
	// BenchmarkFetch/strategy=pool/workers=1
	// BenchmarkFetch/strategy=pool/workers=4
	// BenchmarkFetch/strategy=pool/workers=16
	// BenchmarkFetch/strategy=errgroup/workers=1
	// BenchmarkFetch/strategy=errgroup/workers=4
	// BenchmarkFetch/strategy=errgroup/workers=16
	// BenchmarkFetch/strategy=ratelimit/workers=1
	// BenchmarkFetch/strategy=ratelimit/workers=4
	// BenchmarkFetch/strategy=ratelimit/workers=16
	// BenchmarkFetch/strategy=singlethread
	// BenchmarkFetch/strategy=adaptive
}

func ExampleRegistry_Lookup() {
	s, err := fanout.Strategies.Lookup("pool/workers=8")
	fmt.Println(fanout.Label(s), err)
	_, err = fanout.Strategies.Lookup("threads")
	fmt.Println(err)
	_, err = fanout.Strategies.Lookup("sequential/workers=2")
	fmt.Println(err)
	// Output:
	// strategy=pool/workers=8 <nil>
	// unknown strategy "threads" (want one of sequential, goroutines, pool, errgroup, ratelimit, singlethread, adaptive)
	// strategy "sequential/workers=2": sequential has no settings
}

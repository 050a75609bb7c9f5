package cpubound_test

import (
	"context"
	"fmt"

	"github.com/concbench/concbench/impl/cpubound"
	"github.com/concbench/concbench/impl/fanout"
)

func ExampleLucasLehmer() {
	ctx := context.Background()
	for _, n := range []int{61, 67, 89, 91} {
		prime, err := cpubound.LucasLehmer{}.IsMersennePrime(ctx, n)
		fmt.Println(n, prime, err)
	}
	// Output:
	// 61 true <nil>
	// 67 false <nil>
	// 89 true <nil>
	// 91 false <nil>
}

func ExampleTrial_tooLarge() {
	_, err := cpubound.Trial{}.IsMersennePrime(context.Background(), 64)
	fmt.Println(err)
	// Output:
	// 2^n-1 does not fit in 64 bits for n > 63; use lucaslehmer
}

func ExampleSeed() {
	w, err := cpubound.Seed(map[string]int{"s": 5, "E": 6, "f": 8, "a": 3, "q": 127})
	if err != nil {
		panic(err)
	}
	results, err := cpubound.Each{Fanout: fanout.Sequential{}}.Run(context.Background(), w)
	if err != nil {
		panic(err)
	}
	for _, r := range results {
		fmt.Println(r)
	}
	// Output:
	// E 2^6-1 = 63 composite
	// a 2^3-1 = 7 prime
	// f 2^8-1 = 255 composite
	// q 2^127-1 = 1701…5727 (39 digits) prime
	// s 2^5-1 = 31 prime
}

func ExampleStrategies() {
	fmt.Println(cpubound.Strategies.Names())
	s, err := cpubound.Strategies.Lookup("pool/workers=4/order=desc")
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Name())
	fmt.Println(fanout.Label(s))
	fmt.Println(cpubound.Supports(s, cpubound.LucasLehmer{}))
	fmt.Println(cpubound.Supports(s, cpubound.Trial{}))
	// Output:
	// [sequential goroutines pool static splitrange processes]
	// pool
	// strategy=pool/workers=4/order=desc
	// <nil>
	// pool/order=desc is for lucaslehmer, whose cost grows with n; not for trial
}

func ExampleStrategy() {
	w := cpubound.Trial61(true) // n = 2..40, trial division
	for _, s := range cpubound.Strategies {
		s, _ = fanout.WithWorkers(s, 2)
		if cpubound.Supports(s, w.Checker) != nil {
			continue
		}
		results, err := s.Run(context.Background(), w)
		if err != nil {
			panic(err)
		}
		primes := 0
		for _, r := range results {
			if r.Prime {
				primes++
			}
		}
		fmt.Printf("%-36s %d exponents, %d primes, verify: %v\n", fanout.Label(s), len(results), primes, cpubound.Verify(w, results))
	}
	// Output:
	// strategy=sequential                  39 exponents, 8 primes, verify: <nil>
	// strategy=goroutines                  39 exponents, 8 primes, verify: <nil>
	// strategy=pool/workers=2              39 exponents, 8 primes, verify: <nil>
	// strategy=static/workers=2            39 exponents, 8 primes, verify: <nil>
	// strategy=splitrange/workers=2        39 exponents, 8 primes, verify: <nil>
	// strategy=processes/workers=2         39 exponents, 8 primes, verify: <nil>
}

func ExampleShorten() {
	fmt.Println(cpubound.Shorten(cpubound.MersenneDecimal(61), 24))
	fmt.Println(cpubound.Shorten(cpubound.MersenneDecimal(2203), 24))
	// Output:
	// 2305843009213693951
	// 1475…1007 (664 digits)
}

func ExampleWorkload_Describe() {
	fmt.Println(cpubound.Trial61(false).Describe())
	fmt.Println(cpubound.LL(false).Describe())
	// Output:
	// 2..61 (60 exponents)
	// 2, 3, 5, …, 4493 (610 exponents)
}

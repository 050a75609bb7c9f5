package suite

import "fmt"

// Example_format shows the suite's numbers as its tables print them.
func Example_format() {
	fmt.Println(human(3.1234, "sec/op"))
	fmt.Println(human(0.0382, "sec/op"))
	fmt.Println(human(1_200_000, "B/op"))
	fmt.Println(human(51_800_000_000, "B/s"))
	fmt.Println(human(47.6, "req/s"))
	fmt.Println(times(28.74), times(1.043), times(150), times(91500.4))
	// Output:
	// 3.123 s
	// 38.20 ms
	// 1.144 MiB
	// 48.24 GiB/s
	// 47.60 req/s
	// 28.7× 1.04× 150× 91,500×
}

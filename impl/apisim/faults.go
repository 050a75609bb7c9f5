package apisim

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// A Fault is what the API does instead of a normal response.
type Fault uint8

// The faults, in the order their probabilities are drawn.
const (
	NoFault        Fault = iota
	FaultThrottle        // 429 with Retry-After, at random (the token bucket throttles on its own)
	Fault500             // 500 Internal Server Error
	Fault503             // 503 Service Unavailable, Retry-After as an HTTP date
	FaultMalformed       // 200 with a body that is not JSON
	FaultTruncated       // 200 whose body stops halfway
	FaultDrop            // the connection is closed without a response
	FaultHang            // no response until the client gives up
	numFaults
)

var faultNames = [numFaults]string{"none", "429", "500", "503", "malformed", "truncated", "drop", "hang"}

// String returns the fault's name as used in flags and logs.
func (f Fault) String() string {
	if f < numFaults {
		return faultNames[f]
	}
	return fmt.Sprintf("Fault(%d)", uint8(f))
}

// ParseFault returns the fault with the given name.
func ParseFault(name string) (Fault, error) {
	for i, n := range faultNames {
		if n == name && i != 0 {
			return Fault(i), nil
		}
	}
	return 0, fmt.Errorf("unknown fault %q (want one of %s)", name, strings.Join(faultNames[1:], ", "))
}

// AllFaults lists every fault kind.
func AllFaults() []Fault {
	fs := make([]Fault, 0, numFaults-1)
	for f := FaultThrottle; f < numFaults; f++ {
		fs = append(fs, f)
	}
	return fs
}

// Faults holds the probability, in [0, 1], of each fault on any one request.
// The probabilities must sum to at most 1.
type Faults [numFaults]float64

// Uniform returns Faults where each kind in kinds has probability p/len(kinds),
// so that a request fails with probability p in all. With no kinds, every kind
// is used.
func Uniform(p float64, kinds ...Fault) Faults {
	if len(kinds) == 0 {
		kinds = AllFaults()
	}
	var f Faults
	for _, k := range kinds {
		f[k] = p / float64(len(kinds))
	}
	return f
}

// Only returns Faults where kind has probability p and no other fault occurs.
func Only(kind Fault, p float64) Faults {
	var f Faults
	f[kind] = p
	return f
}

// Total is the probability that a request meets some fault.
func (f Faults) Total() float64 {
	var t float64
	for _, p := range f[1:] {
		t += p
	}
	return t
}

// Validate reports a probability out of range or a sum above 1.
func (f Faults) Validate() error {
	for i, p := range f[1:] {
		if !(p >= 0 && p <= 1) {
			return fmt.Errorf("fault %s: probability %v not in [0, 1]", Fault(i+1), p)
		}
	}
	if t := f.Total(); t > 1+1e-9 {
		return fmt.Errorf("fault probabilities sum to %v, more than 1", t)
	}
	return nil
}

// draw picks the fault of one attempt.
func (f Faults) draw(r *rand.Rand) Fault {
	u := r.Float64()
	var cum float64
	for i, p := range f[1:] {
		cum += p
		if u < cum {
			return Fault(i + 1)
		}
	}
	return NoFault
}

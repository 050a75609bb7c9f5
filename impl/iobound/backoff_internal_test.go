package iobound

import (
	"testing"
	"time"
)

// TestBackoffCapped: the backoff grows, stays within [d/2, d] of its nominal
// value, and never exceeds MaxDelay however many retries.
func TestBackoffCapped(t *testing.T) {
	p := RetryPolicy{BaseDelay: 10 * time.Millisecond, MaxDelay: 300 * time.Millisecond}
	for n := 1; n < 200; n++ {
		nominal := p.MaxDelay
		if n < 10 {
			nominal = min(p.BaseDelay<<(n-1), p.MaxDelay)
		}
		for range 20 {
			d := p.backoff(n)
			if d < nominal/2 || d > nominal {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", n, d, nominal/2, nominal)
			}
		}
	}
	for range 100 {
		if d := p.afterRetryAfter(1, 2*time.Second); d < 2*time.Second || d > 2*time.Second+p.MaxDelay {
			t.Fatalf("afterRetryAfter(1, 2s) = %v", d)
		}
	}
	// Retry-After: 0 sets no floor: the backoff still grows to its cap.
	for n := 1; n < 40; n++ {
		nominal := min(p.BaseDelay<<min(n-1, 20), p.MaxDelay)
		if d := p.afterRetryAfter(n, 0); d < nominal/2 {
			t.Fatalf("afterRetryAfter(%d, 0) = %v, below the backoff's %v", n, d, nominal/2)
		}
	}
	// A base delay so long that doubling it 29 times overflows still waits
	// the cap, not zero.
	huge := RetryPolicy{BaseDelay: 20 * time.Second, MaxDelay: time.Minute}
	if d := huge.backoff(30); d < huge.MaxDelay/2 {
		t.Fatalf("backoff(30) with a 20s base = %v", d)
	}
}

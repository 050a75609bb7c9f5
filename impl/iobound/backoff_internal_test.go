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
		if d := p.afterRetryAfter(2 * time.Second); d < 2*time.Second || d > 2*time.Second+p.MaxDelay {
			t.Fatalf("afterRetryAfter(2s) = %v", d)
		}
	}
}

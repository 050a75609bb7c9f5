package cpubound

import "context"

// Trial is the seed's is_prime applied to 2^n − 1: divide by 2, then by every
// odd number up to ⌊√p⌋. It works on uint64, so n ≤ 63; a larger n is refused
// with ErrTooLarge. Cost: about 2^(n/2 − 1) divisions for prime p, so
// 2^61 − 1 takes ~7.6·10⁸ divisions (about 1.5 s on one core here); composite p
// usually has a small factor and is answered at once.
type Trial struct{}

// Name returns "trial".
func (Trial) Name() string { return "trial" }

// IsMersennePrime reports whether 2^n − 1 is prime, by trial division.
func (Trial) IsMersennePrime(ctx context.Context, n int) (bool, error) {
	p, err := mersenne64(n)
	if err != nil || p < 2 {
		return false, err
	}
	if p%2 == 0 {
		return p == 2, nil
	}
	f, err := smallestFactor(ctx, p, 3, 2, isqrt(p))
	return f == 0 && err == nil, err
}

// TrialKP is trial division by the candidates 2kn + 1 only (k = 1, 2, …): when
// n is an odd prime, every factor of 2^n − 1 has that form, so it gives
// Trial's answers with n times fewer divisions. When n is composite, n = a·b,
// 2^a − 1 divides 2^n − 1, so TrialKP answers "not prime" at once. n ≤ 63, as
// for Trial.
type TrialKP struct{}

// Name returns "trialkp".
func (TrialKP) Name() string { return "trialkp" }

// IsMersennePrime reports whether 2^n − 1 is prime, by trial division with
// the candidates 2kn + 1.
func (TrialKP) IsMersennePrime(ctx context.Context, n int) (bool, error) {
	p, err := mersenne64(n)
	switch {
	case err != nil || p < 2:
		return false, err
	case n == 2:
		return true, nil // p = 3
	case !isPrimeInt(n):
		return false, nil
	}
	step := 2 * uint64(n)
	f, err := smallestFactor(ctx, p, step+1, step, isqrt(p))
	return f == 0 && err == nil, err
}

package fanout

import (
	"errors"
	"time"
)

// ErrThrottled is the throttle signal. A piece returns an error that wraps
// it (errors.Is) when the service it called turned it away for going too
// fast, as an HTTP 429 Too Many Requests does. Adaptive then slows down and
// runs the piece again; to every other strategy it is an error like any
// other, which stops the run. Throttle wraps an error with the signal and
// the service's Retry-After.
var ErrThrottled = errors.New("throttled")

// Throttle returns err as a throttle signal that carries retryAfter, the
// wait the service asked for (an HTTP Retry-After; zero or less if it
// asked for none). The result's message is err's; errors.Is finds both
// ErrThrottled and what err wraps.
func Throttle(err error, retryAfter time.Duration) error {
	return &throttled{err: err, retryAfter: max(retryAfter, 0)}
}

type throttled struct {
	err        error
	retryAfter time.Duration
}

func (t *throttled) Error() string        { return t.err.Error() }
func (t *throttled) Unwrap() error        { return t.err }
func (t *throttled) Is(target error) bool { return target == ErrThrottled }

// ThrottleOf reports whether err is a throttle signal (wraps ErrThrottled),
// and the wait it asks for: the Retry-After of Throttle, zero otherwise.
func ThrottleOf(err error) (retryAfter time.Duration, ok bool) {
	var t *throttled
	if errors.As(err, &t) {
		return t.retryAfter, true
	}
	return 0, errors.Is(err, ErrThrottled)
}

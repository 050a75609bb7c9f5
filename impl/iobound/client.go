package iobound

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/time/rate"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/fanout"
)

// A Slot names one request of the task: request Request of iteration
// Iteration. It is sent as the X-Concbench-Slot header, so the deterministic
// API answers each slot with the same strings whatever the strategy.
type Slot struct {
	Iteration, Request int
}

// String formats the slot as "<iteration>/<request>".
func (s Slot) String() string { return strconv.Itoa(s.Iteration) + "/" + strconv.Itoa(s.Request) }

// RetryPolicy is the one retry policy every strategy shares. 429, 5xx, network
// errors, per-attempt timeouts and malformed responses are retried with capped
// exponential backoff and jitter; a Retry-After header sets the least wait.
// Other 4xx answers fail at once.
type RetryPolicy struct {
	Timeout       time.Duration // per attempt, response body included
	MaxAttempts   int           // attempts per request, counting those that met a fault (not 429s)
	MaxThrottled  int           // 429 answers tolerated per request before giving up
	BaseDelay     time.Duration // backoff before the first retry
	MaxDelay      time.Duration // backoff cap
	MaxRetryAfter time.Duration // longest Retry-After honoured; a longer one fails the request
}

// DefaultRetryPolicy suits an API with tens of milliseconds of latency.
var DefaultRetryPolicy = RetryPolicy{
	Timeout:       10 * time.Second,
	MaxAttempts:   6,
	MaxThrottled:  15,
	BaseDelay:     20 * time.Millisecond,
	MaxDelay:      2 * time.Second,
	MaxRetryAfter: 30 * time.Second,
}

// Validate reports a policy that would never finish or never try.
func (p RetryPolicy) Validate() error {
	switch {
	case p.Timeout <= 0:
		return fmt.Errorf("retry policy: timeout must be positive, got %v", p.Timeout)
	case p.MaxAttempts < 1:
		return fmt.Errorf("retry policy: max attempts must be at least 1, got %d", p.MaxAttempts)
	case p.MaxThrottled < 0:
		return fmt.Errorf("retry policy: max throttled must not be negative, got %d", p.MaxThrottled)
	case p.BaseDelay < 0 || p.MaxDelay < p.BaseDelay:
		return fmt.Errorf("retry policy: need 0 ≤ base delay (%v) ≤ max delay (%v)", p.BaseDelay, p.MaxDelay)
	case p.MaxRetryAfter < 0:
		return fmt.Errorf("retry policy: max retry-after must not be negative, got %v", p.MaxRetryAfter)
	}
	return nil
}

// backoff returns the wait before retry n (n ≥ 1): BaseDelay·2^(n-1) capped at
// MaxDelay, with "equal jitter" (half fixed, half random) so that a herd of
// clients spreads out but none retries at once.
func (p RetryPolicy) backoff(n int) time.Duration {
	d := p.MaxDelay
	if n <= 30 {
		if e := p.BaseDelay << (n - 1); e > 0 && e < d { // e ≤ 0: the shift overflowed
			d = e
		}
	}
	if d <= 0 {
		return 0
	}
	return d/2 + rand.N(d/2+1)
}

// afterRetryAfter returns the wait before retry n of an answer that asked for
// ra: the larger of the backoff and ra plus a uniform jitter of up to ra
// (capped at MaxDelay). Retry-After so sets the least wait without stopping
// the backoff from growing (a server that keeps saying "0" still gets capped
// exponential backoff), and the many clients one throttle turned away spread
// over [ra, 2ra] instead of all coming back in the same instant to meet the
// throttle again.
func (p RetryPolicy) afterRetryAfter(n int, ra time.Duration) time.Duration {
	wait := ra
	if j := min(ra, p.MaxDelay); j > 0 {
		wait += rand.N(j + 1)
	}
	return max(wait, p.backoff(n))
}

// Counters count what a client did, over every strategy and goroutine that
// shares it.
type Counters struct {
	Requests  atomic.Int64 // HTTP attempts sent
	Retries   atomic.Int64 // attempts that were retries
	Throttled atomic.Int64 // 429 answers
	Faults    atomic.Int64 // failed attempts other than 429
	Hedges    atomic.Int64 // second copies of a request (the hedged strategy), counted in Requests too
}

// A Client fetches the random strings of one slot from the API. It is safe for
// concurrent use.
type Client struct {
	HTTP    *http.Client
	Params  apisim.Params
	Policy  RetryPolicy
	Limiter *rate.Limiter // if set, waited on before every attempt
	Stats   *Counters
	// ThrottleSignal, if set, makes a 429 end Fetch at once, not retried,
	// with a *FetchError that is a throttle signal (fanout.ThrottleOf)
	// carrying the answer's Retry-After: for a strategy that decides
	// itself when to ask again (adaptive).
	ThrottleSignal bool

	url string
}

// NewClient returns a client for the API at baseURL (scheme and host, without
// the endpoint path).
func NewClient(hc *http.Client, baseURL string, p apisim.Params, pol RetryPolicy) *Client {
	return &Client{
		HTTP:   hc,
		Params: p,
		Policy: pol,
		Stats:  new(Counters),
		url:    strings.TrimSuffix(baseURL, "/") + apisim.Path + "?" + p.Query(),
	}
}

// WithLimiter returns a copy of c that waits on lim before every attempt and
// shares c's counters.
func (c *Client) WithLimiter(lim *rate.Limiter) *Client {
	cc := *c
	cc.Limiter = lim
	return &cc
}

// WithThrottleSignal returns a copy of c that returns a 429 as a throttle
// signal instead of retrying it (see ThrottleSignal), and shares c's
// counters.
func (c *Client) WithThrottleSignal() *Client {
	cc := *c
	cc.ThrottleSignal = true
	return &cc
}

// Fetch returns the strings the API serves for slot, retrying by the policy.
// A request that finally fails is a *FetchError naming the slot; if ctx is
// done, the error wraps ctx's error.
func (c *Client) Fetch(ctx context.Context, slot Slot) ([]string, error) {
	var faults, throttled int
	for attempt := 1; ; attempt++ {
		if c.Limiter != nil {
			if err := c.Limiter.Wait(ctx); err != nil {
				return nil, &FetchError{Slot: slot, Attempts: attempt - 1, Err: ctxOr(ctx, err)}
			}
		}
		if attempt > 1 {
			c.Stats.Retries.Add(1)
		}
		c.Stats.Requests.Add(1)
		strs, err := c.try(ctx, slot)
		if err == nil {
			return strs, nil
		}
		if ctx.Err() != nil {
			return nil, &FetchError{Slot: slot, Attempts: attempt, Err: context.Cause(ctx)}
		}
		var n int // the retry's number in its kind: throttled or faulty
		var se *StatusError
		switch {
		case errors.As(err, &se) && se.Code == http.StatusTooManyRequests:
			c.Stats.Throttled.Add(1)
			if c.ThrottleSignal && se.RetryAfter <= c.Policy.MaxRetryAfter {
				return nil, &FetchError{Slot: slot, Attempts: attempt, Err: fanout.Throttle(err, se.RetryAfter)}
			}
			throttled++
			if throttled > c.Policy.MaxThrottled {
				return nil, &FetchError{Slot: slot, Attempts: attempt, Err: fmt.Errorf("throttled %d times: %w", throttled, err)}
			}
			n = throttled
		case errors.As(err, &se) && !se.Retryable():
			c.Stats.Faults.Add(1)
			return nil, &FetchError{Slot: slot, Attempts: attempt, Err: err}
		default:
			c.Stats.Faults.Add(1)
			faults++
			if faults >= c.Policy.MaxAttempts {
				return nil, &FetchError{Slot: slot, Attempts: attempt, Err: err}
			}
			n = faults
		}
		wait := c.Policy.backoff(n)
		if se != nil && se.RetryAfter >= 0 {
			if se.RetryAfter > c.Policy.MaxRetryAfter {
				return nil, &FetchError{Slot: slot, Attempts: attempt,
					Err: fmt.Errorf("%w: Retry-After %s is longer than the %v allowed", err, longWait(se.RetryAfter), c.Policy.MaxRetryAfter)}
			}
			wait = c.Policy.afterRetryAfter(n, se.RetryAfter)
		}
		if !sleepCtx(ctx, wait) {
			return nil, &FetchError{Slot: slot, Attempts: attempt, Err: context.Cause(ctx)}
		}
	}
}

// maxResponse bounds a response body; a valid one is at most ~1 MB
// (1000 strings of 1000 letters).
const maxResponse = 2 << 20

// try makes one attempt.
func (c *Client) try(ctx context.Context, slot Slot) ([]string, error) {
	actx, cancel := context.WithTimeout(ctx, c.Policy.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, c.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set(apisim.SlotHeader, slot.String())
	req.Header.Set("Accept", "application/json")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, attemptError(ctx, actx, c.Policy.Timeout, "connection", err)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	// Drain and close, so that the connection goes back to the pool.
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponse))
	resp.Body.Close()
	if err != nil {
		return nil, attemptError(ctx, actx, c.Policy.Timeout, "body", err)
	}
	if len(body) > maxResponse {
		return nil, fmt.Errorf("response body larger than %d bytes", maxResponse)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, newStatusError(resp, body)
	}
	return DecodeStrings(body, c.Params)
}

// attemptError names what went wrong with an attempt, at the connection or
// while reading the body: the per-attempt timeout, a connection the server
// closed (dropped before the answer, or truncated in the body), or the
// transport's own error.
func attemptError(ctx, actx context.Context, timeout time.Duration, where string, err error) error {
	switch {
	case ctx.Err() == nil && actx.Err() != nil:
		return fmt.Errorf("no answer within the %v attempt timeout (%s)", timeout, where)
	case where == "body" && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)):
		return fmt.Errorf("truncated body: %w", err)
	case where == "connection" && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)):
		return fmt.Errorf("connection dropped before the answer: %w", unwrapURL(err))
	}
	return fmt.Errorf("%s: %w", where, unwrapURL(err))
}

// unwrapURL drops the *url.Error wrapper, whose text repeats the whole URL.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// A StatusError is a non-200 answer.
type StatusError struct {
	Code       int
	Message    string        // the API's {"error": …}, if it sent one
	RetryAfter time.Duration // from the Retry-After header; -1 when absent or invalid
}

func (e *StatusError) Error() string {
	s := "HTTP " + strconv.Itoa(e.Code) + " " + http.StatusText(e.Code)
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Retryable reports whether the request may succeed if sent again.
func (e *StatusError) Retryable() bool {
	return e.Code == http.StatusTooManyRequests || e.Code == http.StatusRequestTimeout || e.Code >= 500
}

func newStatusError(resp *http.Response, body []byte) *StatusError {
	e := &StatusError{Code: resp.StatusCode, RetryAfter: ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
	var msg struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &msg) == nil {
		e.Message = oneLine(msg.Error, 120)
	}
	return e
}

// ParseRetryAfter reads a Retry-After header in either form: delay-seconds or
// an HTTP date (RFC 9110 §10.2.3). It returns -1 for an absent or invalid
// value, and 0 for a date in the past.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return -1
	}
	if strings.Trim(v, "0123456789") == "" {
		// delay-seconds; more than a Duration holds is the longest one, a
		// wait no policy honours, not an absent header
		if secs, err := strconv.ParseUint(v, 10, 64); err == nil && secs <= uint64(math.MaxInt64/time.Second) {
			return time.Duration(secs) * time.Second
		}
		return math.MaxInt64
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return -1
	}
	return max(t.Sub(now), 0)
}

// longWait prints a Retry-After that no policy honours: as a duration up to
// 1000 hours, beyond that as "over 1000h" (a date in the year 9999 is
// 2562047h47m16.854775807s, which says nothing more).
func longWait(d time.Duration) string {
	if d > 1000*time.Hour {
		return "over 1000h"
	}
	return d.String()
}

// A FetchError is a request that finally failed: which slot, after how many
// attempts, and the last error.
type FetchError struct {
	Slot     Slot
	Attempts int
	Err      error
}

func (e *FetchError) Error() string {
	if e.Attempts <= 1 {
		return fmt.Sprintf("fetching slot %s: %v", e.Slot, e.Err)
	}
	return fmt.Sprintf("fetching slot %s: giving up after %d attempts: %v", e.Slot, e.Attempts, e.Err)
}

func (e *FetchError) Unwrap() error { return e.Err }

func ctxOr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return err
}

// sleepCtx waits d or until ctx is done; it reports whether the full wait
// passed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

package apisim

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Path is the API's one endpoint.
const Path = "/api/v1.0/randomstring"

// SlotHeader carries the client's "<iteration>/<request>" slot; content is a
// function of (seed, slot). The real API ignores it.
const SlotHeader = "X-Concbench-Slot"

// Config describes an API instance. The zero value is an API with no latency,
// no throttle and no faults, seeded with 0.
type Config struct {
	Seed    uint64        // content and draws are functions of the seed
	Latency time.Duration // fixed part of every response's latency
	Jitter  time.Duration // latency varies uniformly in ±Jitter
	Tail    Tail          // a share of the answers that are slower; zero: none
	Rate    float64       // token bucket refill, requests per second; 0 means no throttle
	Burst   int           // token bucket size; at least 1 when Rate > 0
	Faults  Faults        // probability of each fault per request
	// RetryAfter is the wait the API asks for in the Retry-After header of a
	// random 429 (in seconds) and of a 503 (as an HTTP date). Zero sends
	// "Retry-After: 0" on a 429 and no header on a 503. The throttle computes
	// its own Retry-After from the bucket.
	RetryAfter time.Duration
	// MaxHang bounds a hang fault, so a server never holds a request forever.
	// Zero means one minute.
	MaxHang time.Duration
	// DisableLog keeps only the counts of Stats, not every response: for a
	// long-running server, whose log would otherwise grow without bound.
	DisableLog bool `json:",omitempty"`
}

// DefaultConfig is the API the benchmarks call: 20 ms ± 10% latency, no
// throttle, no faults, seed 1.
var DefaultConfig = Config{Seed: 1, Latency: 20 * time.Millisecond, Jitter: 2 * time.Millisecond}

// Validate reports a configuration the API cannot run with.
func (c Config) Validate() error {
	switch {
	case c.Latency < 0:
		return fmt.Errorf("latency (%v) must not be negative", c.Latency)
	case c.Jitter < 0:
		return fmt.Errorf("jitter (%v) must not be negative", c.Jitter)
	case c.Jitter > c.Latency:
		return fmt.Errorf("jitter (%v) must not exceed latency (%v)", c.Jitter, c.Latency)
	case c.Rate < 0 || math.IsNaN(c.Rate) || math.IsInf(c.Rate, 0):
		return fmt.Errorf("rate must be a finite number ≥ 0, got %v", c.Rate)
	case c.Rate > 0 && c.Burst < 1:
		return fmt.Errorf("burst must be at least 1 when rate is set, got %d", c.Burst)
	case c.RetryAfter < 0 || c.MaxHang < 0:
		return fmt.Errorf("retry-after (%v) and max hang (%v) must not be negative", c.RetryAfter, c.MaxHang)
	}
	if err := c.Tail.Validate(); err != nil {
		return err
	}
	return c.Faults.Validate()
}

// An API is one running instance of the model: its throttle state, attempt
// counters and served log. It is safe for concurrent use.
type API struct {
	cfg Config

	mu       sync.Mutex
	limiter  *rate.Limiter // nil when not throttled
	attempts map[string]int
	arrivals int
	log      []Served
	stats    Stats

	stopOnce sync.Once
	stopped  chan struct{} // closed by Stop: hangs end
}

// New returns an API for cfg, or an error if cfg is invalid.
func New(cfg Config) (*API, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("apisim: %w", err)
	}
	a := &API{cfg: cfg, stopped: make(chan struct{})}
	a.Reset()
	return a, nil
}

// Stop ends every hang in progress or to come, with a 503: a server shutting
// down finishes its requests in flight, and a hang would never finish.
// Latency waits are not cut short.
func (a *API) Stop() { a.stopOnce.Do(func() { close(a.stopped) }) }

// Config returns the configuration the API was created with.
func (a *API) Config() Config { return a.cfg }

// Reset refills the token bucket and clears the attempt counters and the
// served log, as if the API had just started.
func (a *API) Reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.limiter = nil
	if a.cfg.Rate > 0 {
		a.limiter = rate.NewLimiter(rate.Limit(a.cfg.Rate), a.cfg.Burst)
	}
	a.attempts = make(map[string]int)
	a.arrivals = 0
	a.log = nil
	a.stats = Stats{ByStatus: map[int]int{}, ByFault: map[Fault]int{}}
}

// A response is the model's answer to one request, before a front end renders
// it.
type response struct {
	status     int
	body       []byte
	retryAfter string
	fault      Fault
}

// serve answers one request. ctx is the request's context: the latency wait
// and a hang end when it is done, and the response is then recorded as
// cancelled.
func (a *API) serve(ctx context.Context, method, path string, query url.Values, slot string) response {
	if path != Path {
		return a.record(slot, -1, errorResponse(http.StatusNotFound, "no such endpoint: "+path), nil)
	}
	if method != http.MethodGet && method != http.MethodHead {
		r := errorResponse(http.StatusMethodNotAllowed, "method "+method+" not allowed")
		return a.record(slot, -1, r, nil)
	}
	arrival := time.Now()
	a.mu.Lock()
	a.arrivals++
	attempt := 0
	if slot == "" {
		slot = "#" + strconv.Itoa(a.arrivals) // unique: every request is a first attempt
	} else {
		attempt = a.attempts[slot]
		a.attempts[slot] = attempt + 1
	}
	var throttled time.Duration
	if a.limiter != nil {
		res := a.limiter.ReserveN(arrival, 1)
		if d := res.DelayFrom(arrival); d > 0 {
			res.CancelAt(arrival)
			throttled = d
		}
	}
	a.mu.Unlock()

	r := attemptRand(a.cfg.Seed, slot, attempt)
	wait := a.cfg.Latency
	if a.cfg.Jitter > 0 {
		wait += time.Duration(r.Int64N(int64(2*a.cfg.Jitter)+1)) - a.cfg.Jitter
	}
	fault := a.cfg.Faults.draw(r)
	wait = a.cfg.Tail.stretch(r, wait) // drawn last: without a tail, the draws are as before

	p, perr := ParseParams(query)
	var resp response
	var strs []string
	switch {
	case perr != nil:
		resp = errorResponse(http.StatusBadRequest, perr.Error())
	case throttled > 0:
		resp = errorResponse(http.StatusTooManyRequests, "rate limit exceeded")
		resp.fault = FaultThrottle
		resp.retryAfter = strconv.Itoa(int(math.Ceil(throttled.Seconds())))
	default:
		resp, strs = a.faulty(fault, slot, p)
	}

	var stop <-chan struct{}
	if resp.fault == FaultHang {
		wait, stop = a.cfg.MaxHang, a.stopped
		if wait == 0 {
			wait = time.Minute
		}
	}
	switch sleep(ctx, stop, wait) {
	case waitCancelled:
		resp = response{fault: resp.fault} // the client gave up: nothing was delivered
		return a.record(slot, attempt, resp, nil)
	case waitStopped:
		resp = errorResponse(http.StatusServiceUnavailable, "server shutting down")
		resp.fault = FaultHang
	case waitDone:
		if resp.fault == FaultHang {
			resp = errorResponse(http.StatusGatewayTimeout, "hung for "+wait.String())
			resp.fault = FaultHang
		}
	}
	return a.record(slot, attempt, resp, strs)
}

// faulty returns the response for a valid, unthrottled request under fault.
func (a *API) faulty(fault Fault, slot string, p Params) (response, []string) {
	switch fault {
	case FaultThrottle:
		r := errorResponse(http.StatusTooManyRequests, "rate limit exceeded")
		r.retryAfter = strconv.Itoa(int(math.Ceil(a.cfg.RetryAfter.Seconds())))
		r.fault = fault
		return r, nil
	case Fault500:
		r := errorResponse(http.StatusInternalServerError, "internal error")
		r.fault = fault
		return r, nil
	case Fault503:
		r := errorResponse(http.StatusServiceUnavailable, "service unavailable")
		if a.cfg.RetryAfter > 0 {
			r.retryAfter = time.Now().Add(a.cfg.RetryAfter).UTC().Format(http.TimeFormat)
		}
		r.fault = fault
		return r, nil
	case FaultMalformed:
		return response{status: http.StatusOK, body: []byte(`["abc", "def"` + "\x00" + `}`), fault: fault}, nil
	case FaultDrop, FaultHang:
		return response{fault: fault}, nil
	}
	strs := Strings(a.cfg.Seed, slot, p)
	body, err := json.Marshal(strs)
	if err != nil {
		panic(err) // []string always encodes
	}
	// A truncated response carries the right Content-Length and half the body.
	return response{status: http.StatusOK, body: body, fault: fault}, strs
}

func errorResponse(status int, msg string) response {
	body, _ := json.Marshal(struct {
		Error string `json:"error"`
	}{msg})
	return response{status: status, body: body}
}

// How a wait ended.
const (
	waitDone      = iota // the full wait passed
	waitCancelled        // the request's context is done
	waitStopped          // the API was stopped
)

// sleep waits d, or until ctx is done or stop is closed (a nil stop never
// is).
func sleep(ctx context.Context, stop <-chan struct{}, d time.Duration) int {
	if ctx.Err() != nil {
		return waitCancelled
	}
	if d <= 0 {
		return waitDone
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return waitDone
	case <-ctx.Done():
		return waitCancelled
	case <-stop:
		return waitStopped
	}
}

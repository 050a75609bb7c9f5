package iobound

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/concbench/concbench/impl/apisim"
)

// TransportKind selects the HTTP transport for a real API.
type TransportKind string

// The transports.
const (
	// TransportTuned keeps an idle connection for every concurrent request, so
	// connections are reused instead of churned.
	TransportTuned TransportKind = "tuned"
	// TransportDefault is Go's http.DefaultTransport as it ships: at most two
	// idle connections per host, so a burst of concurrent requests opens and
	// closes a connection for nearly every request.
	TransportDefault TransportKind = "default"
)

// ParseTransport returns the transport kind with the given name.
func ParseTransport(s string) (TransportKind, error) {
	switch k := TransportKind(s); k {
	case TransportTuned, TransportDefault:
		return k, nil
	}
	return "", fmt.Errorf("unknown transport %q (want tuned or default)", s)
}

// NewTransport returns a fresh transport of the given kind, with its own
// connection pool, sized for up to concurrency requests in flight at once.
func NewTransport(kind TransportKind, concurrency int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	if kind == TransportTuned {
		n := max(concurrency, 2)
		t.MaxIdleConns = max(n, 100)
		t.MaxIdleConnsPerHost = n
		t.IdleConnTimeout = 90 * time.Second
	}
	return t
}

// A Target is where the API is and how to reach it: the in-process mock, a
// local server on loopback, or a live URL.
type Target struct {
	Name    string       // "mock", "local" or "live"
	BaseURL string       // scheme and host, no path
	HTTP    *http.Client // shared by every request of every run
	// Rate and Burst are the API's rate limit, if known (0: unknown or none).
	// The ratelimit strategy paces its requests to them.
	Rate  float64
	Burst int

	transport TransportKind
	mock      *apisim.API
}

// MockTarget returns a target that calls api through its own httpmock
// transport: no sockets, no global state.
func MockTarget(api *apisim.API) *Target {
	cfg := api.Config()
	return &Target{
		Name:    "mock",
		BaseURL: apisim.MockBaseURL,
		HTTP:    &http.Client{Transport: api.MockTransport()},
		Rate:    cfg.Rate,
		Burst:   cfg.Burst,
		mock:    api,
	}
}

// HTTPTarget returns a target for a real API at baseURL, reached through a
// transport of the given kind sized for concurrency requests in flight.
func HTTPTarget(name, baseURL string, kind TransportKind, concurrency int) (*Target, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("API URL %q: %v", baseURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("API URL %q: want http://host[:port] or https://host[:port]", baseURL)
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		return nil, fmt.Errorf("API URL %q: give the base URL only, without %s", baseURL, apisim.Path)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("API URL %q: port %s is not in [1, 65535]", baseURL, p)
		}
	}
	if u.User != nil {
		return nil, fmt.Errorf("API URL %q: credentials in the URL are not sent; the API takes none", baseURL)
	}
	if _, err := ParseTransport(string(kind)); err != nil {
		return nil, err
	}
	return &Target{
		Name:      name,
		BaseURL:   u.Scheme + "://" + u.Host,
		HTTP:      &http.Client{Transport: NewTransport(kind, concurrency)},
		transport: kind,
	}, nil
}

// Mock returns the in-process API of a mock target, or nil.
func (t *Target) Mock() *apisim.API { return t.mock }

// Transport returns the transport kind of a real target ("" for the mock).
func (t *Target) Transport() TransportKind { return t.transport }

// Close releases the target's idle connections.
func (t *Target) Close() { t.HTTP.CloseIdleConnections() }

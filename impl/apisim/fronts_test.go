package apisim_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/impl/apisim"
)

// front is one way to reach an API: a client and a base URL.
type front struct {
	name   string
	client *http.Client
	base   string
}

func fronts(t *testing.T, api *apisim.API) []front {
	srv := httptest.NewServer(api.Handler())
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close() })
	return []front{
		{"mock", &http.Client{Transport: api.MockTransport()}, apisim.MockBaseURL},
		{"local", srv.Client(), srv.URL},
	}
}

func newAPI(t *testing.T, cfg apisim.Config) *apisim.API {
	t.Helper()
	api, err := apisim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// get sends one request; it returns the response (body read) or the error of
// sending or reading.
func get(ctx context.Context, f front, method, path, slot string) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, f.base+path, nil)
	if err != nil {
		return nil, nil, err
	}
	if slot != "" {
		req.Header.Set(apisim.SlotHeader, slot)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

const query = apisim.Path + "?min=5&max=20&count=5"

// TestFrontsAgree: both front ends serve the same bytes for the same slot.
func TestFrontsAgree(t *testing.T) {
	api := newAPI(t, apisim.Config{Seed: 9})
	var bodies []string
	for _, f := range fronts(t, api) {
		resp, body, err := get(context.Background(), f, "GET", query, "4/2")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %v %v", f.name, resp, err)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q", f.name, ct)
		}
		bodies = append(bodies, string(body))
	}
	if bodies[0] != bodies[1] {
		t.Errorf("mock served %s, local served %s", bodies[0], bodies[1])
	}
	want, _ := json.Marshal(apisim.Strings(9, "4/2", apisim.DefaultParams))
	if bodies[0] != string(want) {
		t.Errorf("served %s, want Strings(9, 4/2) = %s", bodies[0], want)
	}
}

// TestErrorsAreJSON: bad parameters, unknown paths and other methods get
// 400, 404 and 405 with a JSON error, on both front ends.
func TestErrorsAreJSON(t *testing.T) {
	api := newAPI(t, apisim.Config{Seed: 1})
	for _, f := range fronts(t, api) {
		for _, tc := range []struct {
			method, path string
			status       int
			msg          string
		}{
			{"GET", apisim.Path + "?min=0", 400, "min must be at least 1"},
			{"GET", apisim.Path + "?count=abc", 400, "not an integer"},
			{"GET", apisim.Path + "?max=5000", 400, "max must be at most 1000"},
			{"GET", "/api/v2/other", 404, "no such endpoint"},
			{"POST", query, 405, "method POST not allowed"},
			{"DELETE", query, 405, "not allowed"},
		} {
			resp, body, err := get(context.Background(), f, tc.method, tc.path, "")
			if err != nil {
				t.Fatalf("%s %s %s: %v", f.name, tc.method, tc.path, err)
			}
			var e struct{ Error string }
			if resp.StatusCode != tc.status || json.Unmarshal(body, &e) != nil || !strings.Contains(e.Error, tc.msg) {
				t.Errorf("%s %s %s: got %d %s, want %d with %q", f.name, tc.method, tc.path, resp.StatusCode, body, tc.status, tc.msg)
			}
			if tc.status == 405 && resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s: 405 without Allow: GET, HEAD", f.name)
			}
		}
	}
	if st := api.Stats(); st.ByStatus[400] != 6 || st.ByStatus[404] != 2 || st.ByStatus[405] != 4 || st.Delivered != 0 {
		t.Errorf("served log counts %+v", st.ByStatus)
	}
}

// TestFaultsOnBothFronts: each fault looks the same to a client on both front
// ends.
func TestFaultsOnBothFronts(t *testing.T) {
	for _, f := range apisim.AllFaults() {
		api := newAPI(t, apisim.Config{Seed: 1, Faults: apisim.Only(f, 1), RetryAfter: 3 * time.Second, MaxHang: 5 * time.Second})
		// The client waits 300 ms for a hang (of 5 s), and 10 s for the
		// rest: a slow spell of the machine must not turn an answer into
		// the client's deadline.
		wait := 10 * time.Second
		if f == apisim.FaultHang {
			wait = 300 * time.Millisecond
		}
		for _, fr := range fronts(t, api) {
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			resp, body, err := get(ctx, fr, "GET", query, "0/1")
			cancel()
			where := f.String() + "/" + fr.name
			switch f {
			case apisim.FaultThrottle:
				if err != nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
					t.Errorf("%s: got %v %v, want 429 with Retry-After: 3", where, resp, err)
				}
			case apisim.Fault500:
				if err != nil || resp.StatusCode != 500 {
					t.Errorf("%s: got %v %v, want 500", where, resp, err)
				}
			case apisim.Fault503:
				if err != nil || resp.StatusCode != 503 {
					t.Fatalf("%s: got %v %v, want 503", where, resp, err)
				}
				at, perr := http.ParseTime(resp.Header.Get("Retry-After"))
				if d := time.Until(at); perr != nil || d < time.Second || d > 3*time.Second {
					t.Errorf("%s: Retry-After %q is not an HTTP date about 3s ahead", where, resp.Header.Get("Retry-After"))
				}
			case apisim.FaultMalformed:
				var v []string
				if err != nil || resp.StatusCode != 200 || json.Unmarshal(body, &v) == nil {
					t.Errorf("%s: got %v %q %v, want 200 with a body that is not JSON", where, resp, body, err)
				}
			case apisim.FaultTruncated:
				if !errors.Is(err, io.ErrUnexpectedEOF) || resp == nil || resp.ContentLength <= int64(len(body)) {
					t.Errorf("%s: got %v, %d bytes, %v; want a body cut short of its Content-Length", where, resp, len(body), err)
				}
			case apisim.FaultDrop:
				if err == nil {
					t.Errorf("%s: got %v, want a dropped connection", where, resp)
				}
			case apisim.FaultHang:
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("%s: got %v %v, want the client's deadline", where, resp, err)
				}
			}
		}
		for _, rec := range api.Log() {
			if rec.Fault != f || rec.Delivered() {
				t.Errorf("%s: log record %+v", f, rec)
			}
		}
	}
}

// TestThrottle: the token bucket lets a burst through, then answers 429 with
// a Retry-After in whole seconds, until it refills; Reset refills it.
func TestThrottle(t *testing.T) {
	api := newAPI(t, apisim.Config{Seed: 1, Rate: 0.5, Burst: 3})
	f := fronts(t, api)[0]
	for i := range 5 {
		resp, _, err := get(context.Background(), f, "GET", query, "0/"+strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		want, ra := 200, ""
		if i >= 3 {
			want, ra = 429, "2" // a token every 2s
		}
		if resp.StatusCode != want || resp.Header.Get("Retry-After") != ra {
			t.Errorf("request %d: %d Retry-After %q, want %d %q", i, resp.StatusCode, resp.Header.Get("Retry-After"), want, ra)
		}
	}
	api.Reset()
	if resp, _, _ := get(context.Background(), f, "GET", query, "0/9"); resp.StatusCode != 200 {
		t.Errorf("after Reset: %d, want 200", resp.StatusCode)
	}
	if len(api.Log()) != 1 {
		t.Errorf("Reset kept %d log records", len(api.Log()))
	}
}

// TestLatencyHonoursContext: a request the client gives up on stops waiting
// at once, and the log records that nothing was delivered.
func TestLatencyHonoursContext(t *testing.T) {
	api := newAPI(t, apisim.Config{Seed: 1, Latency: time.Minute})
	for _, f := range fronts(t, api) {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		start := time.Now()
		_, _, err := get(ctx, f, "GET", query, "1/1")
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: %v, want deadline exceeded", f.name, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: waited %v", f.name, d)
		}
	}
	// The local server notices the closed connection asynchronously.
	deadline := time.Now().Add(5 * time.Second)
	for len(api.Log()) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	for _, r := range api.Log() {
		if r.Status != 0 || r.Delivered() {
			t.Errorf("cancelled request logged as %+v", r)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	for _, c := range []apisim.Config{
		{Latency: -1},
		{Latency: time.Millisecond, Jitter: 2 * time.Millisecond},
		{Rate: 10},
		{Rate: -1, Burst: 1},
		{Faults: apisim.Only(apisim.Fault500, 1.5)},
		{Faults: apisim.Uniform(1.2)},
	} {
		if _, err := apisim.New(c); err == nil {
			t.Errorf("New(%+v) accepted an invalid config", c)
		}
	}
	if f := apisim.Uniform(0.7); f.Total() < 0.6999 || f.Total() > 0.7001 {
		t.Errorf("Uniform(0.7) totals %v", f.Total())
	}
}

func TestNewServer(t *testing.T) {
	s := apisim.NewServer("127.0.0.1:0", http.NotFoundHandler(), time.Second)
	if s.ReadHeaderTimeout == 0 || s.ReadTimeout == 0 || s.WriteTimeout == 0 || s.IdleTimeout == 0 || s.MaxHeaderBytes == 0 {
		t.Errorf("server without every timeout and limit: %+v", s)
	}
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:1": true, "[::1]:80": true, ":8080": false, "0.0.0.0:80": false, "10.0.0.1:80": false, "bad": false} {
		if got := apisim.IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v", addr, got)
		}
	}
}

package iobound_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/iobound"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                                  -1,
		"0":                                 0,
		"7":                                 7 * time.Second,
		" 12 ":                              12 * time.Second,
		"-3":                                -1,
		"1.5":                               -1,
		"soon":                              -1,
		"Wed, 25 Nov 2026 12:00:09 GMT":     9 * time.Second,
		"Wed, 25 Nov 2026 11:59:00 GMT":     0,               // in the past
		"Wednesday, 25-Nov-26 12:00:04 GMT": 4 * time.Second, // RFC 850, still valid
		"4294967296":                        4294967296 * time.Second,
		"99999999999999999999":              math.MaxInt64, // longer than any wait: not absent
	} {
		if got := iobound.ParseRetryAfter(v, now); got != want {
			t.Errorf("ParseRetryAfter(%q) = %v, want %v", v, got, want)
		}
	}
}

// sequenceServer answers the n-th request with answers[n] (the last one
// repeats) and records when each request arrived.
func sequenceServer(t *testing.T, answers ...func(w http.ResponseWriter)) (*httptest.Server, func() []time.Time) {
	var mu sync.Mutex
	var arrivals []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		i := len(arrivals) - 1
		mu.Unlock()
		answers[min(i, len(answers)-1)](w)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []time.Time { mu.Lock(); defer mu.Unlock(); return slices.Clone(arrivals) }
}

func ok(w http.ResponseWriter) {
	json.NewEncoder(w).Encode(apisim.Strings(1, "x", apisim.DefaultParams))
}

// TestRetryAfterBothForms: the client waits at least what Retry-After asks,
// given in seconds or as an HTTP date.
func TestRetryAfterBothForms(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer func(w http.ResponseWriter)
		least  time.Duration
	}{
		{"seconds", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		}, time.Second},
		{"http-date", func(w http.ResponseWriter) {
			// Dates have whole seconds: two seconds ahead is at least one.
			w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
		}, time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, arrivals := sequenceServer(t, tc.answer, ok)
			c := iobound.NewClient(srv.Client(), srv.URL, apisim.DefaultParams, iobound.DefaultRetryPolicy)
			if _, err := c.Fetch(context.Background(), iobound.Slot{}); err != nil {
				t.Fatal(err)
			}
			at := arrivals()
			if len(at) != 2 {
				t.Fatalf("%d requests, want 2", len(at))
			}
			if gap := at[1].Sub(at[0]); gap < tc.least {
				t.Errorf("retried after %v, before the %v Retry-After asked for", gap, tc.least)
			}
			if c.Stats.Retries.Load() != 1 {
				t.Errorf("%d retries counted, want 1", c.Stats.Retries.Load())
			}
		})
	}
}

// TestRetryAfterTooLong: a Retry-After beyond the policy's bound fails the
// request at once instead of sleeping for an hour, also one too long for a
// Duration (once read as absent, and retried) or a date in the year 9999
// (once printed as 2562047h47m16.854775807s).
func TestRetryAfterTooLong(t *testing.T) {
	for header, want := range map[string]string{
		"3600":                          "Retry-After 1h0m0s",
		"99999999999":                   "Retry-After over 1000h",
		"Fri, 31 Dec 9999 23:59:59 GMT": "Retry-After over 1000h",
	} {
		srv, arrivals := sequenceServer(t, func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", header)
			w.WriteHeader(http.StatusTooManyRequests)
		})
		c := iobound.NewClient(srv.Client(), srv.URL, apisim.DefaultParams, iobound.DefaultRetryPolicy)
		_, err := c.Fetch(context.Background(), iobound.Slot{Iteration: 2, Request: 5})
		if err == nil || !strings.Contains(err.Error(), "slot 2/5") || !strings.Contains(err.Error(), want) {
			t.Fatalf("%s: got %v, want %q", header, err, want)
		}
		if n := len(arrivals()); n != 1 {
			t.Errorf("%s: %d requests, want 1", header, n)
		}
	}
}

// TestBadParamsFailAtOnce: a 400 is not retried; its error carries the API's
// message.
func TestBadParamsFailAtOnce(t *testing.T) {
	api := newAPI(t, apisim.Config{Seed: 1})
	for _, front := range apiFronts {
		tg := newTarget(t, front, api)
		pol := fastPolicy
		pol.Timeout = 10 * time.Second // a slow spell must not add an attempt
		c := iobound.NewClient(tg.HTTP, tg.BaseURL, apisim.Params{Min: 9, Max: 3, Count: 1}, pol)
		_, err := c.Fetch(context.Background(), iobound.Slot{Iteration: 0, Request: 3})
		var se *iobound.StatusError
		if !errors.As(err, &se) || se.Code != 400 || !strings.Contains(err.Error(), "min (9) must not exceed max (3)") {
			t.Errorf("%s: got %v, want a 400 naming the bad parameters", front, err)
		}
		if c.Stats.Requests.Load() != 1 {
			t.Errorf("%s: %d attempts for a 400, want 1", front, c.Stats.Requests.Load())
		}
	}
}

// TestWrongAnswerIsRetried: an answer that decodes but does not fit the
// request (wrong count, bad letters) is retried, never counted.
func TestWrongAnswerIsRetried(t *testing.T) {
	srv, arrivals := sequenceServer(t,
		func(w http.ResponseWriter) { w.Write([]byte(`["abcde"]`)) },
		func(w http.ResponseWriter) { w.Write([]byte(`["abcde","ab1de","abcde","abcde","abcde"]`)) },
		ok)
	pol := fastPolicy
	pol.Timeout = 10 * time.Second // a slow spell must not add an attempt
	c := iobound.NewClient(srv.Client(), srv.URL, apisim.DefaultParams, pol)
	strs, err := c.Fetch(context.Background(), iobound.Slot{})
	if err != nil || len(strs) != 5 || len(arrivals()) != 3 {
		t.Fatalf("got %v, %v after %d requests", strs, err, len(arrivals()))
	}
}

func TestDecodeStrings(t *testing.T) {
	p := apisim.Params{Min: 2, Max: 4, Count: 2}
	for body, want := range map[string]string{
		`["ab","xyz"]`:         "",
		`["ab"]`:               "1 strings, want 2",
		`["ab","xyz","cd"]`:    "3 strings, want 2",
		`["a","xyz"]`:          "string 0 has length 1",
		`["ab","xyzzy"]`:       "string 1 has length 5",
		`["ab","x z"]`:         "string 1 has ' ' at byte 1",
		`["ab","xé"]`:          "want ASCII letters",
		`{"ab":1}`:             "malformed response",
		`["ab","xy"] trailing`: "malformed response",
		``:                     "malformed response",
		`null`:                 "0 strings",
	} {
		_, err := iobound.DecodeStrings([]byte(body), p)
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("DecodeStrings(%q) = %v, want %q", body, err, want)
		}
	}
}

// FuzzDecodeStrings: whatever the body, DecodeStrings either returns strings
// that satisfy the parameters or a one-line error; it never panics.
func FuzzDecodeStrings(f *testing.F) {
	for _, s := range []string{`["abcde","fghij"]`, `["ab"]`, `[1,2]`, `{}`, `["abc\u0000de","x"]`, `["abcde","fgh`, "\xff\xfe"} {
		f.Add([]byte(s), 3, 6, 2)
	}
	f.Fuzz(func(t *testing.T, body []byte, lo, hi, count int) {
		p := apisim.Params{Min: lo, Max: hi, Count: count}
		if p.Validate() != nil {
			return
		}
		strs, err := iobound.DecodeStrings(body, p)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if len(strs) != p.Count {
			t.Fatalf("%d strings for count %d", len(strs), p.Count)
		}
		for _, s := range strs {
			if len(s) < p.Min || len(s) > p.Max || strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != "" {
				t.Fatalf("accepted %q for %+v", s, p)
			}
		}
	})
}

package apisim_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/concbench/concbench/impl/apisim"
)

func TestParseTail(t *testing.T) {
	for s, want := range map[string]apisim.Tail{
		"1%x10": {Percent: 1, Factor: 10}, "0.5%x20": {Percent: 0.5, Factor: 20}, "100%x1": {Percent: 100, Factor: 1},
		"none": {}, "": {},
	} {
		got, err := apisim.ParseTail(s)
		if err != nil || got != want {
			t.Errorf("ParseTail(%q) = %+v, %v; want %+v", s, got, err, want)
		}
		if s != "" && got.String() != s {
			t.Errorf("%+v.String() = %q, want %q", got, got.String(), s)
		}
	}
	for _, bad := range []string{"1%", "x10", "1x10", "1%x", "-1%x10", "101%x10", "1%x0.5", "1%x+Inf", "NaN%x10", "1%x10%"} {
		if got, err := apisim.ParseTail(bad); err == nil {
			t.Errorf("ParseTail(%q) = %+v, want an error", bad, got)
		}
	}
	if _, err := apisim.New(apisim.Config{Tail: apisim.Tail{Percent: 5, Factor: 0}}); err == nil {
		t.Error("New accepted a tail with factor 0")
	}
}

// latencies sends one request for each of n slots through the mock, one
// after the other, and returns each one's latency on the bubble's clock
// and the body of each answer.
func latencies(t *testing.T, api *apisim.API, n int) ([]time.Duration, []string) {
	t.Helper()
	c := &http.Client{Transport: api.MockTransport()}
	lat := make([]time.Duration, n)
	bodies := make([]string, n)
	for i := range n {
		start := time.Now()
		resp, body, err := get(context.Background(), front{"mock", c, apisim.MockBaseURL}, http.MethodGet, apisim.Path, "0/"+strconv.Itoa(i))
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("slot 0/%d: %v", i, err)
		}
		lat[i], bodies[i] = time.Since(start), string(body)
	}
	return lat, bodies
}

// TestTail: with a tail of 1%x10, about 1% of 2,000 answers take ten times
// the latency and the rest exactly the latency (no jitter here), on
// virtual time; the same slots are slow in every run of the same seed, a
// second attempt at a slow slot draws its own latency, and the content is
// the same as without a tail.
func TestTail(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, lat = 2000, 10 * time.Millisecond
		api := newAPI(t, apisim.Config{Seed: 4, Latency: lat, Tail: apisim.Tail{Percent: 1, Factor: 10}})
		first, bodies := latencies(t, api, n)
		var slow []int
		for i, d := range first {
			switch d {
			case lat:
			case 10 * lat:
				slow = append(slow, i)
			default:
				t.Fatalf("slot 0/%d took %v, want %v or ten times that", i, d, lat)
			}
		}
		// 1% of 2,000 is 20 ± 4.4 (binomial): 8 to 35 is beyond 2.5 sigmas.
		if len(slow) < 8 || len(slow) > 35 {
			t.Errorf("%d slow answers of %d, want about 1%%", len(slow), n)
		}
		api.Reset()
		again, _ := latencies(t, api, n)
		for i := range first {
			if again[i] != first[i] {
				t.Fatalf("slot 0/%d took %v, then %v after a reset: the tail is not a function of the seed and slot", i, first[i], again[i])
			}
		}
		// No reset: each slot's second attempt draws anew.
		second, _ := latencies(t, api, n)
		stillSlow := 0
		for _, i := range slow {
			if second[i] != lat {
				stillSlow++
			}
		}
		if stillSlow > 2 {
			t.Errorf("%d of the %d slow slots were slow on their second attempt too", stillSlow, len(slow))
		}
		plain, plainBodies := latencies(t, newAPI(t, apisim.Config{Seed: 4, Latency: lat}), n)
		for i := range plain {
			if plain[i] != lat || plainBodies[i] != bodies[i] {
				t.Fatalf("slot 0/%d: without a tail %v and %.40q; with one %.40q", i, plain[i], plainBodies[i], bodies[i])
			}
		}
	})
}

package limits

import "testing"

func TestBadValues(t *testing.T) {
	for _, cfg := range []map[string]string{
		{KeyIterations: "x", KeyRequests: "30"},
		{KeyIterations: "-5", KeyRequests: "30"},
		{KeyIterations: "0", KeyRequests: "30"},
		{KeyIterations: "99999999999999999999", KeyRequests: "30"},
		{KeyRequests: "30"},
	} {
		get := func(k string) string { return cfg[k] }
		if _, ok := IOTotal(get); ok {
			t.Errorf("IOTotal(%v) ok", cfg)
		}
		if _, ok := IOScaling(get, 4); ok {
			t.Errorf("IOScaling(%v) ok", cfg)
		}
	}
	get := func(k string) string {
		return map[string]string{KeyIterations: "5", KeyRequests: "30", KeyThrottleRate: "NaN", KeyThrottleBurst: "10", KeyLatency: "soon"}[k]
	}
	if _, ok := IOThrottledFloor(get); ok {
		t.Error("IOThrottledFloor with a NaN rate ok")
	}
	if _, ok := Latency(get); ok {
		t.Error("Latency of \"soon\" ok")
	}
	if _, ok := IOScaling(get, 0); ok {
		t.Error("IOScaling with 0 workers ok")
	}
	if d, ok := Latency(func(string) string { return "20ms" }); !ok || d.Milliseconds() != 20 {
		t.Errorf("Latency = %v, %v", d, ok)
	}
	// A burst larger than the run leaves no floor.
	big := func(k string) string {
		return map[string]string{KeyIterations: "2", KeyRequests: "10", KeyThrottleRate: "200", KeyThrottleBurst: "20"}[k]
	}
	if d, ok := IOThrottledFloor(big); !ok || d != 0 {
		t.Errorf("floor with burst ≥ total = %v, %v; want 0", d, ok)
	}
}

package iobound_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/fanout"
	"github.com/concbench/concbench/impl/iobound"
)

// fastPolicy retries quickly, so fault tests finish in well under a second.
var fastPolicy = iobound.RetryPolicy{
	Timeout:       300 * time.Millisecond,
	MaxAttempts:   8,
	MaxThrottled:  30,
	BaseDelay:     time.Millisecond,
	MaxDelay:      10 * time.Millisecond,
	MaxRetryAfter: 5 * time.Second,
}

func smallConfig(t testing.TB) iobound.Config {
	cfg := iobound.DefaultConfig
	cfg.Policy = fastPolicy
	if testing.Short() {
		cfg.Iterations, cfg.Requests = 3, 10
	}
	cfg.OutDir = t.TempDir()
	return cfg
}

// apiFronts are the two front ends every behaviour is checked on.
var apiFronts = []string{"mock", "local"}

// newTarget serves api on the named front end.
func newTarget(t testing.TB, front string, api *apisim.API) *iobound.Target {
	t.Helper()
	switch front {
	case "mock":
		return iobound.MockTarget(api)
	case "local":
		srv := httptest.NewServer(api.Handler())
		tg, err := iobound.HTTPTarget("local", srv.URL, iobound.TransportTuned, 64)
		if err != nil {
			t.Fatal(err)
		}
		cfg := api.Config()
		tg.Rate, tg.Burst = cfg.Rate, cfg.Burst
		t.Cleanup(func() { tg.Close(); srv.CloseClientConnections(); srv.Close() })
		return tg
	}
	t.Fatalf("unknown front end %q", front)
	return nil
}

func newAPI(t testing.TB, cfg apisim.Config) *apisim.API {
	t.Helper()
	api, err := apisim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// readFiles returns the content of every results file in dir, by name.
func readFiles(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		files[e.Name()] = b
	}
	return files
}

// reference runs sequential on a fault-free, zero-latency mock with the same
// seed and returns its files.
func reference(t testing.TB, seed uint64, cfg iobound.Config) map[string][]byte {
	t.Helper()
	cfg.OutDir = t.TempDir()
	_, err := iobound.Run(context.Background(), iobound.Each{Fanout: fanout.Sequential{}}, iobound.MockTarget(newAPI(t, apisim.Config{Seed: seed})), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return readFiles(t, cfg.OutDir)
}

func sameFiles(t testing.TB, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got files %v, want %v", keys(got), keys(want))
	}
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Fatalf("missing %s (have %v)", name, keys(got))
		}
		if !bytes.Equal(g, w) {
			t.Fatalf("%s differs from sequential's:\n got %.200s…\nwant %.200s…", name, g, w)
		}
	}
}

func keys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// checkServedLog proves nothing was lost or counted twice: every slot has at
// least one delivered 200 in the API's log, all delivered answers of a slot
// carry the same strings, and the multiset of the slots' strings equals the
// final file's data.
func checkServedLog(t testing.TB, api *apisim.API, cfg iobound.Config, data []string) {
	t.Helper()
	bySlot := map[string][]string{}
	for _, r := range api.Log() {
		if !r.Delivered() {
			continue
		}
		if prev, ok := bySlot[r.Slot]; ok && !slices.Equal(prev, r.Strings) {
			t.Fatalf("slot %s served two different answers", r.Slot)
		}
		bySlot[r.Slot] = r.Strings
	}
	if len(bySlot) != cfg.Total() {
		t.Fatalf("served log has %d delivered slots, want %d", len(bySlot), cfg.Total())
	}
	var served []string
	for _, strs := range bySlot {
		served = append(served, strs...)
	}
	got := slices.Clone(data)
	slices.Sort(served)
	slices.Sort(got)
	if !slices.Equal(served, got) {
		t.Fatalf("final data (%d strings) is not the multiset of served strings (%d)", len(got), len(served))
	}
}

func dataOf(t testing.TB, files map[string][]byte, cfg iobound.Config) []string {
	t.Helper()
	b := files[iobound.FileName(cfg.Iterations-1)]
	i := bytes.Index(b, []byte(`"data":[`))
	j := bytes.Index(b, []byte(`],"counts"`))
	if i < 0 || j < 0 {
		t.Fatalf("final file has no data: %.100s", b)
	}
	var out []string
	for _, s := range strings.Split(string(b[i+len(`"data":[`):j]), ",") {
		out = append(out, strings.Trim(s, `"`))
	}
	return out
}

// runChecked runs strategy s against api on the named front end, into a fresh
// directory, and checks that its files equal want and that the served log
// shows nothing lost or counted twice.
func runChecked(t *testing.T, s iobound.Strategy, front string, api *apisim.API, cfg iobound.Config, want map[string][]byte) *iobound.Summary {
	t.Helper()
	cfg.OutDir = t.TempDir()
	sum, err := iobound.Run(context.Background(), s, newTarget(t, front, api), cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := readFiles(t, cfg.OutDir)
	sameFiles(t, got, want)
	checkServedLog(t, api, cfg, dataOf(t, got, cfg))
	return sum
}

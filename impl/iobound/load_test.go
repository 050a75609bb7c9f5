package iobound_test

import (
	"context"
	"net"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/iobound"
)

// openFDs counts this process's open file descriptors, or returns -1 where
// /proc is not available.
func openFDs() int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(entries)
}

// TestLoad: the project's own client sends thousands of requests at
// concurrency 256 to a served instance (apisim.NewServer on loopback): no
// error, every answer delivered exactly once and received intact, and the
// open file descriptors back to their starting level afterwards. The figure
// (req/s) is BenchmarkLoad's, in package bench.
func TestLoad(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 3000
	}
	before := openFDs()
	api := newAPI(t, apisim.Config{Seed: 11})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := apisim.NewServer(ln.Addr().String(), api.Handler(), time.Second)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	tg, err := iobound.HTTPTarget("local", "http://"+ln.Addr().String(), iobound.TransportTuned, 256)
	if err != nil {
		t.Fatal(err)
	}
	c := iobound.NewClient(tg.HTTP, tg.BaseURL, apisim.DefaultParams, iobound.DefaultRetryPolicy)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res := iobound.Load(ctx, c, n, 256)
	if res.Requests != n || res.Errors != 0 {
		t.Fatalf("%d of %d requests sent, %d errors (first: %v)", res.Requests, n, res.Errors, res.FirstErr)
	}
	if r := c.Stats.Retries.Load(); r != 0 {
		t.Errorf("%d retries against a fault-free server", r)
	}
	// Every answer served once and received as served.
	log := api.Log()
	if len(log) != n {
		t.Errorf("server logged %d responses for %d requests", len(log), n)
	}
	bySlot := map[string][]string{}
	for _, r := range log {
		if !r.Delivered() {
			t.Fatalf("undelivered response %+v", r)
		}
		if _, dup := bySlot[r.Slot]; dup {
			t.Fatalf("slot %s served twice", r.Slot)
		}
		bySlot[r.Slot] = r.Strings
	}
	for i, strs := range res.Delivered {
		if want := bySlot[iobound.Slot{Request: i}.String()]; !slices.Equal(strs, want) {
			t.Fatalf("request %d received %v, server sent %v", i, strs, want)
		}
	}
	tg.Close()
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if err := srv.Shutdown(sctx); err != nil {
		t.Fatal(err)
	}
	<-done
	if before < 0 {
		t.Log("no /proc/self/fd: file descriptors not checked")
		return
	}
	deadline := time.Now().Add(5 * time.Second)
	for openFDs() > before && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
	}
	if after := openFDs(); after > before {
		t.Errorf("%d file descriptors open before the load, %d after", before, after)
	}
}

package bench

import (
	"context"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/iobound"
)

// BenchmarkLoad is the load test: the project's own client sends 20,000
// requests (2,000 under -short) at concurrency 256 to a served instance on
// loopback, with no API latency, so req/s is what client and server manage
// together. Every run must end with zero errors and every response delivered
// once; afterwards the process's open file descriptors must be back where
// they started.
func BenchmarkLoad(b *testing.B) {
	n, conc := 20000, 256
	if scale() == ScaleShort {
		n = 2000
	}
	b.Run("api=local/requests="+strconv.Itoa(n)+"/concurrency="+strconv.Itoa(conc), func(b *testing.B) {
		before := countFDs()
		api, err := apisim.New(apisim.Config{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		srv := apisim.NewServer(ln.Addr().String(), api.Handler(), time.Second)
		done := make(chan struct{})
		go func() { defer close(done); srv.Serve(ln) }()
		t, err := iobound.HTTPTarget("local", "http://"+ln.Addr().String(), iobound.TransportTuned, conc)
		if err != nil {
			b.Fatal(err)
		}
		c := iobound.NewClient(t.HTTP, t.BaseURL, apisim.DefaultParams, iobound.DefaultRetryPolicy)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			api.Reset()
			b.StartTimer()
			res := iobound.Load(ctx, c, n, conc)
			if res.Errors != 0 || res.Requests != n {
				b.Fatalf("%d errors in %d of %d requests (first: %v)", res.Errors, res.Requests, n, res.FirstErr)
			}
			if st := api.Stats(); st.Delivered != n || st.Requests != n {
				b.Fatalf("server served %d and delivered %d responses for %d requests", st.Requests, st.Delivered, n)
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "req/s")
		b.StopTimer()
		t.Close()
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		srv.Shutdown(sctx)
		<-done
		if before >= 0 {
			deadline := time.Now().Add(5 * time.Second)
			for countFDs() > before && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if after := countFDs(); after > before {
				b.Fatalf("%d file descriptors open before the load, %d after", before, after)
			}
		}
	})
}

// countFDs counts the open file descriptors, or returns -1 without /proc.
func countFDs() int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(entries)
}

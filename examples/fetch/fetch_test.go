package fetch

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/concbench/concbench/impl/fanout"
)

// The job: n items, each a GET to a service that answers after latency
// with a body of size bytes, then SHA-256 of the body.
const (
	n       = 128
	latency = 2 * time.Millisecond
	size    = 32 << 10
)

// BenchmarkFetch runs the job under every strategy of impl/fanout, the
// pools and errgroup at 4, 16 and 64 workers, and reports each one's time,
// per-piece latency (p50, p99, max), peak goroutines, B/op and allocs/op.
func BenchmarkFetch(b *testing.B) {
	items, short := n, testing.Short()
	if short {
		items = 8
	}
	body := make([]byte, size)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(size))
		w.Write(body)
	}))
	defer srv.Close()
	// A transport with an idle connection per concurrent request: Go's
	// default keeps 2 per host and would open a new one for nearly every
	// request of the wider strategies.
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: items}}
	defer client.CloseIdleConnections()
	sums := make([][sha256.Size]byte, items)
	fanout.Benchmark(b, items, func(ctx context.Context, i int) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/item/%d", srv.URL, i), nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		h := sha256.New()
		if _, err := io.Copy(h, resp.Body); err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
		h.Sum(sums[i][:0])
		return nil
	}, fanout.BenchOptions{
		Workers: []int{4, 16, 64},
		Floor:   latency,
		Config:  []fanout.ConfigLine{{Key: "job", Value: "fetch+sha256"}, {Key: "body-size", Value: strconv.Itoa(size)}},
	})
}

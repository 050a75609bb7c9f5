package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
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
	items := n
	if testing.Short() {
		items = 8
	}
	piece, _ := job(b, items)
	fanout.Benchmark(b, items, piece, fanout.BenchOptions{
		Workers: []int{4, 16, 64},
		Floor:   latency,
		Config:  []fanout.ConfigLine{{Key: "job", Value: "fetch+sha256"}, {Key: "body-size", Value: strconv.Itoa(size)}},
	})
}

// TestFetchEveryStrategy: every strategy computes the same sum for every
// item as Sequential does, and a failed answer is an error naming its item.
func TestFetchEveryStrategy(t *testing.T) {
	const items = 16
	var want [][sha256.Size]byte
	for _, s := range append([]fanout.Strategy{fanout.Sequential{}}, fanout.Strategies...) {
		piece, sums := job(t, items)
		if err := s.Run(context.Background(), items, piece); err != nil {
			t.Fatalf("%s: %v", s.Name(), err)
		}
		if want == nil {
			want = slices.Clone(sums)
			continue
		}
		if !slices.Equal(sums, want) {
			t.Errorf("%s: sums differ from sequential's", s.Name())
		}
	}
	piece, _ := job(t, items)
	if err := piece(context.Background(), items+1); err == nil || err.Error() != fmt.Sprintf("item %d: 404 Not Found", items+1) {
		t.Errorf("an item the service does not have: %v", err)
	}
}

// job starts the service and returns the job's piece, which fetches item
// i and puts the SHA-256 of its body in sums[i]. The service answers
// after latency with size bytes that depend on the item, and 404 for an
// item past the last.
func job(tb testing.TB, items int) (fanout.Piece, [][sha256.Size]byte) {
	bodies := make([][]byte, items) // made once: the service allocates nothing per answer
	for i := range bodies {
		bodies[i] = make([]byte, size)
		binary.LittleEndian.PutUint64(bodies[i], uint64(i))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/item/"))
		if err != nil || i < 0 || i >= items {
			http.NotFound(w, r)
			return
		}
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(size))
		w.Write(bodies[i])
	}))
	tb.Cleanup(srv.Close)
	// A transport with an idle connection per concurrent request: Go's
	// default keeps 2 per host and would open a new one for nearly every
	// request of the wider strategies.
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: items}}
	tb.Cleanup(client.CloseIdleConnections)
	sums := make([][sha256.Size]byte, items)
	return func(ctx context.Context, i int) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/item/%d", srv.URL, i), nil)
		if err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
		resp, err := client.Do(req)
		if err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("item %d: %s", i, resp.Status)
		}
		h := sha256.New()
		if _, err := io.Copy(h, resp.Body); err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
		h.Sum(sums[i][:0])
		return nil
	}, sums
}

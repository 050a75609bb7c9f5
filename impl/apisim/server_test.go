package apisim_test

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/impl/apisim"
)

// TestServerBounds: a server from NewServer refuses oversized headers and
// bodies, and drops a client that never finishes its request headers.
func TestServerBounds(t *testing.T) {
	api := newAPI(t, apisim.Config{Seed: 1})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := apisim.NewServer(ln.Addr().String(), api.Handler(), time.Second)
	srv.ReadHeaderTimeout = 200 * time.Millisecond // as NewServer's, shorter for the test
	done := make(chan struct{})
	go func() { defer close(done); srv.Serve(ln) }()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
	}()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()

	req, _ := http.NewRequest("GET", base+apisim.Path, nil)
	req.Header.Set("X-Padding", strings.Repeat("x", 2*apisim.MaxHeaderBytes))
	if resp, err := client.Do(req); err != nil || resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("oversized header: %v %v, want 431", resp, err)
	} else {
		resp.Body.Close()
	}

	req, _ = http.NewRequest("GET", base+apisim.Path, strings.NewReader(strings.Repeat("x", 4096)))
	if resp, err := client.Do(req); err != nil || resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %v %v, want 413", resp, err)
	} else {
		resp.Body.Close()
	}

	// A client that sends half a request line and stalls is cut off.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("GET " + apisim.Path + " HTTP/1.1\r\nHost: x\r\n"))
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	buf := make([]byte, 512)
	for {
		if _, err := conn.Read(buf); err != nil {
			break
		}
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("stalled client held its connection for %v", d)
	}
	if n := api.Stats().Requests; n != 0 {
		t.Errorf("the API model served %d requests; none of these should reach it", n)
	}
}

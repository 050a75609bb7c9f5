package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/concbench/concbench/impl/apisim"
)

func serveFlags(fs *flag.FlagSet) func(context.Context, []string, io.Writer, io.Writer) error {
	var sim simFlags
	sim.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (loopback unless you name another)")
	verbose := fs.Bool("v", false, "log one line per request to stderr")
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) > 0 {
			return usagef("serve: unexpected argument %q (see concbench help serve)", args[0])
		}
		cfg, err := sim.config("serve", fs)
		if err != nil {
			return err
		}
		_, port, err := net.SplitHostPort(*addr)
		if err != nil {
			return usagef("serve: -addr %q: %v", *addr, unwrapAddr(err))
		}
		if n, err := strconv.Atoi(port); err == nil && (n < 0 || n > 65535) { // a name (":http") is the system's to resolve
			return usagef("serve: -addr %q: port %s is not in [0, 65535]", *addr, port)
		}
		cfg.DisableLog = true // a long-running server keeps counts, not every response
		return serve(ctx, cfg, *addr, *verbose, stdout, stderr)
	}
}

func serve(ctx context.Context, cfg apisim.Config, addr string, verbose bool, stdout, stderr io.Writer) error {
	api, err := apisim.New(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: listening on %s: %w", addr, unwrapOp(err))
	}
	var h http.Handler = api.Handler()
	if verbose {
		h = logRequests(h, log.New(stderr, "", log.LstdFlags|log.Lmicroseconds))
	}
	srv := apisim.NewServer(ln.Addr().String(), h, cfg.MaxHang)
	srv.ErrorLog = log.New(io.Discard, "", 0) // aborted connections are injected faults, not news
	fmt.Fprintf(stdout, "serving the random-string API at http://%s%s (%s)\n", ln.Addr(), apisim.Path, describeSim(cfg))
	if !apisim.IsLoopback(ln.Addr().String()) {
		fmt.Fprintf(stderr, "concbench serve: listening on %s, which is reachable from the network\n", ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Finish the requests in flight; hangs, which never would, end with a 503.
	api.Stop()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	<-errc
	st := api.Stats()
	fmt.Fprintf(stdout, "shut down after %d requests (%d delivered)\n", st.Requests, st.Delivered)
	return nil
}

// logRequests logs one line per request: method, URI, slot, status and time.
func logRequests(h http.Handler, l *log.Logger) http.Handler {
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		id := n.Add(1)
		defer func() {
			status := fmt.Sprint(rec.status)
			v := recover()
			if v != nil {
				status = "connection closed"
			} else if rec.status == 0 {
				status = "client gone"
			}
			l.Printf("#%d %s %s slot=%q → %s in %v", id, r.Method, r.URL.RequestURI(), r.Header.Get(apisim.SlotHeader), status, time.Since(start).Round(time.Microsecond))
			if v != nil {
				panic(v)
			}
		}()
		h.ServeHTTP(rec, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// unwrapOp drops the *net.OpError wrapper, whose text repeats the address.
func unwrapOp(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) {
		return oe.Err
	}
	return err
}

// unwrapAddr drops the *net.AddrError wrapper, whose text repeats the address.
func unwrapAddr(err error) string {
	var ae *net.AddrError
	if errors.As(err, &ae) {
		return ae.Err
	}
	return err.Error()
}

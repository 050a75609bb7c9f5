package apisim

import (
	"net"
	"net/http"
	"strconv"
	"time"
)

// Handler returns the API as a net/http handler: GET (and HEAD) on Path; 404
// for any other path, 405 for any other method, both with a JSON error.
func (a *API) Handler() http.Handler {
	return http.HandlerFunc(a.serveHTTP)
}

// allow is the Allow header of a 405.
const allow = "GET, HEAD"

// maxBody bounds the body a request may carry; the API reads none.
const maxBody = 1 << 10

func (a *API) serveHTTP(w http.ResponseWriter, req *http.Request) {
	if req.ContentLength > maxBody {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		w.Write(errorResponse(http.StatusRequestEntityTooLarge, "request body too large").body)
		return
	}
	r := a.serve(req.Context(), req.Method, req.URL.Path, req.URL.Query(), req.Header.Get(SlotHeader))
	switch {
	case r.fault == FaultDrop:
		panic(http.ErrAbortHandler) // the server closes the connection, no response
	case r.status == 0:
		return // the client is gone
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(r.body)))
	if r.retryAfter != "" {
		h.Set("Retry-After", r.retryAfter)
	}
	if r.status == http.StatusMethodNotAllowed {
		h.Set("Allow", allow)
	}
	w.WriteHeader(r.status)
	if req.Method == http.MethodHead {
		return
	}
	if r.fault == FaultTruncated {
		w.Write(r.body[:len(r.body)/2])
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler) // close mid-body: the client sees an unexpected EOF
	}
	w.Write(r.body)
}

// Server timeouts for NewServer.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	IdleTimeout       = 2 * time.Minute
	MaxHeaderBytes    = 16 << 10
)

// NewServer returns an http.Server for h on addr with every timeout set and
// the request header size bounded. The write timeout leaves room for the
// latency and for a hang of up to maxHang.
func NewServer(addr string, h http.Handler, maxHang time.Duration) *http.Server {
	if maxHang <= 0 {
		maxHang = time.Minute
	}
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      maxHang + 30*time.Second,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
}

// IsLoopback reports whether addr (host:port) names a loopback host:
// localhost or a loopback IP. An empty host (":8080") binds every interface
// and is not loopback.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

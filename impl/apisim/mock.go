package apisim

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"syscall"

	"github.com/jarcoal/httpmock"
)

// MockBaseURL is the base URL the mock front end answers on.
const MockBaseURL = "http://apisim.mock"

// ErrDropped is the error a client sees when the mock drops the connection:
// a connection reset, as over a real socket.
var ErrDropped = fmt.Errorf("injected drop: %w", syscall.ECONNRESET)

// MockTransport returns a new httpmock transport that answers every request
// from the API, in process, without sockets. Each call returns a transport of
// its own: httpmock's global Activate is never used, so parallel tests and
// benchmarks cannot see each other's responders.
func (a *API) MockTransport() *httpmock.MockTransport {
	t := httpmock.NewMockTransport()
	t.RegisterResponder(http.MethodGet, MockBaseURL+Path, a.mockRespond)
	t.RegisterNoResponder(a.mockRespond) // 404 and 405 come from the model too
	return t
}

func (a *API) mockRespond(req *http.Request) (*http.Response, error) {
	r := a.serve(req.Context(), req.Method, req.URL.Path, req.URL.Query(), req.Header.Get(SlotHeader))
	switch {
	case r.fault == FaultDrop:
		return nil, ErrDropped
	case r.status == 0: // the client gave up while the API waited
		if err := req.Context().Err(); err != nil {
			return nil, err
		}
		return nil, ErrDropped
	}
	resp := httpmock.NewBytesResponse(r.status, r.body)
	resp.Status = strconv.Itoa(r.status) + " " + http.StatusText(r.status)
	resp.Header.Set("Content-Type", "application/json")
	if r.retryAfter != "" {
		resp.Header.Set("Retry-After", r.retryAfter)
	}
	if r.status == http.StatusMethodNotAllowed {
		resp.Header.Set("Allow", allow)
	}
	resp.ContentLength = int64(len(r.body))
	if r.fault == FaultTruncated {
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(r.body[:len(r.body)/2]), errReader{io.ErrUnexpectedEOF}))
	}
	if req.Method == http.MethodHead {
		resp.Body = http.NoBody
	}
	return resp, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

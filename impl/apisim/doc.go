// Package apisim models the random-string API that the IO task calls:
//
//	GET {base}/api/v1.0/randomstring?min=5&max=20&count=5
//	→ 200 ["AVWRzUqfgqcCrA", "vHDoiLKyCLfNA", …]
//
// One model, two front ends. The model (API) validates parameters (400 with a
// JSON error), throttles with a token bucket (429 with Retry-After), waits a
// latency with jitter (and optionally a tail: a share of the answers several
// times slower, see Tail) that honours the request's context, injects faults
// each with its own probability (429, 500, 503, malformed JSON, truncated
// body, dropped connection, hang), and records every response it serves in a
// log.
// MockTransport is the first front end: an httpmock transport, in process,
// no sockets. Handler is the second: a net/http handler for a real server on
// loopback (httptest in tests and benchmarks, NewServer for `concbench serve`).
//
// With a seed, the content of a response is a function of (seed, slot), where
// the slot is the X-Concbench-Slot header the client sends ("3/17": iteration
// 3, request 17), and fault, latency and tail draws are a function of (seed,
// slot, attempt). So every concurrency strategy receives byte-identical data,
// however it orders its requests. A request without the header gets a slot from an
// arrival counter.
package apisim

package apisim

import (
	"net/http"
	"time"
)

// Served is the record of one response the API served (or began to serve).
type Served struct {
	Seq     int      `json:"seq"`     // the order the response was recorded in, from 1
	Slot    string   `json:"slot"`    // the client's slot, or "#<arrival>" without one
	Attempt int      `json:"attempt"` // how many earlier requests had this slot; -1 for 404/405
	Status  int      `json:"status"`  // HTTP status; 0 when no response was delivered
	Fault   Fault    `json:"fault"`   // the fault injected, if any
	Strings []string `json:"strings,omitempty"`
	// At is when the response was served.
	At time.Time `json:"at"`
}

// Delivered reports whether the record is a complete 200 response whose strings
// a client received: not a fault, not cancelled.
func (s Served) Delivered() bool {
	return s.Status == http.StatusOK && s.Fault == NoFault
}

// record appends the response to the served log and returns it.
func (a *API) record(slot string, attempt int, r response, strs []string) response {
	a.mu.Lock()
	defer a.mu.Unlock()
	status := r.status
	if r.fault == FaultDrop {
		status = 0
	}
	rec := Served{
		Seq:     a.stats.Requests + 1,
		Slot:    slot,
		Attempt: attempt,
		Status:  status,
		Fault:   r.fault,
		Strings: strs,
		At:      time.Now(),
	}
	a.stats.add(rec)
	if !a.cfg.DisableLog {
		a.log = append(a.log, rec)
	}
	return r
}

// Log returns a copy of the served log, in the order responses were served.
func (a *API) Log() []Served {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]Served(nil), a.log...)
}

// Absorb appends records served elsewhere, by the API of a child process
// built from the same Config, to this API's log.
func (a *API) Absorb(recs []Served) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, r := range recs {
		r.Seq = a.stats.Requests + 1
		a.stats.add(r)
		if !a.cfg.DisableLog {
			a.log = append(a.log, r)
		}
	}
}

// Stats counts the responses an API served.
type Stats struct {
	Requests  int           // responses served or begun
	Delivered int           // complete 200 responses
	ByStatus  map[int]int   // count per HTTP status (0: no response)
	ByFault   map[Fault]int // count per injected fault
}

func (s *Stats) add(r Served) {
	s.Requests++
	s.ByStatus[r.Status]++
	if r.Fault != NoFault {
		s.ByFault[r.Fault]++
	}
	if r.Delivered() {
		s.Delivered++
	}
}

// Stats returns counts over every response served since the last Reset (kept
// even when the log is disabled).
func (a *API) Stats() Stats {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := Stats{Requests: a.stats.Requests, Delivered: a.stats.Delivered, ByStatus: map[int]int{}, ByFault: map[Fault]int{}}
	for k, v := range a.stats.ByStatus {
		s.ByStatus[k] = v
	}
	for k, v := range a.stats.ByFault {
		s.ByFault[k] = v
	}
	return s
}

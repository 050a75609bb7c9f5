package iobound

import (
	"context"
	"math"
	"sync"

	"github.com/concbench/concbench/impl/fanout"
)

// Hedged sends every request at once, as goroutines does, and hedges the
// slow ones as "The Tail at Scale" (Dean and Barroso, 2013) describes: a
// request still unanswered after the 95th percentile of the latencies sends
// a second copy of itself, and the first answer wins; the other copy is
// cancelled and its answer, if it comes, is dropped. A slot is so
// delivered once, whichever copy answered: the API answers both with the
// same strings (its content is a function of the slot), and a hedge
// draws its own latency (another attempt at the slot).
//
// The p95 is that of this run's own latencies, not of a warm-up: since
// every request starts at once, it is the time by which 95% of them
// (⌈0.95·n⌉ of n) have answered, known at that moment; every request still
// waiting then has waited longer than it, and sends its second copy at
// once. So about 5% of the requests are hedged, one copy each, and none of
// a run of fewer than 20 requests (95% of them is all of them). A copy
// that fails after the retry policy's retries fails the request only if
// the other has failed too. Summary.Hedges counts the second copies; they
// are among the requests.
type Hedged struct{}

var _ Strategy = Hedged{}

// Name returns "hedged".
func (Hedged) Name() string { return "hedged" }

// Run fetches every slot at once, hedging the slowest.
func (Hedged) Run(ctx context.Context, j *Job) error {
	slots := j.Slots()
	h := newHedger(len(slots))
	return fanout.Goroutines{}.Run(ctx, len(slots), func(ctx context.Context, i int) error {
		strs, err := h.fetch(ctx, j, slots[i])
		if err != nil {
			return err
		}
		return j.Deliver(slots[i], strs)
	})
}

// A hedger tells the requests of a run when the p95 of their latencies has
// passed.
type hedger struct {
	mu       sync.Mutex
	need     int           // answers that make 95% of the requests
	answered int           // requests answered so far
	p95      chan struct{} // closed when answered reaches need
}

func newHedger(n int) *hedger {
	return &hedger{need: int(math.Ceil(0.95 * float64(n))), p95: make(chan struct{})}
}

// answer records a request answered.
func (h *hedger) answer() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.answered++
	if h.answered == h.need {
		close(h.p95)
	}
}

// fetch fetches slot with the job's client, and a second copy of the
// request if the p95 passes before an answer; it returns the first answer
// and, once the other copy has returned, cancelled, its own.
func (h *hedger) fetch(ctx context.Context, j *Job, slot Slot) ([]string, error) {
	j.markStarted(slot.Iteration)
	ctx, cancel := context.WithCancel(ctx)
	type answer struct {
		strs []string
		err  error
	}
	answers := make(chan answer, 2)
	var wg sync.WaitGroup
	defer func() {
		cancel() // the copy still in flight, if any, loses
		wg.Wait()
	}()
	send := func() {
		wg.Go(func() {
			strs, err := j.client.Fetch(ctx, slot)
			answers <- answer{strs, err}
		})
	}
	send()
	inflight, p95 := 1, h.p95
	for {
		select {
		case a := <-answers:
			inflight--
			if a.err == nil {
				h.answer()
				if j.cfg.OnRequest != nil {
					j.cfg.OnRequest(slot)
				}
				return a.strs, nil
			}
			if inflight == 0 {
				return nil, a.err
			}
		case <-p95:
			p95 = nil
			j.client.Stats.Hedges.Add(1)
			send()
			inflight++
		}
	}
}

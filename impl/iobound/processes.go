package iobound

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/childproc"
	"github.com/concbench/concbench/impl/fanout"
)

// Processes runs each iteration in a child process (this executable re-run in
// worker mode, see package childproc), all iterations at once (at most
// MaxChildren at a time); inside a child the iteration's requests run
// concurrently (fanout.Goroutines). Strings come back to the parent
// as JSON: Python's multiprocessing. Against the in-process mock, each child
// builds its own mock from the same configuration (so the content is the
// same); the throttle's rate and burst are split evenly between the children,
// and their served logs are merged into the parent's.
type Processes struct{}

var _ Strategy = Processes{}

// Name returns "processes".
func (Processes) Name() string { return contract.StrategyProcesses }

const childName = "iobound.iteration"

// MaxChildren bounds the child processes Processes runs at once.
const MaxChildren = 32

func init() { childproc.Handle(childName, runChild) }

// childInput is what a child process needs to fetch one iteration.
type childInput struct {
	Iteration int
	Requests  int
	Params    apisim.Params
	Policy    RetryPolicy
	BaseURL   string         `json:",omitempty"`
	Transport TransportKind  `json:",omitempty"`
	Mock      *apisim.Config `json:",omitempty"`
}

type childOutput struct {
	Strings                      [][]string
	Requests, Retries, Throttled int64
	Served                       []apisim.Served `json:",omitempty"`
}

// Run starts one child per iteration and delivers what each returns.
func (Processes) Run(ctx context.Context, j *Job) error {
	cfg := j.Config()
	t := j.Target()
	in := childInput{Requests: cfg.Requests, Params: cfg.Params, Policy: cfg.Policy}
	if m := t.Mock(); m != nil {
		mc := m.Config()
		if mc.Rate > 0 {
			mc.Rate /= float64(cfg.Iterations)
			mc.Burst = max(1, mc.Burst/cfg.Iterations)
		}
		in.Mock = &mc
	} else {
		in.BaseURL, in.Transport = t.BaseURL, t.Transport()
	}
	// At most MaxChildren at once; the first failure kills the others.
	return fanout.Errgroup{Workers: MaxChildren}.Run(ctx, cfg.Iterations, func(ctx context.Context, it int) error {
		in := in
		in.Iteration = it
		j.markStarted(it)
		var out childOutput
		if err := childproc.Run(ctx, childName, in, &out, childproc.Options{}); err != nil {
			return fmt.Errorf("iteration %d: %w", it, err)
		}
		if len(out.Strings) != cfg.Requests {
			return fmt.Errorf("iteration %d: child returned %d requests, want %d", it, len(out.Strings), cfg.Requests)
		}
		st := j.Client().Stats
		st.Requests.Add(out.Requests)
		st.Retries.Add(out.Retries)
		st.Throttled.Add(out.Throttled)
		if m := t.Mock(); m != nil {
			m.Absorb(out.Served)
		}
		for r, strs := range out.Strings {
			s := Slot{it, r}
			// The child checked each response; check again what crossed the pipe.
			if _, err := DecodeStrings(mustJSON(strs), cfg.Params); err != nil {
				return fmt.Errorf("iteration %d: child's slot %s: %v", it, s, err)
			}
			if err := j.Deliver(s, strs); err != nil {
				return err
			}
			if cfg.OnRequest != nil {
				cfg.OnRequest(s)
			}
		}
		return nil
	})
}

// runChild fetches one iteration, every request at once, in a child process.
func runChild(ctx context.Context, raw []byte) (any, error) {
	var in childInput
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, fmt.Errorf("decoding input: %w", err)
	}
	var t *Target
	var api *apisim.API
	if in.Mock != nil {
		var err error
		if api, err = apisim.New(*in.Mock); err != nil {
			return nil, err
		}
		t = MockTarget(api)
	} else {
		var err error
		if t, err = HTTPTarget("child", in.BaseURL, in.Transport, in.Requests); err != nil {
			return nil, err
		}
	}
	defer t.Close()
	c := NewClient(t.HTTP, t.BaseURL, in.Params, in.Policy)
	var out childOutput
	var err error
	out.Strings, err = fanout.Map(ctx, fanout.Goroutines{}, in.Requests, func(ctx context.Context, r int) ([]string, error) {
		return c.Fetch(ctx, Slot{in.Iteration, r})
	})
	out.Requests, out.Retries, out.Throttled = c.Stats.Requests.Load(), c.Stats.Retries.Load(), c.Stats.Throttled.Load()
	if err != nil {
		return nil, err
	}
	if api != nil {
		out.Served = api.Log()
	}
	return out, nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

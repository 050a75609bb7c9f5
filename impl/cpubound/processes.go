package cpubound

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/impl/childproc"
	"github.com/concbench/concbench/impl/fanout"
)

// Processes splits the exponents between Workers child processes (the seed's
// multiprocessing): the current executable re-run in worker mode through
// package childproc, each child checking its share sequentially and sending
// its results back as JSON. Exponents are dealt out round-robin (child j of k
// gets exponents j, j+k, …) so that on a workload sorted by size every child
// gets a similar mix. Compared with Pool it adds a process start, JSON both
// ways and no sharing of memory. The first error kills the other children.
//
// The executable must call childproc.Main first thing in main or TestMain.
// Processes supports the checkers of this package (Trial, TrialKP and
// LucasLehmer with any reduction), which it can name to a child.
type Processes struct {
	// Workers is the number of child processes; zero or less means
	// GOMAXPROCS.
	Workers int
}

var (
	_ Strategy                  = Processes{}
	_ fanout.Settable[Strategy] = Processes{}
)

// handlerName is the childproc handler that runs a share of the work.
const handlerName = "cpubound.check"

func init() { childproc.Handle(handlerName, serveChild) }

// childJob is a child's input.
type childJob struct {
	Checker   string    `json:"checker"`
	Reduce    Reduction `json:"reduce,omitempty"`
	Exponents []int     `json:"exponents"`
}

// Name returns "processes".
func (Processes) Name() string { return contract.StrategyProcesses }

// Params returns the number of children: workers=N.
func (p Processes) Params() []fanout.Param { return []fanout.Param{fanout.WorkersParam(p.Workers)} }

// With sets workers.
func (p Processes) With(key, value string) (Strategy, error) {
	n, err := fanout.OnlyWorkers(p.Name(), key, value)
	p.Workers = n
	return p, err
}

func (Processes) supports(c Checker) error {
	_, err := newChildJob(c)
	return err
}

// newChildJob describes checker c to a child.
func newChildJob(c Checker) (childJob, error) {
	switch c := c.(type) {
	case Trial, TrialKP:
		return childJob{Checker: c.Name()}, nil
	case LucasLehmer:
		return childJob{Checker: c.Name(), Reduce: c.Reduce}, nil
	}
	return childJob{}, fmt.Errorf("processes cannot pass checker %s (%T) to a child", c.Name(), c)
}

// checker returns the checker the job names.
func (j childJob) checker() (Checker, error) {
	c, err := CheckerNamed(j.Checker)
	if ll, ok := c.(LucasLehmer); ok {
		ll.Reduce = j.Reduce
		c = ll
	}
	return c, err
}

// Run checks w's exponents in child processes.
func (p Processes) Run(ctx context.Context, w Workload) ([]Result, error) {
	res, err := prepare(p, w)
	if err != nil {
		return nil, err
	}
	tmpl, err := newChildJob(w.Checker)
	if err != nil {
		return nil, err
	}
	k := min(fanout.NumWorkers(p.Workers), len(w.Exponents))
	// One goroutine per child; the first error kills the other children.
	err = fanout.Goroutines{}.Run(ctx, k, func(ctx context.Context, j int) error {
		var idx []int
		for i := j; i < len(w.Exponents); i += k {
			idx = append(idx, i)
		}
		job := tmpl
		job.Exponents = make([]int, len(idx))
		for t, i := range idx {
			job.Exponents[t] = w.Exponents[i]
		}
		var out []Result
		if err := childproc.Run(ctx, handlerName, job, &out, childproc.Options{}); err != nil {
			return err
		}
		if len(out) != len(idx) {
			return fmt.Errorf("child %s: %d results for %d exponents", handlerName, len(out), len(idx))
		}
		for t, i := range idx {
			if out[t].Exponent != w.Exponents[i] {
				return fmt.Errorf("child %s: result %d is for n=%d, want n=%d", handlerName, t, out[t].Exponent, w.Exponents[i])
			}
			out[t].Letter = w.letter(i)
			res[i] = out[t]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// serveChild is the child's side: it checks its exponents sequentially.
func serveChild(ctx context.Context, in []byte) (any, error) {
	var job childJob
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&job); err != nil {
		return nil, fmt.Errorf("decoding job: %w", err)
	}
	c, err := job.checker()
	if err != nil {
		return nil, err
	}
	return Each{fanout.Sequential{}}.Run(ctx, Workload{Name: "child", Checker: c, Exponents: job.Exponents})
}

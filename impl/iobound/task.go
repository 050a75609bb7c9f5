package iobound

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/concbench/concbench/impl/apisim"
)

// Config sizes the IO task: Iterations × Requests calls to the API.
type Config struct {
	Iterations int           // iterations, each writing results.<i>.json
	Requests   int           // requests per iteration
	Params     apisim.Params // query parameters of every request
	Policy     RetryPolicy   // the retry policy of every request
	OutDir     string        // where the result files go; created if missing
	// OnRequest, if set, is called after each request succeeds, from
	// whichever goroutine made it (progress reporting).
	OnRequest func(Slot)
}

// DefaultConfig is the seed's task: 5 iterations of 30 requests for five
// strings of 5 to 20 letters.
var DefaultConfig = Config{
	Iterations: 5,
	Requests:   30,
	Params:     apisim.DefaultParams,
	Policy:     DefaultRetryPolicy,
	OutDir:     "out",
}

// Validate reports a configuration the task cannot run.
func (c Config) Validate() error {
	switch {
	case c.Iterations < 1 || c.Iterations > 10000:
		return fmt.Errorf("iterations must be in [1, 10000], got %d", c.Iterations)
	case c.Requests < 1 || c.Requests > 100000:
		return fmt.Errorf("requests must be in [1, 100000], got %d", c.Requests)
	case c.Total() > MaxTotal:
		return fmt.Errorf("iterations × requests must be at most %d, got %d × %d", MaxTotal, c.Iterations, c.Requests)
	case c.Params.Count > 0 && c.Params.Max > 0 && int64(c.Total())*int64(c.Params.Count)*int64(c.Params.Max) > MaxLetters:
		return fmt.Errorf("iterations × requests × count × max must be at most %d letters (each is about 9 bytes in memory), got %d × %d × %d × %d",
			MaxLetters, c.Iterations, c.Requests, c.Params.Count, c.Params.Max)
	case c.OutDir == "":
		return errors.New("no output directory")
	}
	if err := c.Params.Validate(); err != nil {
		return fmt.Errorf("parameters: %w", err)
	}
	return c.Policy.Validate()
}

// MaxTotal bounds the requests of one run: every result is held in memory,
// and the final file alone holds count strings per request.
const MaxTotal = 1_000_000

// MaxLetters bounds the letters a run can fetch (requests × count × max at
// most): every result is held in memory, about 9 bytes a letter (20 ×
// 1000 × 1000 letters peaked at 179 MB), and the CPU task's exponents grow
// with the counts. It keeps a run within half a gigabyte.
const MaxLetters = 50_000_000

// Total is the number of requests in the task.
func (c Config) Total() int { return c.Iterations * c.Requests }

// IterationTime is when an iteration's first request started and when its
// result file was written, as offsets from the start of the run.
type IterationTime struct {
	Start, Done time.Duration
}

// Took is how long the iteration itself took.
func (t IterationTime) Took() time.Duration { return t.Done - t.Start }

// Summary is the outcome of a run.
type Summary struct {
	Strategy   string
	Elapsed    time.Duration
	Iterations []IterationTime
	Letter     string         // the most common letter (ties: the one that sorts first)
	Count      int            // its count
	Counts     map[string]int // letter counts of the final result
	Files      []string       // the result files, in iteration order
	Requests   int64          // HTTP attempts
	Retries    int64          // attempts that were retries
	Throttled  int64          // 429 answers
	Hedges     int64          // second copies of a request (hedged), among the attempts
}

// Run runs the IO task with strategy s against target t. The result files
// appear in cfg.OutDir only if the whole run succeeds; a failed or cancelled
// run leaves the directory as it was.
func Run(ctx context.Context, s Strategy, t *Target, cfg Config) (*Summary, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	j, err := newJob(t, cfg)
	if err != nil {
		return nil, err
	}
	defer j.out.discard()
	if err := s.Run(ctx, j); err != nil {
		return nil, fmt.Errorf("strategy %s: %w", s.Name(), err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("strategy %s: %w", s.Name(), context.Cause(ctx))
	}
	if err := j.complete(); err != nil {
		return nil, fmt.Errorf("strategy %s: %w", s.Name(), err)
	}
	files, err := j.out.publish()
	if err != nil {
		return nil, err
	}
	sum := &Summary{
		Strategy:   s.Name(),
		Elapsed:    time.Since(j.start),
		Iterations: j.times,
		Counts:     j.acc.countMap(),
		Files:      files,
		Requests:   j.client.Stats.Requests.Load(),
		Retries:    j.client.Stats.Retries.Load(),
		Throttled:  j.client.Stats.Throttled.Load(),
		Hedges:     j.client.Stats.Hedges.Load(),
	}
	sum.Letter, sum.Count = j.acc.mostCommon()
	return sum, nil
}

// A Job is one run of the task, as a strategy sees it: the slots to fetch, a
// client to fetch them with, and where to deliver what it fetched. Delivered
// strings are committed in (iteration, request) order whatever the order of
// delivery, so every strategy writes the same files.
type Job struct {
	cfg    Config
	target *Target
	client *Client
	start  time.Time
	out    *staging

	mu      sync.Mutex
	asm     assembler
	acc     accumulator
	started []bool
	times   []IterationTime
}

func newJob(t *Target, cfg Config) (*Job, error) {
	out, err := newStaging(cfg.OutDir)
	if err != nil {
		return nil, err
	}
	return &Job{
		cfg:     cfg,
		target:  t,
		client:  NewClient(t.HTTP, t.BaseURL, cfg.Params, cfg.Policy),
		start:   time.Now(),
		out:     out,
		asm:     newAssembler(cfg.Iterations, cfg.Requests),
		started: make([]bool, cfg.Iterations),
		times:   make([]IterationTime, cfg.Iterations),
	}, nil
}

// Config returns the task's configuration.
func (j *Job) Config() Config { return j.cfg }

// Target returns where the API is.
func (j *Job) Target() *Target { return j.target }

// Client returns the job's client; its counters feed the run's Summary.
func (j *Job) Client() *Client { return j.client }

// Slots returns every slot of the task in (iteration, request) order.
func (j *Job) Slots() []Slot {
	slots := make([]Slot, 0, j.cfg.Total())
	for i := range j.cfg.Iterations {
		for r := range j.cfg.Requests {
			slots = append(slots, Slot{i, r})
		}
	}
	return slots
}

// Fetch fetches one slot with the job's client.
func (j *Job) Fetch(ctx context.Context, slot Slot) ([]string, error) {
	return j.FetchWith(ctx, j.client, slot)
}

// FetchWith fetches one slot with c (the job's client, or a copy of it).
func (j *Job) FetchWith(ctx context.Context, c *Client, slot Slot) ([]string, error) {
	j.markStarted(slot.Iteration)
	strs, err := c.Fetch(ctx, slot)
	if err == nil && j.cfg.OnRequest != nil {
		j.cfg.OnRequest(slot)
	}
	return strs, err
}

func (j *Job) markStarted(it int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.started[it] {
		j.started[it] = true
		j.times[it].Start = time.Since(j.start)
	}
}

// Deliver hands over the strings fetched for slot. When that completes the
// next iterations in order, Deliver counts their letters and writes their
// result files before it returns. It is safe for concurrent use.
func (j *Job) Deliver(slot Slot, strs []string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	ready, err := j.asm.add(slot, strs)
	if err != nil {
		return err
	}
	for _, it := range ready {
		if err := j.out.write(j.acc.add(it)); err != nil {
			return err
		}
		j.times[it.index].Done = time.Since(j.start)
	}
	return nil
}

// The pipeline strategy runs the same steps as Deliver, as separate stages.

// Assemble is the first half of Deliver: it stores strs and returns the
// iterations that are now complete, in order. Not safe for concurrent use
// with itself.
func (j *Job) Assemble(slot Slot, strs []string) ([]Iteration, error) { return j.asm.add(slot, strs) }

// Count adds a complete iteration to the running result and returns the
// result file's content for it. Call it for each iteration in order.
func (j *Job) Count(it Iteration) *ResultFile { return j.acc.add(it) }

// Write writes a result file; it is safe for concurrent use.
func (j *Job) Write(rf *ResultFile) error {
	if err := j.out.write(rf); err != nil {
		return err
	}
	j.mu.Lock()
	j.times[rf.Iteration].Done = time.Since(j.start)
	j.mu.Unlock()
	return nil
}

// complete checks that every slot was delivered and every file written.
func (j *Job) complete() error {
	if s, ok := j.asm.missing(); ok {
		return fmt.Errorf("finished without delivering slot %s", s)
	}
	if n := j.out.written(); n != j.cfg.Iterations {
		return fmt.Errorf("finished with %d of %d result files written", n, j.cfg.Iterations)
	}
	return nil
}

package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/iobound"
)

// simFlags shape the simulated API, for run (-api mock or local) and serve.
type simFlags struct {
	seed            uint64
	latency, jitter time.Duration
	rate            float64
	burst           int
	faultRate       float64
	faults          string
	tail            string
}

// simOnly are the flags that shape only a simulated API; -rate and -burst
// also tell the ratelimit strategy a live API's limit.
var simOnly = []string{"seed", "latency", "jitter", "tail", "fault-rate", "faults"}

func (s *simFlags) register(fs *flag.FlagSet) {
	fs.Uint64Var(&s.seed, "seed", 1, "seed of the simulated API: its content is a function of the seed and the request's slot")
	fs.DurationVar(&s.latency, "latency", apisim.DefaultConfig.Latency, "latency of every response of the simulated API")
	fs.DurationVar(&s.jitter, "jitter", apisim.DefaultConfig.Jitter, "the latency varies uniformly by ± this much (unset: a tenth of -latency)")
	fs.Float64Var(&s.rate, "rate", 0, "throttle: requests per second the API allows (0: no throttle); against a live API, its known limit, for -strategy ratelimit")
	fs.IntVar(&s.burst, "burst", 10, "throttle: the burst the API allows above -rate")
	fs.StringVar(&s.tail, "tail", "none", "latency tail: PERCENT%xFACTOR, such as 1%x10 (1% of the answers ten times slower), or none")
	fs.Float64Var(&s.faultRate, "fault-rate", 0, "share of requests, in [0, 1], that meet a fault")
	fs.StringVar(&s.faults, "faults", "", "comma-separated fault kinds to draw from (429, 500, 503, malformed, truncated, drop, hang; empty: all)")
}

// config returns the simulated API's configuration; fs tells which flags
// were set.
func (s *simFlags) config(cmd string, fs *flag.FlagSet) (apisim.Config, error) {
	jitterSet := false
	fs.Visit(func(f *flag.Flag) { jitterSet = jitterSet || f.Name == "jitter" })
	if !jitterSet {
		s.jitter = s.latency / 10
	}
	var kinds []apisim.Fault
	if s.faults != "" {
		for _, name := range strings.Split(s.faults, ",") {
			f, err := apisim.ParseFault(strings.TrimSpace(name))
			if err != nil {
				return apisim.Config{}, usagef("%s: -faults: %v", cmd, err)
			}
			kinds = append(kinds, f)
		}
	}
	tail, err := apisim.ParseTail(s.tail)
	if err != nil {
		return apisim.Config{}, usagef("%s: -tail: %v", cmd, err)
	}
	if !(s.faultRate >= 0 && s.faultRate <= 1) {
		return apisim.Config{}, usagef("%s: -fault-rate must be in [0, 1], got %v", cmd, s.faultRate)
	}
	cfg := apisim.Config{
		Seed: s.seed, Latency: s.latency, Jitter: s.jitter, Tail: tail, Rate: s.rate, Burst: s.burst,
		Faults: apisim.Uniform(s.faultRate, kinds...), RetryAfter: time.Second, MaxHang: time.Minute,
	}
	if err := cfg.Validate(); err != nil {
		return cfg, usagef("%s: %v", cmd, err)
	}
	return cfg, nil
}

func describeSim(c apisim.Config) string {
	s := fmt.Sprintf("seed %d, latency %v ± %v", c.Seed, c.Latency, c.Jitter)
	if c.Tail.Percent > 0 {
		s += fmt.Sprintf(" (%g%% of the answers %g× slower)", c.Tail.Percent, c.Tail.Factor)
	}
	if c.Rate > 0 {
		s += fmt.Sprintf(", throttled to %g req/s with bursts of %d", c.Rate, c.Burst)
	} else {
		s += ", no throttle"
	}
	if t := c.Faults.Total(); t > 0 {
		s += fmt.Sprintf(", %.3g%% faults", 100*t)
	} else {
		s += ", no faults"
	}
	return s
}

// apiEnv is the API a run calls.
type apiEnv struct {
	target        *iobound.Target
	sim           *apisim.API // nil for a live API
	describe      string
	deterministic bool
	closers       []func()
}

// failed names the API in the error of an IO task that failed with it:
// "http://127.0.0.1:8080: strategy pool: fetching slot 0/3: HTTP 500 …".
// The mock's own errors need no address.
func (e *apiEnv) failed(err error) error {
	if e.target == nil || e.target.Name == "mock" || e.target.BaseURL == "" {
		return err
	}
	return fmt.Errorf("%s: %w", e.target.BaseURL, err)
}

// reset gives the simulated API a fresh throttle and log before each
// strategy's run.
func (e *apiEnv) reset() {
	if e.sim != nil {
		e.sim.Reset()
	}
}

func (e *apiEnv) close() {
	for i := len(e.closers) - 1; i >= 0; i-- {
		e.closers[i]()
	}
}

// openAPI returns the API -api names.
func openAPI(which string, sim *simFlags, fs *flag.FlagSet, kind iobound.TransportKind, concurrency int) (*apiEnv, error) {
	switch which {
	case "mock", "local":
		cfg, err := sim.config("run", fs)
		if err != nil {
			return nil, err
		}
		api, err := apisim.New(cfg)
		if err != nil {
			return nil, err
		}
		env := &apiEnv{sim: api, deterministic: true}
		if which == "mock" {
			env.target = iobound.MockTarget(api)
			env.describe = "the mock API (" + describeSim(cfg) + ")"
			return env, nil
		}
		url, stop, err := serveLocal(api, "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		env.closers = append(env.closers, stop)
		if env.target, err = iobound.HTTPTarget("local", url, kind, concurrency); err != nil {
			env.close()
			return nil, err
		}
		env.target.Rate, env.target.Burst = cfg.Rate, cfg.Burst
		env.closers = append(env.closers, env.target.Close)
		env.describe = "the local API at " + url + " (" + describeSim(cfg) + ", transport " + string(kind) + ")"
		return env, nil
	}
	url := which
	if which == "live" {
		if url = os.Getenv("CONCBENCH_API_URL"); url == "" {
			return nil, usagef("run: %v", errNoLiveURL)
		}
	} else if !strings.Contains(which, "://") {
		return nil, usagef("run: -api %q: want mock, local, live or a base URL such as http://127.0.0.1:8080", which)
	}
	var bad []string
	fs.Visit(func(f *flag.Flag) {
		for _, n := range simOnly {
			if f.Name == n {
				bad = append(bad, "-"+n)
			}
		}
	})
	if len(bad) > 0 {
		verb := "shapes the simulated API; it does"
		if len(bad) > 1 {
			verb = "shape the simulated API; they do"
		}
		return nil, usagef("run: %s %s not apply to -api %s", strings.Join(bad, ", "), verb, which)
	}
	t, err := iobound.HTTPTarget("live", url, kind, concurrency)
	if err != nil {
		return nil, usagef("run: -api: %v", err)
	}
	t.Rate, t.Burst = sim.rate, sim.burst
	return &apiEnv{target: t, describe: "the live API at " + t.BaseURL, closers: []func(){t.Close}}, nil
}

// serveLocal serves api on addr and returns its base URL and a function that
// shuts the server down, finishing requests in flight.
func serveLocal(api *apisim.API, addr string) (string, func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("listening on %s: %w", addr, err)
	}
	srv := apisim.NewServer(ln.Addr().String(), api.Handler(), api.Config().MaxHang)
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(ln)
	}()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if srv.Shutdown(ctx) != nil {
			srv.Close()
		}
		<-done
	}
	return "http://" + ln.Addr().String(), stop, nil
}

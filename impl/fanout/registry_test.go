package fanout_test

import (
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/concbench/concbench/impl/fanout"
)

func TestLabels(t *testing.T) {
	gmp := strconv.Itoa(runtime.GOMAXPROCS(0))
	want := []string{
		"strategy=sequential",
		"strategy=goroutines",
		"strategy=pool/workers=" + gmp,
		"strategy=errgroup/workers=" + gmp,
		"strategy=ratelimit/workers=" + gmp,
		"strategy=singlethread",
		"strategy=adaptive",
	}
	var got []string
	for _, s := range fanout.Strategies {
		got = append(got, fanout.Label(s))
	}
	if !slices.Equal(got, want) {
		t.Errorf("labels %q, want %q", got, want)
	}
	if got := fanout.Strategies.Names(); !slices.Equal(got, []string{"sequential", "goroutines", "pool", "errgroup", "ratelimit", "singlethread", "adaptive"}) {
		t.Errorf("Names = %q", got)
	}
}

func TestLookup(t *testing.T) {
	for _, s := range fanout.Strategies {
		l := fanout.Label(s)
		got, err := fanout.Strategies.Lookup(l)
		if err != nil {
			t.Errorf("Lookup(%q): %v", l, err)
			continue
		}
		if fanout.Label(got) != l {
			t.Errorf("Lookup(%q) is labelled %q", l, fanout.Label(got))
		}
	}
	for label, want := range map[string]fanout.Strategy{
		"sequential":                  fanout.Sequential{},
		"strategy=sequential":         fanout.Sequential{},
		"pool":                        fanout.Pool{},
		"pool/workers=7":              fanout.Pool{Workers: 7},
		"strategy=errgroup/workers=3": fanout.Errgroup{Workers: 3},
		"ratelimit/workers=2":         fanout.RateLimit{Workers: 2},
		"pool/workers=0":              fanout.Pool{},
		"adaptive":                    fanout.Adaptive{},
	} {
		got, err := fanout.Strategies.Lookup(label)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Lookup(%q) = %#v, %v; want %#v", label, got, err, want)
		}
	}
	for _, bad := range []string{
		"", "threads", "strategy=", "pool/", "pool/workers", "pool/=3", "pool/workers=-1", "pool/workers=x",
		"pool/workers=99999999", "pool/order=desc", "sequential/workers=2", "goroutines/x=1", "adaptive/workers=2",
	} {
		if s, err := fanout.Strategies.Lookup(bad); err == nil {
			t.Errorf("Lookup(%q) = %#v, want an error", bad, s)
		}
	}
}

func TestWithWorkers(t *testing.T) {
	for _, s := range fanout.Strategies {
		s2, ok := fanout.WithWorkers(s, 5)
		_, has := fanout.Workers(s)
		if ok != has {
			t.Errorf("%s: WithWorkers ok=%t, Workers ok=%t", fanout.Label(s), ok, has)
		}
		if !ok {
			if s2 != s {
				t.Errorf("WithWorkers changed %s, which has no workers", fanout.Label(s))
			}
			continue
		}
		if n, _ := fanout.Workers(s2); n != 5 {
			t.Errorf("%s with 5 workers has %d", fanout.Label(s), n)
		}
		if d, _ := fanout.WithWorkers(s2, 0); fanout.Label(d) != fanout.Label(s) {
			t.Errorf("WithWorkers(0) = %s, want the default %s", fanout.Label(d), fanout.Label(s))
		}
	}
	rl, _ := fanout.WithWorkers(fanout.Strategy(fanout.RateLimit{Rate: 5, Burst: 2}), 3)
	if rl != (fanout.RateLimit{Workers: 3, Rate: 5, Burst: 2}) {
		t.Errorf("WithWorkers lost ratelimit's rate: %#v", rl)
	}
}

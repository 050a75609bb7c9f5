package cpubound

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/concbench/concbench/impl/fanout"
)

// testWorkloads are the workloads every strategy must get right: the
// built-ins (short under -short) and a few odd shapes.
func testWorkloads(t *testing.T) []Workload {
	counts := map[string]int{}
	r := rand.New(rand.NewPCG(1, 2))
	for _, l := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" {
		counts[string(l)] = 100 + r.IntN(560) // 100..659: includes 107, 127, 521 and 607 sometimes
	}
	counts["q"], counts["x"] = 127, 0
	seed, err := Seed(counts)
	if err != nil {
		t.Fatal(err)
	}
	ws := append(Workloads(true), seed,
		Workload{Name: "empty", Checker: LucasLehmer{}},
		Workload{Name: "one", Checker: Trial{}, Exponents: []int{31}},
		Workload{Name: "unsorted-kp", Checker: TrialKP{}, Exponents: []int{37, 2, 31, 0, 1, 29, 19, 40, 17, 3}},
		Workload{Name: "mod", Checker: LucasLehmer{Reduce: ReduceMod}, Exponents: []int{607, 89, 90, 521, 1, 2, 127, 128}},
	)
	return ws
}

// sequential is the reference every strategy's results are checked
// against.
var sequential Strategy = Each{fanout.Sequential{}}

// label is a strategy's label, the name of its subtests.
var label = fanout.Label

// testStrategies are Strategies and variants with other numbers of workers,
// and the fanout strategies that Strategies leaves out.
func testStrategies() []Strategy {
	ss := append([]Strategy(nil), Strategies...)
	for _, s := range fanout.Strategies {
		if _, err := Strategies.Lookup(s.Name()); err != nil {
			ss = append(ss, Each{s})
		}
	}
	for _, s := range Strategies {
		for _, n := range []int{1, 3} {
			if s2, ok := fanout.WithWorkers(s, n); ok {
				ss = append(ss, s2)
			}
		}
	}
	return ss
}

func TestStrategiesMatchSequential(t *testing.T) {
	ctx := context.Background()
	type testCase struct {
		name       string
		w          Workload
		strategies []Strategy
	}
	var cases []testCase
	for _, w := range testWorkloads(t) {
		cases = append(cases, testCase{w.Name, w, testStrategies()})
	}
	if !testing.Short() { // the full built-ins take seconds each: default settings only
		for _, w := range Workloads(false) {
			cases = append(cases, testCase{w.Name + "-full", w, Strategies})
		}
	}
	for _, c := range cases {
		want, err := sequential.Run(ctx, c.w)
		if err != nil {
			t.Fatalf("sequential on %s: %v", c.name, err)
		}
		if err := Verify(c.w, want); err != nil {
			t.Fatalf("sequential: %v", err)
		}
		for _, s := range c.strategies {
			if Supports(s, c.w.Checker) != nil {
				continue
			}
			t.Run(c.name+"/"+label(s), func(t *testing.T) {
				got, err := s.Run(ctx, c.w)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("results differ from sequential's:\n got %v\nwant %v", got, want)
				}
			})
		}
	}
}

func TestSupports(t *testing.T) {
	trial, ll := Trial61(true), LL(true)
	custom := Workload{Name: "custom", Checker: blockChecker{}, Exponents: []int{3}}
	for _, c := range []struct {
		s    Strategy
		w    Workload
		want bool
	}{
		{SplitRange{}, trial, true},
		{SplitRange{}, ll, false},
		{SplitRange{}, Workload{Name: "kp", Checker: TrialKP{}}, false},
		{Pool{Order: Descending}, ll, true},
		{Pool{Order: Descending}, trial, false},
		{Processes{}, ll, true},
		{Processes{}, custom, false},
		{Pool{}, custom, true},
		{Pool{Order: "random"}, ll, false},
	} {
		err := Supports(c.s, c.w.Checker)
		if (err == nil) != c.want {
			t.Errorf("Supports(%s, %s) = %v, want ok=%t", label(c.s), c.w.Name, err, c.want)
		}
		if err != nil {
			if _, runErr := c.s.Run(context.Background(), c.w); runErr == nil {
				t.Errorf("%s ran %s, which it does not support", label(c.s), c.w.Name)
			}
		}
	}
}

func TestLabelAndLookup(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Strategies {
		l := label(s)
		if seen[l] {
			t.Errorf("two strategies labelled %s", l)
		}
		seen[l] = true
		got, err := Strategies.Lookup(l)
		if err != nil || label(got) != l {
			t.Errorf("Lookup(%q) = %#v, %v; want %#v", l, got, err, s)
		}
	}
	for l, want := range map[string]Strategy{
		"sequential":                sequential,
		"goroutines":                Each{fanout.Goroutines{}},
		"pool":                      Pool{},
		"pool/order=desc":           Pool{Order: Descending},
		"pool/order=input":          Pool{},
		"strategy=pool/workers=7":   Pool{Workers: 7},
		"pool/order=desc/workers=3": Pool{Workers: 3, Order: Descending},
		"processes/workers=5":       Processes{Workers: 5},
		"static/workers=2":          Static{Workers: 2},
		"splitrange/workers=1":      SplitRange{Workers: 1},
	} {
		if got, err := Strategies.Lookup(l); err != nil || got != want {
			t.Errorf("Lookup(%q) = %#v, %v; want %#v", l, got, err, want)
		}
	}
	for _, bad := range []string{"", "threads", "errgroup", "pool/workers=-1", "pool/workers=x", "pool/order=up", "static/order=desc", "sequential/workers=2", "pool/workers"} {
		if s, err := Strategies.Lookup(bad); err == nil {
			t.Errorf("Lookup(%q) = %#v, want an error", bad, s)
		}
	}
	if got := label(Pool{Workers: 4, Order: Descending}); got != "strategy=pool/workers=4/order=desc" {
		t.Errorf("Label = %q", got)
	}
	if _, ok := fanout.WithWorkers(sequential, 4); ok {
		t.Error("WithWorkers(sequential) succeeded")
	}
	want := []string{"sequential", "goroutines", "pool", "static", "splitrange", "processes"}
	if got := Strategies.Names(); !slices.Equal(got, want) {
		t.Errorf("Names = %q, want %q", got, want)
	}
}

// blockChecker fails on n = 1 and otherwise blocks until its context is
// done, so a strategy that did not cancel the rest after the first error
// would never return.
type blockChecker struct{}

var errBlock = errors.New("block checker: n=1 fails")

func (blockChecker) Name() string { return "block" }

func (blockChecker) IsMersennePrime(ctx context.Context, n int) (bool, error) {
	if n == 1 {
		return false, errBlock
	}
	<-ctx.Done()
	return false, ctx.Err()
}

func TestFirstErrorCancelsTheRest(t *testing.T) {
	w := Workload{Name: "block", Checker: blockChecker{}, Exponents: []int{1, 2, 3, 5}}
	for _, s := range testStrategies() {
		if Supports(s, w.Checker) != nil {
			continue
		}
		t.Run(label(s), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			res, err := s.Run(ctx, w)
			if !errors.Is(err, errBlock) || res != nil {
				t.Errorf("Run = %v, %v; want nil, errBlock", res, err)
			}
		})
	}
}

// TestProcessesFirstErrorKillsTheOthers: the child given 2^64-1 fails at once;
// the other child, with two checks of 2^61-1 (seconds), must be killed.
func TestProcessesFirstErrorKillsTheOthers(t *testing.T) {
	w := Workload{Name: "fail", Checker: Trial{}, Exponents: []int{61, 64, 61, 61}}
	start := time.Now()
	_, err := Processes{Workers: 2}.Run(context.Background(), w)
	if err == nil || !strings.Contains(err.Error(), "lucaslehmer") {
		t.Errorf("error %v, want the child's error naming lucaslehmer", err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("returned after %v: the other child was not killed", d)
	}
}

func TestInvalidWorkloads(t *testing.T) {
	for _, w := range []Workload{
		{Name: "nochecker", Exponents: []int{3}},
		{Name: "letters", Checker: Trial{}, Exponents: []int{3, 5}, Letters: []string{"a"}},
		{Name: "negative", Checker: LucasLehmer{}, Exponents: []int{3, -5}},
	} {
		for _, s := range Strategies {
			if res, err := s.Run(context.Background(), w); err == nil {
				t.Errorf("%s on %s = %v, want an error", label(s), w.Name, res)
			}
		}
	}
	if _, err := Seed(map[string]int{"a": -1}); err == nil {
		t.Error("Seed with a negative count: no error")
	}
}

func TestVerifyCatchesWrongResults(t *testing.T) {
	w := Workload{Name: "w", Checker: LucasLehmer{}, Exponents: []int{5, 11}, Letters: []string{"a", "b"}}
	good, err := sequential.Run(context.Background(), w)
	if err != nil || Verify(w, good) != nil {
		t.Fatalf("Run = %v, %v; Verify = %v", good, err, Verify(w, good))
	}
	for name, mutate := range map[string]func([]Result) []Result{
		"short":   func(r []Result) []Result { return r[:1] },
		"swapped": func(r []Result) []Result { r[0], r[1] = r[1], r[0]; return r },
		"prime":   func(r []Result) []Result { r[1].Prime = true; return r },
		"p":       func(r []Result) []Result { r[0].P = "32"; return r },
		"letter":  func(r []Result) []Result { r[0].Letter = ""; return r },
	} {
		bad := mutate(append([]Result(nil), good...))
		if err := Verify(w, bad); err == nil {
			t.Errorf("Verify accepted %s results %v", name, bad)
		}
	}
}

func TestResultJSON(t *testing.T) {
	r := Result{Exponent: 5, P: "31", Prime: true, Letter: "s"}
	b, err := json.Marshal([]Result{r, {Exponent: 4, P: "15"}})
	if err != nil {
		t.Fatal(err)
	}
	const want = `[{"exponent":5,"p":"31","prime":true,"letter":"s"},{"exponent":4,"p":"15","prime":false}]`
	if string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
}

func TestShortenAndDescribe(t *testing.T) {
	p := MersenneDecimal(2048)
	if got, want := Shorten(p, 0), fmt.Sprintf("3231…0655 (%d digits)", len(p)); got != want {
		t.Errorf("Shorten = %q, want %q", got, want)
	}
	if got := Shorten("2305843009213693951", 0); got != "2305843009213693951" {
		t.Errorf("Shorten of a short number = %q", got)
	}
	for w, want := range map[*Workload]string{
		ptr(Trial61(false)): "2..61 (60 exponents)",
		ptr(LL(false)):      "2, 3, 5, …, 4493 (610 exponents)",
		{}:                  "none",
	} {
		if got := w.Describe(); got != want {
			t.Errorf("Describe = %q, want %q", got, want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

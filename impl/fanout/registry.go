package fanout

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/concbench/concbench/contract"
)

// Named is what a registry holds: a strategy of any task, known by its
// name.
type Named interface {
	Name() string
}

// A Param is one setting of a strategy, as its label shows it:
// {"workers", "32"} is workers=32.
type Param struct {
	Key, Value string
}

// Settable is implemented by strategies with settings beyond their name.
// S is the interface of the task's strategies: Strategy for this package's.
type Settable[S any] interface {
	// Params returns the settings in label order, defaults resolved:
	// [{workers 2} {order desc}].
	Params() []Param
	// With returns the strategy with the setting key set to value, or an
	// error that names the settings it has.
	With(key, value string) (S, error)
}

// ParamsOf returns the settings of s, or nil when it has none: for a
// task's strategy that wraps a fanout strategy.
func ParamsOf(s Strategy) []Param {
	if p, ok := s.(Settable[Strategy]); ok {
		return p.Params()
	}
	return nil
}

// WithSetting returns s with the setting key set to value, or an error
// when s has no settings or no such one.
func WithSetting(s Strategy, key, value string) (Strategy, error) {
	p, ok := s.(Settable[Strategy])
	if !ok {
		return s, fmt.Errorf("%s has no settings", s.Name())
	}
	return p.With(key, value)
}

// Label returns s's name and settings as a benchfmt name, the name of its
// benchmarks: "strategy=sequential", "strategy=pool/workers=32",
// "strategy=pool/workers=2/order=desc".
func Label(s Named) string {
	var b strings.Builder
	b.WriteString(contract.KV(contract.Strategy, s.Name()))
	if p, ok := s.(interface{ Params() []Param }); ok {
		for _, kv := range p.Params() {
			b.WriteString("/" + contract.KV(kv.Key, kv.Value))
		}
	}
	return b.String()
}

// WithWorkers returns s with n workers (zero or less: the default), and
// false, with s unchanged, if s has no worker count.
func WithWorkers[S Named](s S, n int) (S, bool) {
	p, ok := any(s).(Settable[S])
	if !ok {
		return s, false
	}
	s2, err := p.With(contract.Workers, strconv.Itoa(max(n, 0)))
	if err != nil {
		return s, false
	}
	return s2, true
}

// Workers returns the worker count s runs with, resolved, and false if s
// has none.
func Workers(s Named) (int, bool) {
	if p, ok := s.(interface{ Params() []Param }); ok {
		for _, kv := range p.Params() {
			if kv.Key == contract.Workers {
				n, err := strconv.Atoi(kv.Value)
				return n, err == nil
			}
		}
	}
	return 0, false
}

// MaxWorkers bounds a workers setting.
const MaxWorkers = 1 << 20

// WorkersParam is the workers setting of a label, resolved: workers=N
// with N = NumWorkers(n).
func WorkersParam(n int) Param { return Param{contract.Workers, strconv.Itoa(NumWorkers(n))} }

// ParseWorkers parses the value of a workers setting: a whole number from
// 0 (the default) to MaxWorkers.
func ParseWorkers(value string) (int, error) {
	n, err := strconv.Atoi(value)
	if err != nil || n < 0 || n > MaxWorkers {
		return 0, fmt.Errorf("workers=%s: want a whole number from 0 (the default) to %d", value, MaxWorkers)
	}
	return n, nil
}

// OnlyWorkers parses the setting key=value of the strategy called name,
// whose one setting is workers.
func OnlyWorkers(name, key, value string) (int, error) {
	if key != contract.Workers {
		return 0, fmt.Errorf("%s has no setting %q (want workers)", name, key)
	}
	return ParseWorkers(value)
}

// A Registry is the one list of a task's strategies, in the order reports
// show them: benchmarks, the command line and the report walk it, and a
// new strategy is one new entry. A name may appear more than once with
// other settings (pool, and pool with order=desc); the first is the
// default.
type Registry[S Named] []S

// Names returns the strategies' names, each once, in order.
func (r Registry[S]) Names() []string {
	var names []string
	seen := make(map[string]bool)
	for _, s := range r {
		if !seen[s.Name()] {
			seen[s.Name()] = true
			names = append(names, s.Name())
		}
	}
	return names
}

// Lookup returns the strategy a label names: a registered name, optionally
// after "strategy=", then /key=value settings, as in "pool",
// "pool/workers=4/order=desc" or the output of Label. The settings apply
// to the first strategy of that name.
func (r Registry[S]) Lookup(label string) (S, error) {
	var zero S
	name, settings, _ := strings.Cut(strings.TrimPrefix(label, contract.Strategy+"="), "/")
	i := r.index(name)
	if i < 0 {
		return zero, fmt.Errorf("unknown strategy %q (want one of %s)", name, strings.Join(r.Names(), ", "))
	}
	s := r[i]
	if settings == "" {
		if strings.HasSuffix(label, "/") {
			return zero, fmt.Errorf("strategy %q: empty setting", label)
		}
		return s, nil
	}
	for _, kv := range strings.Split(settings, "/") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return zero, fmt.Errorf("strategy %q: setting %q is not key=value", label, kv)
		}
		p, ok := any(s).(Settable[S])
		if !ok {
			return zero, fmt.Errorf("strategy %q: %s has no settings", label, name)
		}
		var err error
		if s, err = p.With(k, v); err != nil {
			return zero, fmt.Errorf("strategy %q: %w", label, err)
		}
	}
	return s, nil
}

func (r Registry[S]) index(name string) int {
	for i, s := range r {
		if s.Name() == name {
			return i
		}
	}
	return -1
}

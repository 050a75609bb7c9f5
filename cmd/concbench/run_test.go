package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/concbench/concbench/impl/cpubound"
	"github.com/concbench/concbench/impl/fanout"
	"github.com/concbench/concbench/impl/iobound"
)

// TestManualListsTheRegistries: the manual's lists of strategies are the
// registries', in their order; the flags' usage strings are built from the
// registries themselves.
func TestManualListsTheRegistries(t *testing.T) {
	text := strings.Join(strings.Fields(manual()), " ")
	for _, c := range []struct {
		prefix string
		names  []string
	}{
		{"IO strategies: ", iobound.Strategies.Names()},
		{"CPU strategies: ", cpubound.Strategies.Names()},
	} {
		_, rest, ok := strings.Cut(text, c.prefix)
		if !ok {
			t.Errorf("the manual has no %q", c.prefix)
			continue
		}
		list, _, _ := strings.Cut(rest, ".")
		var got []string
		for _, item := range strings.Split(list, ", ") {
			got = append(got, strings.Fields(item)[0]) // "splitrange (trial division only)"
		}
		if !slices.Equal(got, c.names) {
			t.Errorf("the manual's %s%q; the registry has %q", c.prefix, got, c.names)
		}
	}
}

// TestStrategyLabels: -strategy and -cpu-strategy take a label with
// settings; -workers sets the workers of every strategy that has them; a
// CPU strategy that cannot check the seed workload is refused before
// anything runs.
func TestStrategyLabels(t *testing.T) {
	o := &runOptions{strategy: "pool/workers=7", cpuStrategy: "pool/workers=3/order=desc"}
	if ss, err := o.ioStrategies(); err != nil || len(ss) != 1 || fanout.Label(ss[0]) != "strategy=pool/workers=7" {
		t.Errorf("-strategy pool/workers=7: %v, %v", ss, err)
	}
	if s, err := o.checkedCPUStrategy(); err != nil || fanout.Label(s) != "strategy=pool/workers=3/order=desc" {
		t.Errorf("-cpu-strategy pool/workers=3/order=desc: %v, %v", s, err)
	}
	o = &runOptions{strategy: "all", workers: 5}
	ss, err := o.ioStrategies()
	if err != nil || len(ss) != len(iobound.Strategies) {
		t.Fatalf("-strategy all: %v, %v", ss, err)
	}
	for i, s := range ss {
		_, has := fanout.Workers(iobound.Strategies[i])
		if n, _ := fanout.Workers(s); has && n != 5 {
			t.Errorf("-workers 5: %s", fanout.Label(s))
		}
	}
	for _, bad := range []string{"splitrange", "pool/order=sideways", "pool/workers=-2", "nope"} {
		o := &runOptions{cpuStrategy: bad}
		if s, err := o.checkedCPUStrategy(); err == nil {
			t.Errorf("-cpu-strategy %s accepted: %v", bad, s)
		}
	}
}

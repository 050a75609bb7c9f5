package report

import (
	"slices"
	"testing"
)

// The part of a name that names alternatives, in the name patterns of
// real projects' output (see /work/shared/realworld/SOURCES.md for the
// originals; the labels here are rows as benchstat makes them).
func TestAlternatives(t *testing.T) {
	for _, c := range []struct {
		name   string
		labels []string
		key    string // "" for none
		values []string
	}{
		{"lkumarjain: base names, workload in one key", []string{
			"Pond/Sleep=001ms_Concurrency=1-2", "Pond/Sleep=010ms_Concurrency=1-2", "Pond/SHA256=1kB_Concurrency=1-2",
			"GoPool/Sleep=001ms_Concurrency=1-2", "GoPool/Sleep=010ms_Concurrency=1-2", "GoPool/SHA256=1kB_Concurrency=1-2"},
			"#0", []string{"Pond", "GoPool"}},
		{"lkumarjain, later: keys split", []string{
			"Pond/Sleep=001ms/Concurrency=1-2", "Pond/Sleep=001ms/Concurrency=10-2",
			"Ants/Sleep=001ms/Concurrency=1-2", "Ants/Sleep=001ms/Concurrency=10-2"},
			"#0", []string{"Pond", "Ants"}},
		{"benchvisual: no key=value", []string{
			"AllRandFloat64/Pond-Eager/1u-1Mt-16", "AllRandFloat64/AntsPool/1u-1Mt-16",
			"AllRandFloat64/Pond-Eager/100u-10Kt-16", "AllRandFloat64/AntsPool/100u-10Kt-16"},
			"#1", []string{"Pond-Eager", "AntsPool"}},
		{"sync: operation, then the map", []string{
			"MapRange/*sync.Map-2", "MapRange/*sync_test.RWMutexMap-2", "MapLoadMostlyHits/*sync.Map-2", "MapLoadMostlyHits/*sync_test.RWMutexMap-2"},
			"#1", []string{"*sync.Map", "*sync_test.RWMutexMap"}},
		{"a user's strategy= key", []string{
			"Sort/strategy=quick/n=100", "Sort/strategy=merge/n=100", "Sort/strategy=quick/n=1000", "Sort/strategy=merge/n=1000"},
			"strategy", []string{"quick", "merge"}},
		{"formats of one operation", []string{"Encode/json", "Encode/gob"}, "#1", []string{"json", "gob"}},
		{"eventloop: implementations, then workloads with counts", []string{
			"PromisesV2/ChainedPromise/ChainDepth100EndToEnd-10", "PromisesV2/ChainedPromise/ResolvedHandlerEndToEnd-10",
			"PromisesV2/PromiseAltOne/ChainDepth100EndToEnd-10", "PromisesV2/PromiseAltOne/ResolvedHandlerEndToEnd-10"},
			"#1", []string{"ChainedPromise", "PromiseAltOne"}},
		{"gofiber: plain names", []string{"AppendMsgitem-4", "UnmarshalMsgitem-4", "EncodeMsgitem-4"}, "", nil},
		{"skerkour: sizes in the sub-name", []string{"Hashing/64B-SHA-256-4", "Hashing/64B-BLAKE3-4", "Hashing/1KB-SHA-256-4", "Hashing/1KB-BLAKE3-4"}, "", nil},
		{"javor: -cpu only", []string{"Freq", "Freq-2", "Freq-4"}, "", nil},
		{"different alternatives per workload, crossed nowhere", []string{"A/x/1", "B/y/2"}, "", nil},
		{"eventloop: two unrelated benchmarks sharing sizes, among many alone", []string{
			"EventTargetListenerRegistrationWithLiveSet/0-14", "EventTargetListenerRegistrationWithLiveSet/100-14",
			"EventTargetListenerRegistrationWithLiveSet/1000-14", "EventTargetListenerRegistrationWithLiveSet/10000-14",
			"EventTargetListenerConstruction/100-14", "EventTargetListenerConstruction/1000-14",
			"EventTargetListenerConstruction/5000-14", "EventTargetListenerConstruction/10000-14",
			"IdleWakeRecoveryTurnCost-14", "MicrotaskLatency-14", "TimerFire-14", "PromiseResolve-14", "ChannelSend-14",
			"FetchLoop-14", "SubmitInternal-14", "PollCycle-14", "WakeUp-14"}, "", nil},
	} {
		alt := alternatives(c.labels, "")
		switch {
		case c.key == "" && alt != nil:
			t.Errorf("%s: %s %q, want none", c.name, alt.key, alt.values)
		case c.key != "" && alt == nil:
			t.Errorf("%s: none, want %s", c.name, c.key)
		case c.key != "" && (alt.key != c.key || !slices.Equal(alt.values, c.values)):
			t.Errorf("%s: %s %q, want %s %q", c.name, alt.key, alt.values, c.key, c.values)
		}
	}
}

// The workload of a row is the rest of its name, the -N suffix kept:
// rows of different GOMAXPROCS are never compared.
func TestWorkloads(t *testing.T) {
	alt := alternatives([]string{"Map/a-2", "Map/b-2", "Map/a-4", "Map/b-4"}, "")
	if alt == nil || !slices.Equal(alt.workloads, []string{"Map-2", "Map-4"}) {
		t.Fatalf("workloads %+v, want Map-2 and Map-4", alt)
	}
}

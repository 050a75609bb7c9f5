package report

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// nameKeys returns the key=value parts of a full benchmark name, with the
// GOMAXPROCS suffix as "gomaxprocs" (1 when absent, as go test omits it),
// and the name with a given key's part removed.
func nameKeys(full string) (keys []string, values map[string]string) {
	values = make(map[string]string)
	_, parts := benchfmt.Name(full).Parts()
	hasProcs := false
	for _, p := range parts {
		s := string(p)
		switch {
		case strings.HasPrefix(s, "-"):
			values["gomaxprocs"] = s[1:]
			keys = append(keys, "gomaxprocs")
			hasProcs = true
		case strings.HasPrefix(s, "/"):
			k, v, ok := strings.Cut(s[1:], "=")
			if ok {
				values[k] = v
				keys = append(keys, k)
			}
		}
	}
	if !hasProcs {
		values["gomaxprocs"] = "1"
		keys = append(keys, "gomaxprocs")
	}
	return keys, values
}

// without returns the full name without key's part ("/key=v", or the
// "-N" suffix for gomaxprocs).
func without(full, key string) string {
	base, parts := benchfmt.Name(full).Parts()
	var b strings.Builder
	b.Write(base)
	for _, p := range parts {
		s := string(p)
		if key == "gomaxprocs" && strings.HasPrefix(s, "-") {
			continue
		}
		if strings.HasPrefix(s, "/"+key+"=") {
			continue
		}
		b.WriteString(s)
	}
	return b.String()
}

// parseNumber reads a numeric key value: "1024", "0.5", "4kB", "1KiB",
// "2M", "8G" (k, M, G decimal, but kB is 1024 bytes as Go's benchmarks
// mean it; K, Ki, Mi, Gi binary). ok is false for anything else.
func parseNumber(s string) (float64, bool) {
	bytes := strings.HasSuffix(s, "B")
	s = strings.TrimSuffix(s, "B")
	if bytes && strings.HasSuffix(s, "k") {
		s = s[:len(s)-1] + "Ki" // 4kB is 4096 bytes, as Go's benchmarks name sizes
	}
	mult := 1.0
	for _, sfx := range []struct {
		s string
		m float64
	}{{"Ki", 1 << 10}, {"Mi", 1 << 20}, {"Gi", 1 << 30}, {"k", 1e3}, {"K", 1 << 10}, {"M", 1e6}, {"G", 1e9}} {
		if strings.HasSuffix(s, sfx.s) {
			s, mult = strings.TrimSuffix(s, sfx.s), sfx.m
			break
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v * mult, true
}

// numericKey returns the name key of labels whose values are all numbers
// with at least three distinct values: want (without its slash) when
// given, else the first such key in name order. ok is false when there is
// none.
func numericKey(labels []string, want string) (string, bool) {
	want = strings.TrimPrefix(want, "/")
	var order []string
	distinct := make(map[string]map[float64]bool)
	bad := make(map[string]bool)
	for _, l := range labels {
		keys, vals := nameKeys(l)
		for _, k := range keys {
			if distinct[k] == nil {
				distinct[k] = make(map[float64]bool)
				order = append(order, k)
			}
			v, ok := parseNumber(vals[k])
			if !ok {
				bad[k] = true
				continue
			}
			distinct[k][v] = true
		}
	}
	for _, k := range order {
		if want != "" && k != want {
			continue
		}
		if !bad[k] && len(distinct[k]) >= 3 {
			return k, true
		}
	}
	return "", false
}

// groupByKey groups full names that differ only in key: it returns the
// groups' names (each name without key's part), in order of appearance,
// and for each label the index of its group and its value of key.
func groupByKey(labels []string, key string) (names []string, group []int, values []string) {
	index := make(map[string]int)
	group = make([]int, len(labels))
	values = make([]string, len(labels))
	for i, l := range labels {
		_, vals := nameKeys(l)
		values[i] = vals[key]
		name := without(l, key)
		g, ok := index[name]
		if !ok {
			g = len(names)
			index[name] = g
			names = append(names, name)
		}
		group[i] = g
	}
	return names, group, values
}

// A namePart is one part of a benchmark name: the base name or a
// sub-benchmark part, without its "/"; key is the key of a key=value
// part, else "#i", its position (the base name is "#0").
type namePart struct {
	key, value string
}

// partsOf splits a full benchmark name into its parts and its
// GOMAXPROCS suffix ("-8", or "").
func partsOf(full string) (out []namePart, procs string) {
	base, parts := benchfmt.Name(full).Parts()
	out = []namePart{{"#0", string(base)}}
	for _, p := range parts {
		s := string(p)
		if !strings.HasPrefix(s, "/") {
			procs = s
			continue
		}
		s = s[1:]
		if k, v, ok := strings.Cut(s, "="); ok {
			out = append(out, namePart{k, v})
			continue
		}
		out = append(out, namePart{"#" + strconv.Itoa(len(out)), s})
	}
	return out, procs
}

// altKeys are name keys that say their values are alternatives.
var altKeys = []string{"strategy", "impl", "implementation", "algorithm", "algo", "alg", "method", "pool", "lib", "library",
	"variant", "mode", "engine", "backend", "kind", "type", "approach", "codec", "scheduler", "version"}

// An altDim is the part of a table's names that names alternatives
// (implementations, strategies) compared within each workload: the rest
// of the name.
type altDim struct {
	key    string   // the part: a name key, or "#i" for the i-th part
	values []string // the alternatives, in order of appearance
	// workload and value give, per label, the name without the part and
	// the part's value; workload is "" for a label without the part.
	workload, value []string
	workloads       []string // the distinct workloads, in order
}

// alternatives finds the part of the labels (full names) that names
// alternatives: a part, other than the key skip, whose values are names
// rather than numbers or sizes (they do not start with a digit), of which
// there are 2 to 20, that appear side by side under the same rest of the
// name (the workload) for at least half of the labels that have the
// part (a label that is the part alone counts, and is not side by side),
// the rest of the name not being empty. Of several, it prefers a
// key that says so (strategy=, impl=, …), then the one whose values hold
// fewer digits (ChainDepth100EndToEnd names a workload, PromiseAltOne an
// implementation), then the later part (a benchmark names its operation,
// then how it is done): Pond-Eager and AntsPool in
// AllRandFloat64/Pond-Eager/1u-1Mt, Pond and GoPool in
// Pond/Sleep=001ms_Concurrency=1 and GoPool/…, *sync.Map in
// LoadMostlyHits/*sync.Map. nil when no part does.
func alternatives(labels []string, skip string) *altDim {
	type cand struct {
		key    string
		pos    int
		known  bool
		digits int // values with a digit: a size or a count names a workload
		d      *altDim
	}
	parts := make([][]namePart, len(labels))
	procs := make([]string, len(labels))
	var keys []string
	pos := make(map[string]int)
	for i, l := range labels {
		parts[i], procs[i] = partsOf(l)
		for j, p := range parts[i] {
			if _, ok := pos[p.key]; !ok {
				pos[p.key] = j
				keys = append(keys, p.key)
			}
		}
	}
	var best *cand
	for _, k := range keys {
		if k == skip || k == "gomaxprocs" {
			continue
		}
		d := &altDim{key: k, workload: make([]string, len(labels)), value: make([]string, len(labels))}
		names, with, lone := true, 0, 0
		seen := make(map[string]bool)
		for i, ps := range parts {
			j := slices.IndexFunc(ps, func(p namePart) bool { return p.key == k })
			if j < 0 {
				continue
			}
			if len(ps) < 2 { // the part alone: a benchmark of its own, no alternative
				lone++
				continue
			}
			v := ps[j].value
			if v == "" || v[0] >= '0' && v[0] <= '9' {
				names = false
				break
			}
			if _, num := parseNumber(v); num {
				names = false
				break
			}
			with++
			d.value[i] = v
			d.workload[i] = workloadOf(ps, j) + procs[i]
			if !seen[v] {
				seen[v] = true
				d.values = append(d.values, v)
			}
		}
		if !names || len(d.values) < 2 || len(d.values) > 20 {
			continue
		}
		// The labels whose workload has two alternatives or more.
		alts := make(map[string]map[string]bool)
		for i, w := range d.workload {
			if d.value[i] == "" {
				continue
			}
			if alts[w] == nil {
				alts[w] = make(map[string]bool)
				d.workloads = append(d.workloads, w)
			}
			alts[w][d.value[i]] = true
		}
		crossed := 0
		for i, w := range d.workload {
			if d.value[i] != "" && len(alts[w]) >= 2 {
				crossed++
			}
		}
		// Alternatives side by side in at least half of the rows that have
		// the part, lone benchmarks included: two unrelated benchmarks that
		// share a few sub-names (/100, /1000) among forty others are not
		// alternatives of one operation.
		if 2*crossed < with+lone {
			continue
		}
		c := &cand{key: k, pos: pos[k], known: slices.Contains(altKeys, strings.ToLower(k)), d: d}
		for _, v := range d.values {
			if strings.ContainsAny(v, "0123456789") {
				c.digits++
			}
		}
		if best == nil || better(c.known, best.known, c.digits*len(best.d.values), best.digits*len(c.d.values), c.pos, best.pos) {
			best = c
		}
	}
	if best == nil {
		return nil
	}
	return best.d
}

// better reports whether a candidate part for alternatives beats the
// best so far: a key that says so, then fewer of its values with a digit
// (compared as fractions: digits over values, cross-multiplied), then the
// later part.
func better(known, bestKnown bool, digits, bestDigits, pos, bestPos int) bool {
	switch {
	case known != bestKnown:
		return known
	case digits != bestDigits:
		return digits < bestDigits
	}
	return pos > bestPos
}

// workloadOf is the name of parts without part j, joined by "/".
func workloadOf(parts []namePart, j int) string {
	var b strings.Builder
	for i, p := range parts {
		if i == j {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('/')
		}
		if strings.HasPrefix(p.key, "#") {
			b.WriteString(p.value)
		} else {
			b.WriteString(p.key + "=" + p.value)
		}
	}
	return b.String()
}

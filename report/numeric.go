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

// categoricalKey returns the first name key of labels (not gomaxprocs)
// with 2 to 12 distinct values, not all numbers, and those values in order
// of appearance; "" when there is none.
func categoricalKey(labels []string) (string, []string) {
	var order []string
	values := make(map[string][]string)
	numeric := make(map[string]bool)
	for _, l := range labels {
		keys, vals := nameKeys(l)
		for _, k := range keys {
			if k == "gomaxprocs" {
				continue
			}
			if _, ok := values[k]; !ok {
				order = append(order, k)
				numeric[k] = true
			}
			if !slices.Contains(values[k], vals[k]) {
				values[k] = append(values[k], vals[k])
			}
			if _, ok := parseNumber(vals[k]); !ok {
				numeric[k] = false
			}
		}
	}
	for _, k := range order {
		if n := len(values[k]); n >= 2 && n <= 12 && !numeric[k] {
			return k, values[k]
		}
	}
	return "", nil
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

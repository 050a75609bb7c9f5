package model

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"
)

// keyCheck finds the keys of -table, -row and -col that no result has,
// such as the typo "-col /stratgy": benchstat then groups every result
// under the empty value, one unnamed column, without a word. It learns
// which name keys the results have, and the file configuration keys come
// from the configTracker.
type keyCheck struct {
	nameKeys []string // the name keys seen ("strategy", "gomaxprocs"), in order
	last     []byte   // the name of the last result looked at
}

// projected reports whether a Spec projects any key of a name or of the
// file configuration, the only keys a result can lack.
func projected(s Spec) bool {
	for _, p := range []string{s.Table, s.Row, s.Col} {
		for _, f := range ProjectionKeys(p) {
			if !specialKey(f) {
				return true
			}
		}
	}
	return false
}

// ProjectionKeys returns the keys of a projection, its comma- or
// space-separated fields without their sort orders: "/size@num,.name"
// gives /size and .name.
func ProjectionKeys(p string) []string {
	fs := strings.FieldsFunc(p, func(r rune) bool { return r == ',' || r == ' ' })
	for i, f := range fs {
		fs[i], _, _ = strings.Cut(f, "@")
	}
	return fs
}

// add learns the name keys of res. Results come in runs of one name, so
// only a name unlike the last one is taken apart.
func (kc *keyCheck) add(res *benchfmt.Result) {
	if bytes.Equal(res.Name, kc.last) {
		return
	}
	kc.last = append(kc.last[:0], res.Name...)
	_, parts := res.Name.Parts()
	for _, p := range parts {
		var k string
		switch {
		case bytes.HasPrefix(p, []byte("-")):
			k = "gomaxprocs"
		case bytes.HasPrefix(p, []byte("/")):
			key, _, ok := bytes.Cut(p[1:], []byte("="))
			if !ok {
				continue
			}
			k = string(key)
		default:
			continue
		}
		if !slices.Contains(kc.nameKeys, k) {
			kc.nameKeys = append(kc.nameKeys, k)
		}
	}
}

// warnings returns a warning for each key of the Spec's projections that
// every result lacks: its values are all empty in the keys of the tables,
// their rows or their columns. configKeys are the file configuration keys
// the results have.
func (kc *keyCheck) warnings(tables map[benchproc.Key]*builderTable, configKeys []string) []string {
	var tableKeys, rowKeys, colKeys []benchproc.Key
	for tk, t := range tables {
		tableKeys = append(tableKeys, tk)
		for k := range t.rows {
			rowKeys = append(rowKeys, k)
		}
		for k := range t.cols {
			colKeys = append(colKeys, k)
		}
	}
	var out []string
	for _, p := range []struct {
		flag string
		keys []benchproc.Key
	}{{"-table", tableKeys}, {"-row", rowKeys}, {"-col", colKeys}} {
		if len(p.keys) == 0 {
			continue
		}
		for _, f := range p.keys[0].Projection().Fields() {
			if f.IsTuple || specialKey(f.Name) || slices.ContainsFunc(p.keys, func(k benchproc.Key) bool { return k.Get(f) != "" }) {
				continue
			}
			out = append(out, kc.missing(p.flag, f.Name, configKeys))
		}
	}
	return out
}

// specialKey reports whether key is one of benchproc's own: the others
// that start with "." are configuration keys (".file" is benchfmt's), and
// a misspelled one (".fle") is a key no result has.
func specialKey(key string) bool {
	switch key {
	case ".config", ".unit", ".name", ".fullname", ".file":
		return true
	}
	return false
}

// missing words the warning for a key no result has.
func (kc *keyCheck) missing(flag, key string, configKeys []string) string {
	var have []string
	if len(kc.nameKeys) > 0 {
		names := make([]string, len(kc.nameKeys))
		for i, k := range kc.nameKeys {
			names[i] = "/" + k
		}
		have = append(have, "the names have "+strings.Join(names, ", "))
	} else {
		have = append(have, "the names have no key=value part")
	}
	if len(configKeys) > 0 {
		have = append(have, "the files have "+strings.Join(configKeys, ", "))
	}
	what := "configuration key"
	if strings.HasPrefix(key, "/") {
		what = "name key"
	}
	return fmt.Sprintf("%s: no result has the %s %s, so its values are all empty; %s", flag, what, key, strings.Join(have, "; "))
}

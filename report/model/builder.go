package model

import (
	"bytes"
	"errors"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"

	"github.com/concbench/concbench/report/parse"
)

// A Builder collects benchmark results into Tables. It follows benchstat's
// internal benchtab builder step for step (golang.org/x/perf/cmd/benchstat),
// so that the same results and Spec give the same tables, rows, columns,
// samples and warnings.
type Builder struct {
	spec Spec
	c    *compiled

	tables map[benchproc.Key]*builderTable
	config configTracker
	keys   *keyCheck // nil when the Spec projects no key a result can lack

	// also are the other groupings of the results (see Also).
	also []alsoBuilder
}

// An alsoBuilder is a grouping of Also: the builder and which results it
// gets.
type alsoBuilder struct {
	b    *Builder
	keep func(*benchfmt.Result) bool
}

type builderTable struct {
	rows, cols map[benchproc.Key]struct{}
	cells      map[CellKey]*builderCell
}

type builderCell struct {
	values  []float64
	residue map[benchproc.Key]struct{}
	// ones and many count the samples that ran one op and more; single
	// holds the indexes in values of the one-op samples once the cell has
	// both (until then they are all or none of values: nothing to keep,
	// which spares a cell of -benchtime 1x runs an index per value).
	ones, many int32
	single     []int32

	// measured holds the values in the order added with their rounds,
	// from the first value with a round on; nil until then.
	measured []Measurement
}

// NewBuilder returns a Builder for spec, or spec's first problem.
func NewBuilder(spec Spec) (*Builder, error) {
	c, err := spec.compile()
	if err != nil {
		return nil, err
	}
	b := &Builder{spec: spec, c: c, tables: make(map[benchproc.Key]*builderTable)}
	if projected(spec) {
		b.keys = &keyCheck{}
	}
	return b, nil
}

// Add adds the values of res that the Spec's filter keeps; it reports
// whether any were kept. The filter may drop units from res.Values. A
// non-nil error says why a result was filtered out (benchstat prints it
// as a warning) and does not stop the build.
func (b *Builder) Add(res *benchfmt.Result) (bool, error) { return b.AddRound(res, 0) }

// AddRound is Add for a result measured in round (see
// parse.ScanRounds; 0 for none): each of its values keeps its round, in
// Cell.Measured.
func (b *Builder) AddRound(res *benchfmt.Result, round int) (bool, error) {
	if ok, err := b.c.filter.Apply(res); !ok {
		return false, err
	}
	b.config.add(res)
	if b.keys != nil {
		b.keys.add(res)
	}
	tableKeys := b.c.tableBy.ProjectValues(res)
	rowKey := b.c.rowBy.Project(res)
	colKey := b.c.colBy.Project(res)
	residueKey := b.c.residue.Project(res)
	cellKey := CellKey{rowKey, colKey}
	for i, tk := range tableKeys {
		addTo(b.tables, tk, cellKey, res.Values[i].Value, res.Iters, round, residueKey)
	}
	for _, a := range b.also {
		if a.keep == nil || a.keep(res) {
			a.b.AddRound(res, round)
		}
	}
	return true, nil
}

func newBuilderTable() *builderTable {
	return &builderTable{
		rows:  make(map[benchproc.Key]struct{}),
		cols:  make(map[benchproc.Key]struct{}),
		cells: make(map[CellKey]*builderCell),
	}
}

// addTo adds one value, of a result of iters ops measured in round, to
// the cell of tables at (tk, ck).
func addTo(tables map[benchproc.Key]*builderTable, tk benchproc.Key, ck CellKey, v float64, iters, round int, residue benchproc.Key) {
	t := tables[tk]
	if t == nil {
		t = newBuilderTable()
		tables[tk] = t
	}
	c := t.cells[ck]
	if c == nil {
		c = &builderCell{residue: make(map[benchproc.Key]struct{})}
		t.cells[ck] = c
		t.rows[ck.Row] = struct{}{}
		t.cols[ck.Col] = struct{}{}
	}
	if round != 0 && c.measured == nil {
		c.measured = make([]Measurement, len(c.values), len(c.values)+1)
		for i, old := range c.values {
			c.measured[i].Value = old
		}
	}
	if c.measured != nil {
		c.measured = append(c.measured, Measurement{Value: v, Round: round})
	}
	switch {
	case iters == 1 && c.many > 0:
		c.single = append(c.single, int32(len(c.values)))
	case iters != 1 && c.many == 0 && c.ones > 0: // the first of more after one-op samples only
		c.single = make([]int32, c.ones)
		for i := range c.single {
			c.single[i] = int32(i)
		}
	}
	if iters == 1 {
		c.ones++
	} else {
		c.many++
	}
	c.values = append(c.values, v)
	c.residue[residue] = struct{}{}
}

// Also returns a Builder that groups the results keep accepts (all when
// keep is nil) another way, under spec, as b gets them: in the same pass.
// keep is called with each result b's filter kept; the other Builder gets
// the values b's filter kept, and then applies spec's own filter. A
// report's preset gets the results it claims so.
func (b *Builder) Also(spec Spec, keep func(*benchfmt.Result) bool) (*Builder, error) {
	also, err := NewBuilder(spec)
	if err != nil {
		return nil, err
	}
	b.also = append(b.also, alsoBuilder{also, keep})
	return also, nil
}

// Len returns the number of results added and kept.
func (b *Builder) Len() int { return b.config.n }

// Tables computes the statistics of every cell and returns the tables in
// benchstat's order. units is the unit metadata of the inputs
// (benchfmt.Reader.Units), which sets each unit's assumption and
// direction.
func (b *Builder) Tables(units benchfmt.UnitMetadataMap) *Tables {
	tables, unitField := b.tables, b.c.unitField
	keys := sortedKeys(tables)
	out := &Tables{Spec: b.spec, Keys: keys, Common: b.config.common()}
	th := benchmath.DefaultThresholds
	th.CompareAlpha = b.spec.Alpha

	limit := make(chan struct{}, 2*runtime.GOMAXPROCS(-1))
	var wg sync.WaitGroup
	var singleOp map[*Cell][]float64 // see singleOpNote
	for _, k := range keys {
		bt := tables[k]
		unit := k.Get(unitField)
		t := &Table{
			Key:        k,
			Unit:       unit,
			Better:     Better(units, unit),
			Assumption: units.GetAssumption(unit),
			Alpha:      b.spec.Alpha,
			Confidence: b.spec.Confidence,
			Rows:       sortedKeys(bt.rows),
			Cols:       sortedKeys(bt.cols),
			Cells:      make(map[CellKey]*Cell, len(bt.cells)),
		}
		t.Own = ownConfig(k, out.Common)
		out.Tables = append(out.Tables, t)
		for ck, bc := range bt.cells {
			single := bc.singleOps() // before NewSample sorts the values
			cell := &Cell{Sample: benchmath.NewSample(bc.values, &th), Measured: bc.measured}
			t.Cells[ck] = cell
			if single != nil {
				if singleOp == nil {
					singleOp = make(map[*Cell][]float64)
				}
				singleOp[cell] = single
			}
		}
		base := t.Cols[0]
		wg.Add(len(bt.cells))
		for ck, bc := range bt.cells {
			cell := t.Cells[ck]
			if ck.Col != base {
				cell.Baseline = t.Cells[CellKey{ck.Row, base}]
			}
			limit <- struct{}{}
			go func() {
				defer wg.Done()
				summarize(bc, cell, t.Assumption, t.Confidence)
				<-limit
			}()
		}
	}
	wg.Wait()
	for _, t := range out.Tables {
		t.summarizeCols()
	}
	if b.keys != nil {
		out.Warnings = b.keys.warnings(b.tables, b.config.seen())
	}
	if n := singleOpNote(out.Tables, singleOp); n != "" {
		out.Warnings = append(out.Warnings, n)
	}
	return out
}

// singleOps returns the values of the samples that ran one op when some
// others ran more, else nil.
func (c *builderCell) singleOps() []float64 {
	if c.ones == 0 || c.many == 0 {
		return nil
	}
	vs := make([]float64, len(c.single))
	for i, at := range c.single {
		vs[i] = c.values[at]
	}
	return vs
}

func summarize(bc *builderCell, cell *Cell, a benchmath.Assumption, confidence float64) {
	cell.Summary = a.Summary(cell.Sample, confidence)
	if cell.Baseline != nil {
		cell.Comparison = a.Compare(cell.Baseline.Sample, cell.Sample)
	}
	if len(bc.residue) < 2 {
		return // one residue key: nothing varies
	}
	if nsk := benchproc.NonSingularFields(sortedKeys(bc.residue)); len(nsk) > 0 {
		names := make([]string, len(nsk))
		for i, f := range nsk {
			names[i] = f.Name
		}
		cell.Sample.Warnings = append(cell.Sample.Warnings, errors.New("benchmarks vary in "+strings.Join(names, ", ")))
	}
}

func sortedKeys[V any](m map[benchproc.Key]V) []benchproc.Key {
	keys := make([]benchproc.Key, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	benchproc.SortKeys(keys)
	return keys
}

// configTracker finds the file configuration that every kept result
// shares. Results come in runs with the same configuration, so it counts
// a run of identical configurations and updates its map only when the
// configuration changes.
type configTracker struct {
	n     int
	order []string
	keys  map[string]*configStat

	last    []benchfmt.Config // the configuration of the current run, copied
	lastLen int               // results in the current run
}

type configStat struct {
	value   string
	count   int
	differs bool
}

func (ct *configTracker) add(res *benchfmt.Result) {
	ct.n++
	if ct.same(res.Config) {
		ct.lastLen++
		return
	}
	ct.flush()
	// The values are copied into the buffers of the run before, which
	// flush has counted: files whose configuration changes with every
	// result (benchseries') would otherwise allocate a value per key per
	// result.
	bufs := ct.last[:cap(ct.last)]
	ct.last = ct.last[:0]
	for _, c := range res.Config {
		if c.File && c.Key != ".file" {
			var v []byte
			if i := len(ct.last); i < len(bufs) {
				v = bufs[i].Value[:0] // read before append overwrites element i
			}
			ct.last = append(ct.last, benchfmt.Config{Key: c.Key, Value: append(v, c.Value...), File: true})
		}
	}
	ct.lastLen = 1
}

// same reports whether cfg's file configuration is the current run's.
func (ct *configTracker) same(cfg []benchfmt.Config) bool {
	if ct.lastLen == 0 {
		return false
	}
	i := 0
	for _, c := range cfg {
		if !c.File || c.Key == ".file" {
			continue
		}
		if i >= len(ct.last) || ct.last[i].Key != c.Key || !bytes.Equal(ct.last[i].Value, c.Value) {
			return false
		}
		i++
	}
	return i == len(ct.last)
}

// flush counts the current run into the map.
func (ct *configTracker) flush() {
	if ct.lastLen == 0 {
		return
	}
	if ct.keys == nil {
		ct.keys = make(map[string]*configStat)
	}
	for _, c := range ct.last {
		st := ct.keys[c.Key]
		if st == nil {
			st = &configStat{value: string(c.Value)}
			ct.keys[c.Key] = st
			ct.order = append(ct.order, c.Key)
		} else if !st.differs && string(c.Value) != st.value {
			st.differs = true
		}
		st.count += ct.lastLen
	}
	ct.lastLen = 0
}

// seen returns every file configuration key of the results, in the order
// they first appear.
func (ct *configTracker) seen() []string {
	ct.flush()
	return slices.Clone(ct.order)
}

func (ct *configTracker) common() []parse.Config {
	ct.flush()
	var out []parse.Config
	for _, k := range ct.order {
		if st := ct.keys[k]; !st.differs && st.count == ct.n && st.value != "" {
			out = append(out, parse.Config{Key: k, Value: st.value})
		}
	}
	return out
}

// ownConfig returns the fields of a table key, but for its unit, whose
// values are not common to all results.
func ownConfig(k benchproc.Key, common []parse.Config) []parse.Config {
	var out []parse.Config
	for _, f := range k.Projection().FlattenedFields() {
		if f.Name == ".unit" {
			continue
		}
		v := k.Get(f)
		isCommon := false
		for _, c := range common {
			if c.Key == f.Name && c.Value == v {
				isCommon = true
			}
		}
		if !isCommon && v != "" {
			out = append(out, parse.Config{Key: f.Name, Value: v})
		}
	}
	return out
}

package view

import (
	"encoding/json"
	"io"
	"math"

	"golang.org/x/perf/benchmath"

	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
)

// The JSON document, every number unformatted. Infinite or undefined
// numbers (an interval from too few samples) are null.
type (
	jsonDoc struct {
		Common     map[string]string `json:"common"`
		Alpha      float64           `json:"alpha"`
		Confidence float64           `json:"confidence"`
		Tables     []jsonTable       `json:"tables"`
	}
	jsonTable struct {
		Config     map[string]string `json:"config"` // the table key, but for the unit
		Own        map[string]string `json:"own"`    // what not every result shares
		Unit       string            `json:"unit"`
		Better     int               `json:"better"` // +1 higher is better, -1 lower, 0 unknown
		Assumption string            `json:"assumption"`
		Columns    []string          `json:"columns"`
		Rows       []jsonRow         `json:"rows"`
		Geomean    []jsonGeomean     `json:"geomean"`
	}
	jsonRow struct {
		Name  string     `json:"name"`
		Cells []jsonCell `json:"cells"`
	}
	jsonCell struct {
		Column   string    `json:"column"`
		N        int       `json:"n"`
		Values   []float64 `json:"values"`
		Center   *float64  `json:"center"`
		Lo       *float64  `json:"lo"`
		Hi       *float64  `json:"hi"`
		Range    string    `json:"range"`            // "± 3%", as printed
		Delta    *float64  `json:"delta,omitempty"`  // relative change from the base, when significant
		Change   *float64  `json:"change,omitempty"` // relative change from the base, always
		P        *float64  `json:"p,omitempty"`
		Verdict  string    `json:"vs_base,omitempty"` // "-17.20%" or "~", as printed
		Warnings []string  `json:"warnings,omitempty"`
	}
	jsonGeomean struct {
		Column  string   `json:"column"`
		Geomean *float64 `json:"geomean"`
		Ratio   *float64 `json:"ratio,omitempty"`
	}
)

func num(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func configMap(cs []parse.Config) map[string]string {
	m := make(map[string]string, len(cs))
	for _, c := range cs {
		m[c.Key] = c.Value
	}
	return m
}

// WriteJSON writes every cell of ts as JSON: medians, intervals, samples,
// changes, p-values and n.
func WriteJSON(w io.Writer, ts *model.Tables) error {
	doc := jsonDoc{Common: configMap(ts.Common), Alpha: ts.Spec.Alpha, Confidence: ts.Spec.Confidence, Tables: []jsonTable{}}
	for i, t := range ts.Tables {
		jt := jsonTable{Config: map[string]string{}, Own: configMap(t.Own), Unit: t.Unit, Better: t.Better, Rows: []jsonRow{}}
		k := ts.Keys[i]
		for _, f := range k.Projection().FlattenedFields() {
			if f.Name != ".unit" {
				jt.Config[f.Name] = k.Get(f)
			}
		}
		jt.Assumption = assumptionName(t)
		for _, c := range t.Cols {
			jt.Columns = append(jt.Columns, model.Label(c))
		}
		for _, rk := range t.Rows {
			jr := jsonRow{Name: model.Label(rk)}
			for _, ck := range t.Cols {
				c := t.Cell(rk, ck)
				if c == nil {
					continue
				}
				jc := jsonCell{
					Column: model.Label(ck), N: len(c.Sample.Values), Values: c.Sample.Values,
					Center: num(c.Summary.Center), Lo: num(c.Summary.Lo), Hi: num(c.Summary.Hi),
					Range: c.Summary.PctRangeString(),
				}
				if c.Baseline != nil {
					ch := c.Summary.Center/c.Baseline.Summary.Center - 1
					jc.Change = num(ch)
					if c.Significant() {
						jc.Delta = num(ch)
					}
					jc.P = num(c.Comparison.P)
					jc.Verdict = c.Comparison.FormatDelta(c.Baseline.Summary.Center, c.Summary.Center)
				}
				for _, e := range c.Warnings() {
					jc.Warnings = append(jc.Warnings, e.Error())
				}
				jr.Cells = append(jr.Cells, jc)
			}
			jt.Rows = append(jt.Rows, jr)
		}
		for j, ck := range t.Cols {
			s := t.Summary[ck]
			g := jsonGeomean{Column: model.Label(ck)}
			if s.HasSummary {
				g.Geomean = num(s.Summary)
			}
			if j > 0 && s.HasRatio {
				g.Ratio = num(s.Ratio)
			}
			jt.Geomean = append(jt.Geomean, g)
		}
		doc.Tables = append(doc.Tables, jt)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func assumptionName(t *model.Table) string {
	switch t.Assumption {
	case benchmath.AssumeExact:
		return "exact"
	case benchmath.AssumeNormal:
		return "normal"
	}
	return "nothing"
}

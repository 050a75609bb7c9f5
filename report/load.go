package report

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
	"github.com/concbench/concbench/report/stats"
)

// An Input is the benchmark output a report is made of: its model under
// the user's Spec, what the parser learned, and the model of the results
// the suite's sections compare.
type Input struct {
	// Tables is the model of the results under the Spec.
	Tables *model.Tables

	// Info describes the inputs: their labels and configuration, the
	// unit metadata and the parser's warnings.
	Info *parse.Info

	// suite describes the inputs to the suite's sections (labels and
	// configuration, no results), and suiteTables are the statistics of
	// the results whose names have a key the sections compare along
	// (strategy=, check=, reduce=): a table per unit, a row per full
	// name, a column per input. Both are nil when there is none.
	suite       *parse.Set
	suiteTables *stats.Tables

	// filterErrs are the reasons the filter gave for dropping results.
	filterErrs []string
}

// suiteSpec is the grouping of the suite's sections: a table per unit (so
// that a run stays comparable when a configuration line changes), a row
// per full name, a column per input.
var suiteSpec = stats.UnitSpec

// Load reads the inputs (paths, "-" for stdin, "label=path") and builds
// their model under spec (the zero Spec is DefaultSpec). It keeps no
// result: only the models' values.
func Load(files []string, stdin io.Reader, spec model.Spec) (*Input, error) {
	if spec == (model.Spec{}) {
		spec = DefaultSpec
	}
	b, err := model.NewBuilder(spec)
	if err != nil {
		return nil, err
	}
	// The suite's sections want rows by full name and columns by input:
	// when the Spec has those, its builder groups them per unit too;
	// otherwise a second builder does.
	var sb *model.Builder
	if spec.Row == suiteSpec.Row && spec.Col == suiteSpec.Col {
		b.AlsoPerUnit(isSuiteResult)
	} else if sb, err = model.NewBuilder(suiteSpec); err != nil {
		return nil, err
	}
	in := &Input{}
	add := func(res *benchfmt.Result) {
		if sb != nil && isSuiteResult(res) {
			sb.Add(res)
		}
		if ok, err := b.Add(res); !ok && err != nil && len(in.filterErrs) < 100 {
			in.filterErrs = append(in.filterErrs, err.Error())
		}
	}
	info, err := parse.Scan(parse.Sources(files), stdin, add)
	if err != nil {
		return nil, err
	}
	in.Info = info
	if b.Len() == 0 {
		return nil, fmt.Errorf("no result matches -filter %q", spec.Filter)
	}
	in.Tables = b.Tables(info.Units)
	perUnit := b.PerUnit(info.Units)
	if sb != nil && sb.Len() > 0 {
		perUnit = sb.Tables(info.Units)
	}
	if perUnit != nil {
		in.suite = &parse.Set{Units: info.Units}
		var labels []string
		for _, inp := range info.Inputs {
			in.suite.Runs = append(in.suite.Runs, &parse.Run{Label: inp.Label, Config: slices.Clone(inp.Config)})
			labels = append(labels, inp.Label)
		}
		in.suiteTables = stats.FromModel(perUnit, labels)
	}
	return in, nil
}

// suiteKeys are the name keys that the suite's sections compare along:
// those of stats.DefaultAxes, as "/key=".
var suiteKeys = func() [][]byte {
	var out [][]byte
	for _, a := range stats.DefaultAxes {
		out = append(out, []byte("/"+contract.KV(a.Key, "")))
	}
	return out
}()

func isSuiteResult(res *benchfmt.Result) bool {
	for _, k := range suiteKeys {
		if bytes.Contains(res.Name, k) {
			return true
		}
	}
	return false
}

// warnings lists the parser's warnings and the filter's.
func (in *Input) warnings() []string {
	var out []string
	for _, w := range in.Info.Warnings {
		out = append(out, w.String())
	}
	out = append(out, in.Tables.Warnings...)
	return append(out, in.filterErrs...)
}

// machineKeys are the configuration lines that describe the machine, in
// the order REPORT.md lists them.
var machineKeys = []string{"goos", "goarch", "cpu", contract.NumCPU, contract.GOMAXPROCS}

// machine splits what every result shares into the machine and the rest,
// and lists each key whose value differs between tables with its values.
func (in *Input) machine() (machine, config []parse.Config, varying []string) {
	common := make(map[string]string)
	for _, c := range in.Tables.Common {
		common[c.Key] = c.Value
	}
	for _, k := range machineKeys {
		if v, ok := common[k]; ok {
			machine = append(machine, parse.Config{Key: k, Value: v})
		}
	}
	for _, c := range in.Tables.Common {
		if !slices.Contains(machineKeys, c.Key) {
			config = append(config, parse.Config{Key: c.Key, Value: c.Value})
		}
	}
	values := make(map[string][]string)
	var keys []string
	for _, t := range in.Tables.Tables {
		for _, c := range t.Own {
			if _, ok := values[c.Key]; !ok {
				keys = append(keys, c.Key)
			}
			if !slices.Contains(values[c.Key], c.Value) {
				values[c.Key] = append(values[c.Key], c.Value)
			}
		}
	}
	for _, k := range keys {
		vs := values[k]
		s := fmt.Sprintf("%s (%d values: %s", k, len(vs), strings.Join(vs[:min(len(vs), 4)], ", "))
		if len(vs) > 4 {
			s += ", …"
		}
		varying = append(varying, s+")")
	}
	return machine, config, varying
}

// counts returns the input labels, the number of results, of distinct
// benchmarks (a row of a table, whatever the unit) and of tables.
func (in *Input) counts() (labels []string, results, benchmarks, tables int) {
	for _, inp := range in.Info.Inputs {
		labels = append(labels, inp.Label)
		results += inp.Results
	}
	seen := make(map[string]bool)
	for _, t := range in.Tables.Tables {
		own := fmt.Sprint(t.Own)
		for _, r := range t.Rows {
			seen[own+"\x00"+model.Label(r)] = true
		}
	}
	return labels, results, len(seen), len(in.Tables.Tables)
}

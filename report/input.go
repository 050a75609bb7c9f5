package report

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
)

// An Input is the benchmark output a report is made of, read in one pass:
// what the parser learned, the model under the report's Spec, and the
// results a Preset claimed, grouped its way.
type Input struct {
	// Info describes the inputs: their labels, configuration and notes,
	// the unit metadata and the parser's warnings.
	Info *parse.Info

	// Tables is the model of the results under the Spec.
	Tables *model.Tables

	// Claimed is the model of the results the Preset claimed, under its
	// Spec; nil without a Preset or when it claimed none.
	Claimed *model.Tables

	// trend is the model the Changes section follows the runs in (see
	// trendSpec); nil when the report does not follow them.
	trend *model.Tables

	// filterErrs are the reasons the filter gave for dropping results.
	filterErrs []string

	// kept counts the results that passed the filter.
	kept int
}

// Load reads opts.Files (paths, "-" for opts.Stdin, "label=path") once,
// through parse.ScanRounds into one model.Builder under opts.Spec (the
// zero Spec is DefaultSpec), which also groups, in the same pass, the
// results opts.Preset claims under the preset's Spec and, when the report
// follows three or more runs under a Spec whose columns are not the
// inputs, every result under the trend's. It keeps no result: only the
// models' values.
func Load(opts Options) (*Input, error) { return load(opts, true) }

// spec is the Spec of the report: opts.Spec, or DefaultSpec for the zero
// Spec.
func (opts Options) spec() model.Spec {
	if opts.Spec == (model.Spec{}) {
		return DefaultSpec
	}
	return opts.Spec
}

// load is Load; without runs, it does not group the results for the
// trend (Tables prints the tables alone).
func load(opts Options, runs bool) (*Input, error) {
	spec := opts.spec()
	b, err := model.NewBuilder(spec)
	if err != nil {
		return nil, err
	}
	var claimed, follow *model.Builder
	if p := opts.Preset; p != nil {
		if claimed, err = b.Also(p.Spec(), p.Claims); err != nil {
			return nil, fmt.Errorf("the preset's grouping: %w", err)
		}
	}
	ts, own := trendSpec(spec)
	if runs && followsRuns(opts.Files) && !own {
		if follow, err = b.Also(ts, nil); err != nil {
			return nil, err
		}
	}
	in := &Input{}
	add := func(res *benchfmt.Result, round int) {
		if ok, err := b.AddRound(res, round); !ok && err != nil && len(in.filterErrs) < 100 {
			in.filterErrs = append(in.filterErrs, err.Error())
		}
	}
	info, err := parse.ScanWith(opts.context(), parse.Sources(opts.Files), opts.Stdin, parse.Options{SkipEmpty: true}, add)
	if err != nil {
		return nil, err
	}
	in.Info = info
	if b.Len() == 0 {
		return nil, fmt.Errorf("no result matches -filter %q", spec.Filter)
	}
	in.kept = b.Len()
	in.Tables = b.Tables(info.Units)
	if claimed != nil && claimed.Len() > 0 {
		in.Claimed = claimed.Tables(info.Units)
	}
	switch {
	case follow != nil:
		in.trend = follow.Tables(info.Units)
	case runs && followsRuns(opts.Files):
		in.trend = in.Tables
	}
	return in, nil
}

// History returns the inputs from the oldest run to the newest, and how
// they were ordered: the order given. (The runner's files will carry
// their commits' place in the history; this is where a report orders
// them.)
func (in *Input) History() (inputs []parse.InputInfo, by string) {
	return in.Info.Inputs, "in the order given"
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
			config = append(config, c)
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
		s := fmt.Sprintf("%s (%s: %s", k, text.Count(len(vs), "value"), strings.Join(vs[:min(len(vs), 4)], ", "))
		if len(vs) > 4 {
			s += ", …"
		}
		varying = append(varying, s+")")
	}
	return machine, config, varying
}

// counts returns the input labels, the number of results that passed
// the filter, of distinct benchmarks (a row of a table, whatever the unit)
// and of tables.
func (in *Input) counts() (labels []string, results, benchmarks, tables int) {
	for _, inp := range in.Info.Inputs {
		labels = append(labels, inp.Label)
	}
	results = in.kept
	seen := make(map[string]bool)
	for _, t := range in.Tables.Tables {
		own := fmt.Sprint(t.Own)
		for _, r := range t.Rows {
			seen[own+"\x00"+model.Label(r)] = true
		}
	}
	return labels, results, len(seen), len(in.Tables.Tables)
}

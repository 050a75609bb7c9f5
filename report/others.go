package report

import "strings"

// This file places the benchmarks that no group compares — plain user
// benchmarks, the suite's per-request overhead and load test — into the
// report's sections, so that every benchmark shows in a visible table.

// suiteOthers maps the base names of the suite's benchmarks that compare
// nothing to a base name of their task: BenchmarkRequest (the cost of one
// request) and BenchmarkLoad (the load test) belong with BenchmarkIO.
var suiteOthers = map[string]string{"Request": "IO", "Load": "IO"}

// taskFor returns the task titled title, adding it when new.
func (a *analysis) taskFor(title, prefix string) *task {
	for _, t := range a.tasks {
		if t.name == title {
			return t
		}
	}
	t := &task{name: title, prefix: prefix, about: a.about(prefix)}
	a.tasks = append(a.tasks, t)
	return t
}

// placeOthers adds every benchmark of the current run that no group
// compares to the others of a task, in input order: to a suite task when
// its name belongs there and the input is the suite's (see isSuite), else
// to the other benchmarks.
func (a *analysis) placeOthers() {
	grouped := make(map[string]bool)
	for _, t := range a.tasks {
		for _, g := range t.all() {
			if g.Base != nil {
				grouped[g.Base.Name] = true
			}
			for _, s := range g.Members {
				grouped[s.Row.Name] = true
			}
		}
	}
	present := make(map[string]bool) // with a cell in the current run
	for _, t := range a.tables.Tables {
		for _, row := range t.Rows {
			if row.Cells[a.cur] != nil {
				present[row.Name] = true
			}
		}
	}
	seen := make(map[string]bool)
	for _, res := range a.run.Results {
		name := res.Name.String()
		if grouped[name] || seen[name] || !present[name] {
			continue
		}
		seen[name] = true
		t := a.taskFor(a.otherTaskOf(string(res.Name.Base())))
		t.others = append(t.others, name)
	}
}

// otherTaskOf names the task of a benchmark in no group, by its base name.
func (a *analysis) otherTaskOf(base string) (title, prefix string) {
	title, prefix = taskOf(base)
	if like, ok := suiteOthers[base]; ok {
		title, prefix = taskOf(like)
	}
	if prefix != "other" && !a.isSuite(prefix) {
		return taskOf("")
	}
	return title, prefix
}

// isSuite reports whether the input holds the suite's task of the prefix:
// whether the task has groups, or the run has the task's configuration
// lines ("io-latency: …"). A user's BenchmarkLoad stays with the other
// benchmarks.
func (a *analysis) isSuite(prefix string) bool {
	for _, t := range a.tasks {
		if t.prefix == prefix && len(t.all()) > 0 {
			return true
		}
	}
	for _, c := range a.run.Config {
		if strings.HasPrefix(c.Key, prefix+"-") {
			return true
		}
	}
	return false
}

// othersTitle is the heading of a task's other benchmarks when it has
// groups too: "Other IO benchmarks".
func othersTitle(t *task) string {
	if t.prefix == "other" {
		return "Benchmarks without a reference"
	}
	return "Other " + strings.TrimSuffix(t.name, " task") + " benchmarks"
}

package report_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestEngineImports holds the engine to knowing no suite: no package of
// report/ but the preset's depends, directly or not, on impl/ (whose
// packages register child-process handlers in their init), runner/ or
// the preset; and the preset depends on neither impl/ nor runner/.
func TestEngineImports(t *testing.T) {
	const module = "github.com/concbench/concbench/"
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	engine := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, deps, _ := strings.Cut(line, " ")
		preset := strings.HasPrefix(pkg, module+"report/suite")
		if !preset {
			engine++
		}
		for _, d := range strings.Fields(deps) {
			rel, ok := strings.CutPrefix(d, module)
			if !ok {
				continue
			}
			switch {
			case strings.HasPrefix(rel, "impl/"), rel == "runner", strings.HasPrefix(rel, "runner/"):
				t.Errorf("%s depends on %s", pkg, d)
			case !preset && strings.HasPrefix(rel, "report/suite"):
				t.Errorf("%s, of the engine, depends on the preset %s", pkg, d)
			}
		}
	}
	if engine < 8 {
		t.Errorf("go list found %d packages of the engine; want the report/... packages", engine)
	}
}

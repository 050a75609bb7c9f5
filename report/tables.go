package report

import (
	"context"
	"fmt"
	"io"

	"github.com/concbench/concbench/report/model"
)

// Tables reads the inputs as Generate does and returns their model under
// spec, writing the warnings to warnings (one a line; nil discards them),
// without REPORT.md or a chart: what concbench report -format prints when
// no output directory is asked for, at about benchstat's cost. Once ctx
// is done it stops reading and returns ctx's cause, and no tables.
func Tables(ctx context.Context, files []string, stdin io.Reader, spec model.Spec, warnings io.Writer) (*model.Tables, error) {
	in, err := load(Options{Files: files, Stdin: stdin, Spec: spec, Context: ctx}, false)
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	if warnings != nil {
		for _, w := range in.warnings() {
			fmt.Fprintln(warnings, w)
		}
	}
	return in.Tables, nil
}

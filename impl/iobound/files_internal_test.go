package iobound

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/internal/dirtest"
)

// TestReplaceAll: the files go in place all or none. A rename that fails
// part of the way moves back what was done; a destination that is not a
// regular file stops it before anything moves; files to remove go in the
// same step.
func TestReplaceAll(t *testing.T) {
	out, aside, src := t.TempDir(), t.TempDir(), t.TempDir()
	put := func(dir, name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	put(out, "results.0.json", "old 0")
	put(out, "results.1.json", "old 1")
	put(out, "results.2.json", "old 2")
	before := dirtest.Files(t, out)
	a, b := put(src, "a", "new 0"), put(src, "b", "new 1")
	moves := [][2]string{{a, filepath.Join(out, "results.0.json")}, {b, filepath.Join(out, "results.1.json")}}

	// The second source is gone: the first move is undone.
	missing := [][2]string{moves[0], {filepath.Join(src, "gone"), moves[1][1]}}
	if err := ReplaceAll(aside, missing, []string{filepath.Join(out, "results.2.json")}); err == nil || strings.Contains(err.Error(), src) {
		t.Errorf("error %v, want one naming the destination only", err)
	}
	if got := dirtest.Files(t, out); !maps.Equal(got, before) {
		t.Errorf("after a failed rename: %q, want %q", got, before)
	}

	// A directory where a file goes: nothing moves.
	if err := os.Mkdir(filepath.Join(out, "results.3.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	blocked := append(moves, [2]string{put(src, "c", "new 3"), filepath.Join(out, "results.3.json")})
	if err := ReplaceAll(aside, blocked, nil); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("error %v, want the directory named", err)
	}
	if got := dirtest.Files(t, out); !maps.Equal(got, before) {
		t.Errorf("after a blocked destination: %q, want %q", got, before)
	}

	if err := ReplaceAll(aside, moves, []string{filepath.Join(out, "results.2.json")}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"results.0.json": "new 0", "results.1.json": "new 1"}
	if got := dirtest.Files(t, out); !maps.Equal(got, want) {
		t.Errorf("after ReplaceAll: %q, want %q", got, want)
	}
}

// TestMaxLetters: a run whose letters could not fit in memory is refused
// by Validate, before it starts.
func TestMaxLetters(t *testing.T) {
	cfg := DefaultConfig
	cfg.Iterations, cfg.Requests = 1, 2600
	cfg.Params = apisim.Params{Min: 1000, Max: 1000, Count: 1000}
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "letters") {
		t.Errorf("2.6e9 letters: %v, want an error", err)
	}
	cfg.Requests = 20
	if err := cfg.Validate(); err != nil {
		t.Errorf("2e7 letters: %v", err)
	}
}

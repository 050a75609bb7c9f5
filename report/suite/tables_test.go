package suite

import (
	"errors"
	"testing"
)

func TestFootnotes(t *testing.T) {
	fn := newFootnotes()
	a, b := errors.New("a"), errors.New("b")
	if got := fn.mark([]error{a}, []error{b, a}); got != " ¹ ² ¹" {
		t.Errorf("marks %q", got)
	}
	if got := superscript(120); got != "¹²⁰" {
		t.Errorf("superscript(120) = %q", got)
	}
}

package render_test

import (
	"strings"
	"testing"

	"github.com/shipshape-dev/shipshape/internal/golden"
	"github.com/shipshape-dev/shipshape/internal/render"
	"github.com/shipshape-dev/shipshape/internal/spec"
)

// renderCase loads a golden case's shipshape.yaml and renders it.
func renderCase(tb testing.TB, name string) []render.File {
	tb.Helper()
	input := golden.Read(tb, name)[golden.Input]
	s, err := spec.Load(strings.NewReader(input), spec.Default(name))
	if err != nil {
		tb.Fatalf("loading golden/%s/%s: %v", name, golden.Input, err)
	}
	files, err := render.Files(s)
	if err != nil {
		tb.Fatalf("Files(%s): %v", name, err)
	}
	return files
}

func TestGolden(t *testing.T) {
	for _, name := range golden.Cases(t) {
		t.Run(name, func(t *testing.T) {
			got := map[string]string{}
			for _, f := range renderCase(t, name) {
				got[f.Path] = string(f.Data)
			}
			golden.Compare(t, name, got)
		})
	}
}

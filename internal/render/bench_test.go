package render_test

import (
	"testing"

	"github.com/shipshape-dev/shipshape/internal/render"
	"github.com/shipshape-dev/shipshape/internal/spec"
)

func BenchmarkRender(b *testing.B) {
	s := spec.Default("bench")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := render.Files(s); err != nil {
			b.Fatal(err)
		}
	}
}

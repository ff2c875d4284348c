package cli

import (
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkInit runs the whole init command into a new folder each time.
func BenchmarkInit(b *testing.B) {
	tmp := b.TempDir()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		root := NewRoot(Streams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard})
		root.SetArgs([]string{"init", "--yes", filepath.Join(tmp, strconv.Itoa(i))})
		if err := root.Execute(); err != nil {
			b.Fatal(err)
		}
	}
}

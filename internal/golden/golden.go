// Package golden compares rendered trees with the expected trees under the
// repository's golden/ folder, and rewrites them when tests run with -update.
package golden

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files with the current output")

// Input is the name of the answers file that every case folder holds.
const Input = "shipshape.yaml"

// Root returns the absolute path of the repository's golden/ folder.
func Root(tb testing.TB) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("golden: cannot find the source folder")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "golden")
}

// Cases returns the names of every case folder, sorted.
func Cases(tb testing.TB) []string {
	tb.Helper()
	entries, err := os.ReadDir(Root(tb))
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	if len(out) == 0 {
		tb.Fatal("golden: no cases found")
	}
	return out
}

// Read returns every file of a case, by slash-separated path.
func Read(tb testing.TB, name string) map[string]string {
	tb.Helper()
	return Tree(tb, filepath.Join(Root(tb), name))
}

// Tree returns every file under dir by slash-separated path, or nil when dir
// does not exist.
func Tree(tb testing.TB, dir string) map[string]string {
	tb.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		tb.Fatalf("reading %s: %v", dir, err)
	}
	return got
}

// Compare checks that got is exactly the tree of case name. Under -update it
// rewrites the case folder to hold got instead.
func Compare(tb testing.TB, name string, got map[string]string) {
	tb.Helper()
	if *update {
		write(tb, name, got)
		return
	}
	if diff := cmp.Diff(Read(tb, name), got); diff != "" {
		tb.Errorf("golden case %q mismatch (-want +got):\n%s\nrun go test ./... -update to accept", name, diff)
	}
}

// write replaces the files of case name with got.
func write(tb testing.TB, name string, got map[string]string) {
	tb.Helper()
	dir := filepath.Join(Root(tb), name)
	for p := range Read(tb, name) {
		if _, ok := got[p]; !ok {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
				tb.Fatal(err)
			}
		}
	}
	paths := make([]string, 0, len(got))
	for p := range got {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(got[p]), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

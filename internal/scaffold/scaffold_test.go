package scaffold

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shipshape-dev/shipshape/internal/golden"
	"github.com/shipshape-dev/shipshape/internal/render"
)

func testFiles() []render.File {
	return []render.File{
		{Path: "docker-compose.yml", Data: []byte("services: {}\n")},
		{Path: "backend/Dockerfile", Data: []byte("FROM scratch\n")},
		{Path: "backend/app/main.py", Data: []byte("app = 1\n"), Skeleton: true},
	}
}

func apply(tb testing.TB, dir string, files []render.File, force bool) (*Plan, []string, error) {
	tb.Helper()
	p, err := NewPlan(dir, files)
	if err != nil {
		return nil, nil, err
	}
	written, err := p.Apply(force)
	return p, written, err
}

func TestApplyCreatesThenNoOp(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "new", "project")
	_, written, err := apply(t, dir, testFiles(), false)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"docker-compose.yml": "services: {}\n", "backend/Dockerfile": "FROM scratch\n",
		"backend/app/main.py": "app = 1\n"}
	if diff := cmp.Diff(want, golden.Tree(t, dir)); diff != "" {
		t.Errorf("tree mismatch (-want +got):\n%s", diff)
	}
	if len(written) != 3 {
		t.Errorf("written = %v, want 3 files", written)
	}

	st, _ := os.Stat(filepath.Join(dir, "backend/Dockerfile"))
	p, written, err := apply(t, dir, testFiles(), false)
	if err != nil || len(written) != 0 || p.Pending(false) {
		t.Fatalf("second Apply wrote %v, err %v; want nothing", written, err)
	}
	for _, c := range p.Changes {
		if c.Action != Unchanged {
			t.Errorf("%s: %v, want unchanged", c.Path, c.Action)
		}
	}
	if st2, _ := os.Stat(filepath.Join(dir, "backend/Dockerfile")); !st2.ModTime().Equal(st.ModTime()) {
		t.Error("second Apply rewrote an identical file")
	}
}

func TestApplyRefusesDifferingFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, "backend/Dockerfile", "FROM mine\n")
	write(t, dir, "backend/app/main.py", "my code\n")

	_, _, err := apply(t, dir, testFiles(), false)
	var ce *ConflictError
	if !errors.As(err, &ce) || !cmp.Equal(ce.Paths, []string{"backend/Dockerfile"}) {
		t.Fatalf("Apply = %v, want a conflict on backend/Dockerfile only", err)
	}
	want := map[string]string{"backend/Dockerfile": "FROM mine\n", "backend/app/main.py": "my code\n"}
	if diff := cmp.Diff(want, golden.Tree(t, dir)); diff != "" {
		t.Errorf("a refused Apply changed the tree (-want +got):\n%s", diff)
	}

	// With force the generated file is replaced; user code is still kept.
	p, _, err := apply(t, dir, testFiles(), true)
	if err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"docker-compose.yml": "services: {}\n", "backend/Dockerfile": "FROM scratch\n",
		"backend/app/main.py": "my code\n"}
	if diff := cmp.Diff(want, golden.Tree(t, dir)); diff != "" {
		t.Errorf("forced tree mismatch (-want +got):\n%s", diff)
	}
	if p.Changes[2].Action != Keep {
		t.Errorf("main.py: %v, want keep", p.Changes[2].Action)
	}
}

func TestDiff(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, "backend/Dockerfile", "FROM mine\n")
	p, err := NewPlan(dir, testFiles())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.Diff(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"--- /dev/null\n+++ b/docker-compose.yml\n@@ -0,0 +1 @@\n+services: {}\n",
		"--- a/backend/Dockerfile\n+++ b/backend/Dockerfile\n@@ -1 +1 @@\n-FROM mine\n+FROM scratch\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Diff lacks %q; got:\n%s", want, b.String())
		}
	}
	if len(golden.Tree(t, dir)) != 1 {
		t.Error("NewPlan or Diff wrote to disk")
	}
}

func TestRefusesSymlinks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, link, wantPath string
	}{
		{"file", "docker-compose.yml", "docker-compose.yml"},
		{"folder", "backend", "backend"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, outside := t.TempDir(), t.TempDir()
			if err := os.Symlink(filepath.Join(outside, "target"), filepath.Join(dir, tt.link)); err != nil {
				t.Fatal(err)
			}
			_, _, err := apply(t, dir, testFiles(), true)
			if !errors.Is(err, ErrSymlink) || !strings.HasPrefix(err.Error(), tt.wantPath+" ") {
				t.Fatalf("Apply = %v, want %s refused as a symbolic link", err, tt.wantPath)
			}
			if got := golden.Tree(t, outside); len(got) != 0 {
				t.Errorf("wrote outside the project: %v", got)
			}
		})
	}
}

func TestUnwritableFolderWritesNothing(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		// root ignores permission bits; a file in the way of a folder fails for everyone.
		dir := t.TempDir()
		write(t, dir, "docker-compose.yml", "services: {}\n")
		files := append(testFiles(), render.File{Path: "docker-compose.yml/x", Data: []byte("x")})
		if _, _, err := apply(t, dir, files, true); err == nil || !strings.Contains(err.Error(), "is not a folder") {
			t.Fatalf("Apply = %v, want a clear error", err)
		}
		if diff := cmp.Diff(map[string]string{"docker-compose.yml": "services: {}\n"}, golden.Tree(t, dir)); diff != "" {
			t.Errorf("a failed Apply changed the tree (-want +got):\n%s", diff)
		}
		return
	}
	dir := t.TempDir()
	write(t, dir, "backend/keep", "")
	if err := os.Chmod(filepath.Join(dir, "backend"), 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "backend"), 0o755) })
	_, _, err := apply(t, dir, testFiles(), false)
	if err == nil || !strings.Contains(err.Error(), "backend/Dockerfile") {
		t.Fatalf("Apply = %v, want an error naming backend/Dockerfile", err)
	}
	if diff := cmp.Diff(map[string]string{"backend/keep": ""}, golden.Tree(t, dir)); diff != "" {
		t.Errorf("a failed Apply left files behind (-want +got):\n%s", diff)
	}
}

func write(tb testing.TB, dir, name, data string) {
	tb.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// TestFailedApplyLeavesNothingHalfWritten makes the second file fail after the
// first was staged: the folder must hold no staged or partial file afterwards.
func TestFailedApplyLeavesNothingHalfWritten(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p, err := NewPlan(dir, testFiles())
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "backend", "in the way\n") // appears between plan and apply
	_, err = p.Apply(false)
	if err == nil || !strings.Contains(err.Error(), "backend/Dockerfile") {
		t.Fatalf("Apply = %v, want an error naming backend/Dockerfile", err)
	}
	if diff := cmp.Diff(map[string]string{"backend": "in the way\n"}, golden.Tree(t, dir)); diff != "" {
		t.Errorf("a failed Apply left files behind (-want +got):\n%s", diff)
	}
}

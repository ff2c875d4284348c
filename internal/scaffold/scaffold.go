// Package scaffold compares rendered files with what is on disk and writes them
// safely: every file is staged in a temporary file first, existing files that
// differ are left alone unless forced, user code is never overwritten, and no write
// goes through a symbolic link.
package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/shipshape-dev/shipshape/internal/render"
)

// Action is what applying a plan does to one file.
type Action int

// The actions, in the order a person cares about them.
const (
	Create    Action = iota // the file does not exist
	Update                  // the file exists and differs; written only with force
	Unchanged               // the file exists with the same content
	Keep                    // user code exists; it is never overwritten
)

func (a Action) String() string {
	return [...]string{"create", "overwrite", "unchanged", "keep"}[a]
}

// Change is the plan for one file.
type Change struct {
	render.File
	Action Action
	Old    []byte // content on disk, for Update
}

// Plan is the set of changes that writing a project into Dir would make.
type Plan struct {
	Dir     string
	Changes []Change
}

// ErrSymlink is returned when a planned path, or a folder on the way to it, is a
// symbolic link.
var ErrSymlink = errors.New("is a symbolic link; shipshape does not write through links")

// NewPlan compares files with the contents of dir, which need not exist yet.
func NewPlan(dir string, files []render.File) (*Plan, error) {
	p := &Plan{Dir: dir}
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		for _, f := range files {
			p.Changes = append(p.Changes, Change{File: f, Action: Create})
		}
		return p, nil
	}
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", dir, err)
	}
	defer root.Close()

	for _, f := range files {
		c, err := compare(root, f)
		if err != nil {
			return nil, err
		}
		p.Changes = append(p.Changes, c)
	}
	return p, nil
}

// compare decides the action for f by looking at the path and every folder
// above it inside root.
func compare(root *os.Root, f render.File) (Change, error) {
	parts := strings.Split(f.Path, "/")
	for i := range parts {
		name := strings.Join(parts[:i+1], "/")
		fi, err := root.Lstat(name)
		if errors.Is(err, fs.ErrNotExist) {
			return Change{File: f, Action: Create}, nil
		}
		if err != nil {
			return Change{}, fmt.Errorf("checking %s: %w", name, err)
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return Change{}, fmt.Errorf("%s %w", name, ErrSymlink)
		}
		if i < len(parts)-1 && !fi.IsDir() {
			return Change{}, fmt.Errorf("%s: is not a folder, but %s needs it to be one", name, f.Path)
		}
		if i == len(parts)-1 && !fi.Mode().IsRegular() {
			return Change{}, fmt.Errorf("%s: is not a regular file", name)
		}
	}
	old, err := root.ReadFile(f.Path)
	if err != nil {
		return Change{}, fmt.Errorf("reading %s: %w", f.Path, err)
	}
	switch {
	case bytes.Equal(old, f.Data):
		return Change{File: f, Action: Unchanged}, nil
	case f.Skeleton:
		return Change{File: f, Action: Keep}, nil
	default:
		return Change{File: f, Action: Update, Old: old}, nil
	}
}

// Conflicts lists the files that exist with other content and would be
// overwritten only with force.
func (p *Plan) Conflicts() []string {
	var out []string
	for _, c := range p.Changes {
		if c.Action == Update {
			out = append(out, c.Path)
		}
	}
	return out
}

// Pending reports whether applying the plan would write anything.
func (p *Plan) Pending(force bool) bool {
	for _, c := range p.Changes {
		if c.Action == Create || (c.Action == Update && force) {
			return true
		}
	}
	return false
}

// Diff writes a unified diff of every file that would be created or changed.
func (p *Plan) Diff(w io.Writer) error {
	for _, c := range p.Changes {
		if c.Action != Create && c.Action != Update {
			continue
		}
		from := "a/" + c.Path
		if c.Action == Create {
			from = "/dev/null"
		}
		text, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A:        splitLines(c.Old),
			B:        splitLines(c.Data),
			FromFile: from,
			ToFile:   "b/" + c.Path,
			Context:  3,
		})
		if err != nil {
			return fmt.Errorf("diffing %s: %w", c.Path, err)
		}
		if _, err := io.WriteString(w, text); err != nil {
			return err
		}
	}
	return nil
}

// splitLines splits b into lines that keep their newline, as difflib expects.
func splitLines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	lines := strings.SplitAfter(string(b), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// parents lists the folders above a slash-separated path, outermost first.
func parents(p string) []string {
	var out []string
	for d := path.Dir(p); d != "."; d = path.Dir(d) {
		out = append([]string{d}, out...)
	}
	return out
}

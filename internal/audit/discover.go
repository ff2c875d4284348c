package audit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// skipDirs are folders discovery never enters: version control, dependencies and
// vendored code belong to someone else, and testdata holds test fixtures, which are
// insecure on purpose.
var skipDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "node_modules": true, "vendor": true,
	"third_party": true, ".venv": true, "venv": true, "__pycache__": true, ".tox": true,
	"testdata": true,
}

// Discover returns the Dockerfiles and Compose files under each root, in walk
// order. A root that is a file is returned as is, whatever its name. A root that
// does not exist is an error.
func Discover(roots []string) ([]string, error) {
	var out []string
	for _, root := range roots {
		info, err := os.Stat(root)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("path %s does not exist", root)
			}
			return nil, fmt.Errorf("reading %s: %w", root, err)
		}
		if !info.IsDir() {
			out = append(out, root)
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != root && skipDirs[d.Name()] {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && KindOf(d.Name()) != 0 {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walking %s: %w", root, err)
		}
	}
	return out, nil
}

// Paths discovers the files under roots, reads and audits them. A file that cannot
// be read is reported as an SS000 finding; the error is only for a root that does
// not exist or cannot be walked.
func (o Options) Paths(roots []string) (*Report, error) {
	paths, err := Discover(roots)
	if err != nil {
		return nil, err
	}
	r := &Report{}
	seen := map[string]bool{}
	for _, p := range paths {
		if seen[p] {
			continue
		}
		seen[p] = true
		kind := KindOf(p)
		if kind == 0 {
			kind = sniff(p)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			r.add(unreadable(p, kind, fmt.Errorf("reading %s: %w", p, err)))
			continue
		}
		r.add(o.file(File{Path: p, Data: data}, kind))
	}
	r.sort()
	return r, nil
}

// sniff guesses the kind of a file named on the command line whose name says
// nothing: YAML extensions are Compose files, anything else a Dockerfile.
func sniff(p string) Kind {
	switch filepath.Ext(p) {
	case ".yml", ".yaml":
		return Compose
	}
	return Dockerfile
}

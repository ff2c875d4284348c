package scaffold

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
)

// ConflictError lists existing files that differ from what would be written.
type ConflictError struct {
	Paths []string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%d existing file(s) differ from what shipshape would write: %v", len(e.Paths), e.Paths)
}

// Apply writes the plan. Files that differ stop it with a *ConflictError unless
// force is set. It stages every file in a temporary file beside its target first
// and renames them into place only when all were written, so a failure leaves the
// folder as it was. It returns the paths it wrote.
func (p *Plan) Apply(force bool) ([]string, error) {
	if c := p.Conflicts(); len(c) > 0 && !force {
		return nil, &ConflictError{Paths: c}
	}
	if !p.Pending(force) {
		return nil, nil
	}
	if err := os.MkdirAll(p.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", p.Dir, err)
	}
	root, err := os.OpenRoot(p.Dir)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", p.Dir, err)
	}
	defer root.Close()

	s := &stage{root: root}
	for _, c := range p.Changes {
		if c.Action == Create || (c.Action == Update && force) {
			if err := s.add(c); err != nil {
				s.rollback()
				return nil, err
			}
		}
	}
	return s.commit()
}

// stage holds the temporary files and folders made so far, to finish or undo.
type stage struct {
	root    *os.Root
	dirs    []string // folders created, outermost first
	temps   []string // temporary files, parallel to targets
	targets []string
}

// add makes the folders for c and writes its content to a temporary file.
func (s *stage) add(c Change) error {
	for _, d := range parents(c.Path) {
		err := s.root.Mkdir(d, 0o755)
		if err == nil {
			s.dirs = append(s.dirs, d)
		} else if !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("creating %s: %w", path.Join(s.root.Name(), d), err)
		}
	}
	tmp := path.Join(path.Dir(c.Path), ".shipshape-"+randomSuffix()+".tmp")
	f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path.Join(s.root.Name(), c.Path), err)
	}
	s.temps = append(s.temps, tmp)
	s.targets = append(s.targets, c.Path)
	_, err = f.Write(c.Data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path.Join(s.root.Name(), c.Path), err)
	}
	return nil
}

// commit renames every temporary file onto its target.
func (s *stage) commit() ([]string, error) {
	for i, tmp := range s.temps {
		if err := s.root.Rename(tmp, s.targets[i]); err != nil {
			s.rollback()
			return s.targets[:i], fmt.Errorf("writing %s: %w", path.Join(s.root.Name(), s.targets[i]), err)
		}
		s.temps[i] = ""
	}
	return s.targets, nil
}

// rollback removes what add made and commit did not move into place.
func (s *stage) rollback() {
	for _, tmp := range s.temps {
		if tmp != "" {
			_ = s.root.Remove(tmp)
		}
	}
	for i := len(s.dirs) - 1; i >= 0; i-- {
		_ = s.root.Remove(s.dirs[i])
	}
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

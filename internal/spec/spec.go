// Package spec defines Spec, every answer that shipshape init needs, with its
// default, its validation and its YAML form. Flags, the config file and the wizard
// all fill the same Spec, so the rules live here and nowhere else.
package spec

import (
	"bytes"
	"errors"
	"io"
	"net/netip"
	"path/filepath"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// Spec holds every answer of shipshape init. Its YAML form is shipshape.yaml.
type Spec struct {
	Name        string `yaml:"name"`
	BackendDir  string `yaml:"backend_dir"`
	Python      string `yaml:"python"`
	Debian      string `yaml:"debian"`
	AllowEOL    bool   `yaml:"allow_eol,omitempty"`
	Packaging   string `yaml:"packaging"`
	App         string `yaml:"app"`
	Port        int    `yaml:"port"`
	Workers     int    `yaml:"workers"`
	User        string `yaml:"user"`
	Group       string `yaml:"group"`
	UID         int    `yaml:"uid"`
	GID         int    `yaml:"gid"`
	HealthPath  string `yaml:"health_path"`
	HealthCheck string `yaml:"healthcheck"`
	VectorDB    string `yaml:"vectordb"`
	Publish     string `yaml:"publish"`
	NoApp       bool   `yaml:"no_app"`
}

// Default returns the Spec that init uses when nothing is given, for a project
// in dir.
func Default(dir string) Spec {
	return Spec{
		Name:        NameFromDir(dir),
		BackendDir:  "backend",
		Python:      "3.13",
		Debian:      "trixie",
		Packaging:   "pip",
		App:         "app.main:app",
		Port:        8000,
		Workers:     1,
		User:        "appuser",
		Group:       "appgroup",
		UID:         1001,
		GID:         1001,
		HealthPath:  "/health",
		HealthCheck: "python",
		VectorDB:    "qdrant",
		Publish:     "127.0.0.1",
	}
}

var notNameChars = regexp.MustCompile(`[^a-z0-9_-]+`)

// NameFromDir turns a folder into a Compose project name: its base name, lower
// cased, with every run of other characters replaced by a dash. A name that comes
// out empty becomes "app".
func NameFromDir(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	name := notNameChars.ReplaceAllString(strings.ToLower(filepath.Base(abs)), "-")
	name = strings.TrimLeft(name, "_-")
	if name == "" {
		return "app"
	}
	return name
}

// Validate checks every answer and the rules that join two of them. The error
// names the first offending answer by its flag.
func (s *Spec) Validate() error {
	for _, f := range Fields() {
		if err := f.Check(f.Get(s)); err != nil {
			return &FieldError{Field: f, Value: f.Get(s), Err: err}
		}
	}
	if s.Debian == "bullseye" && !s.AllowEOL {
		f, _ := Lookup("debian")
		return &FieldError{Field: f, Value: s.Debian, Err: errors.New(
			"bullseye reached its end of life on 2026-08-31; pass --allow-eol to use it anyway")}
	}
	return nil
}

// Warnings lists what is accepted but unwise, such as an end-of-life base.
func (s *Spec) Warnings() []string {
	var w []string
	if s.Debian == "bullseye" {
		w = append(w, "debian bullseye reached its end of life on 2026-08-31 and gets no security updates; prefer trixie")
	}
	if a, err := netip.ParseAddr(s.Publish); err == nil && a.IsUnspecified() {
		w = append(w, "--publish "+s.Publish+" exposes the API on every network interface of the host; prefer 127.0.0.1 behind a reverse proxy")
	}
	return w
}

// Load reads a shipshape.yaml. Unknown keys are refused so that a typo does not
// silently fall back to a default. Keys that are absent keep the value in base.
func Load(r io.Reader, base Spec) (Spec, error) {
	s := base
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return s, nil
		}
		return Spec{}, loadError(err)
	}
	return s, nil
}

var unknownKeyRe = regexp.MustCompile(`field (\S+) not found in type \S+`)

// loadError turns a yaml.v3 error into one line that names the unknown keys
// and lists the accepted ones.
func loadError(err error) error {
	msgs := []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	for i, m := range msgs {
		if unknownKeyRe.MatchString(m) {
			keys := make([]string, 0, len(Fields())+1)
			for _, f := range Fields() {
				keys = append(keys, f.Key)
			}
			keys = append(keys, "allow_eol")
			msgs[i] = unknownKeyRe.ReplaceAllString(m, "unknown key $1 (accepted: "+strings.Join(keys, ", ")+")")
		}
	}
	return errors.New(strings.Join(msgs, "; "))
}

// Marshal returns the YAML form of s, as written to shipshape.yaml.
func (s Spec) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("# shipshape.yaml: the answers behind this project's container setup.\n")
	b.WriteString("# Run `shipshape init --config shipshape.yaml` to write the same files again.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(s); err != nil {
		// Spec holds only strings, ints and bools; encoding cannot fail.
		panic(err)
	}
	return b.Bytes()
}

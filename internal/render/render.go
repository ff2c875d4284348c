// Package render turns a Spec into the files of a project, in memory. It never
// touches the disk; package scaffold decides what to write.
package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"path"
	"strconv"
	"strings"
	"text/template"

	"github.com/shipshape-dev/shipshape/internal/spec"
	"github.com/shipshape-dev/shipshape/templates"
)

// UVImage is the pinned image that the uv binary is copied from.
const UVImage = "ghcr.io/astral-sh/uv:0.9.5"

// File is one rendered file. Path is slash-separated and relative to the project
// folder. Skeleton files are user code: written only where nothing exists.
type File struct {
	Path     string
	Data     []byte
	Skeleton bool
}

// tmpl is parsed once; templates are part of the binary, so a parse error is a
// programming error caught by every test.
var tmpl = template.Must(template.New("").
	Option("missingkey=error").
	Funcs(template.FuncMap{"json": jsonString, "exec": execForm, "list": list, "prepend": prepend}).
	ParseFS(templates.FS, "*.tmpl"))

// Data is what the templates see: the Spec plus the values derived from it.
type Data struct {
	spec.Spec
	Image         string    // python:<python>-slim-<debian>
	UVImage       string    // pinned uv image, for packaging uv
	Module        string    // app.main
	Attr          string    // app
	RoutersModule string    // app.routers
	HealthURL     string    // http://127.0.0.1:8000/health, probed inside the container
	HealthTest    []string  // the probe's command, exec form
	Ports         string    // "127.0.0.1:8000:8000"
	DB            *VectorDB // nil with --vectordb none
}

// NewData derives the template data from a valid Spec.
func NewData(s spec.Spec) Data {
	module, attr, _ := strings.Cut(s.App, ":")
	routers := "routers"
	if i := strings.LastIndexByte(module, '.'); i >= 0 {
		routers = module[:i] + ".routers"
	}
	url := "http://127.0.0.1:" + strconv.Itoa(s.Port) + s.HealthPath
	probe := []string{"python", "-c",
		"import urllib.request; urllib.request.urlopen('" + url + "', timeout=5)"}
	if s.HealthCheck == "curl" {
		probe = []string{"curl", "-fsS", "-o", "/dev/null", url}
	}
	host := s.Publish
	if a, err := netip.ParseAddr(host); err == nil && a.Is6() {
		host = "[" + host + "]"
	}
	d := Data{
		Spec:          s,
		Image:         "python:" + s.Python + "-slim-" + s.Debian,
		UVImage:       UVImage,
		Module:        module,
		Attr:          attr,
		RoutersModule: routers,
		HealthURL:     url,
		HealthTest:    probe,
		Ports:         fmt.Sprintf("%s:%d:%d", host, s.Port, s.Port),
	}
	if db, ok := vectorDBs[s.VectorDB]; ok {
		d.DB = &db
	}
	return d
}

// Files renders every file of the project for s, which must be valid. The order
// is stable: generated files first, then shipshape.yaml, then the skeleton.
func Files(s spec.Spec) ([]File, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	d := NewData(s)
	outs := plan(s, d)
	files := make([]File, 0, len(outs)+1)
	for _, o := range outs {
		var b bytes.Buffer
		if err := tmpl.ExecuteTemplate(&b, o.tmpl, d); err != nil {
			return nil, fmt.Errorf("rendering %s: %w", o.path, err)
		}
		files = append(files, File{Path: o.path, Data: b.Bytes(), Skeleton: o.skeleton})
		if o.path == "docker-compose.yml" {
			files = append(files, File{Path: "shipshape.yaml", Data: s.Marshal()})
		}
	}
	return files, nil
}

// output names one template and the file it renders to.
type output struct {
	tmpl, path string
	skeleton   bool
}

// plan lists the templates to render for s and where each one goes.
func plan(s spec.Spec, d Data) []output {
	be := s.BackendDir
	out := []output{
		{"docker-compose.yml.tmpl", "docker-compose.yml", false},
		{"Dockerfile.tmpl", path.Join(be, "Dockerfile"), false},
		{"Dockerfile.dev.tmpl", path.Join(be, "Dockerfile.dev"), false},
		{"dockerignore.tmpl", path.Join(be, ".dockerignore"), false},
	}
	if s.NoApp {
		return out
	}
	modFile := strings.ReplaceAll(d.Module, ".", "/") + ".py"
	out = append(out,
		output{"main.py.tmpl", path.Join(be, modFile), true},
		output{"health.py.tmpl", path.Join(be, path.Dir(modFile), "routers", "health.py"), true})
	deps := []string{"requirements.txt", "requirements-dev.txt"}
	if s.Packaging == "uv" {
		deps = []string{"pyproject.toml"}
	}
	for _, f := range deps {
		out = append(out, output{f + ".tmpl", path.Join(be, f), true})
	}
	return out
}

// jsonString quotes s as a JSON string, which is also a valid double-quoted YAML
// scalar and a valid element of a Dockerfile exec form.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err) // a string always encodes
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// execForm writes args as a JSON array, the exec form of CMD and HEALTHCHECK and
// the flow form of a YAML sequence.
func execForm(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = jsonString(a)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// list collects its arguments, for building an exec form inside a template.
func list(args ...string) []string { return args }

// prepend puts head before args, for the "CMD" of a Compose health check.
func prepend(head string, args []string) []string { return append([]string{head}, args...) }

package spec

import (
	"errors"
	"fmt"
	"net/netip"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Kind says how an answer is asked: typed text, a choice from a list, or yes/no.
type Kind int

// The kinds of answer.
const (
	Text Kind = iota
	Select
	Confirm
)

// Field describes one answer: its YAML key, its flag, how to ask for it, and how
// to read and check it as text. Flags, the config file and the wizard all go
// through Set, so every source gets the same validation.
type Field struct {
	Key      string   // YAML key in shipshape.yaml
	Flag     string   // command-line flag, without dashes
	Prompt   string   // the wizard's question
	Help     string   // one line: what the answer changes in the generated files
	Accepted string   // what is accepted, for error messages
	Kind     Kind     // how the wizard asks
	Choices  []string // for Select
	get      func(*Spec) string
	set      func(*Spec, string) error
}

// Get returns the field's current value in s as text.
func (f Field) Get(s *Spec) string { return f.get(s) }

// Check reports whether v is an accepted value for the field, on its own.
func (f Field) Check(v string) error {
	var s Spec
	return f.set(&s, v)
}

// Set checks v and stores it in s. On error s is unchanged and the error is a
// *FieldError naming the flag, the value and what is accepted.
func (f Field) Set(s *Spec, v string) error {
	c := *s
	if err := f.set(&c, v); err != nil {
		return &FieldError{Field: f, Value: v, Err: err}
	}
	*s = c
	return nil
}

// FieldError is a rejected answer.
type FieldError struct {
	Field Field
	Value string
	Err   error
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("--%s: invalid value %s: %v", e.Field.Flag, strconv.Quote(e.Value), e.Err)
}

func (e *FieldError) Unwrap() error { return e.Err }

// Lookup returns the field with the given YAML key or flag name.
func Lookup(name string) (Field, bool) {
	for _, f := range Fields() {
		if f.Key == name || f.Flag == name {
			return f, true
		}
	}
	return Field{}, false
}

var (
	nameRe    = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	segmentRe = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]*$`)
	appRe     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*$`)
	posixRe   = regexp.MustCompile(`^[a-z_][a-z0-9_-]*$`)
	urlPathRe = regexp.MustCompile(`^/[A-Za-z0-9._~/-]*$`)
)

// Fields returns every answer in the order the wizard asks them.
func Fields() []Field {
	return []Field{
		textField("name", "name", "Project name",
			"names the Compose project, its network and its volumes",
			"lower-case letters, digits, '_' and '-', starting with a letter or digit (at most 63)",
			func(s *Spec) *string { return &s.Name }, checkName),
		textField("backend_dir", "backend-dir", "Backend folder",
			"the folder under the project that holds the Dockerfiles and the app; Compose builds from it",
			"a relative folder inside the project such as backend or services/api, without '..' or hidden parts",
			func(s *Spec) *string { return &s.BackendDir }, checkBackendDir),
		choiceField("python", "python", "Python version",
			"picks the python:<version>-slim base image of both Dockerfiles",
			func(s *Spec) *string { return &s.Python }, "3.11", "3.12", "3.13", "3.14"),
		choiceField("debian", "debian", "Debian release",
			"picks the Debian release of the base image (bullseye needs --allow-eol)",
			func(s *Spec) *string { return &s.Debian }, "trixie", "bookworm", "bullseye"),
		choiceField("packaging", "packaging", "Packaging",
			"pip installs requirements.txt; uv syncs pyproject.toml and uv.lock",
			func(s *Spec) *string { return &s.Packaging }, "pip", "uv"),
		textField("app", "app", "ASGI app",
			"the module:attribute that uvicorn serves, and where the skeleton app goes",
			"a dotted Python module, ':', and an identifier, such as app.main:app",
			func(s *Spec) *string { return &s.App }, checkRegexp(appRe, 200)),
		intField("port", "port", "Port",
			"the port uvicorn listens on, EXPOSE, the health check URL and the published port",
			1024, 65535, func(s *Spec) *int { return &s.Port }),
		intField("workers", "workers", "Workers",
			"the number of uvicorn worker processes in production",
			1, 64, func(s *Spec) *int { return &s.Workers }),
		textField("user", "user", "User name",
			"the non-root user that the app runs as in both images",
			"a POSIX user name: lower-case letters, digits, '_' and '-', starting with a letter or '_' (at most 32), not root",
			func(s *Spec) *string { return &s.User }, checkPOSIX),
		textField("group", "group", "Group name",
			"the group of that user",
			"a POSIX group name: lower-case letters, digits, '_' and '-', starting with a letter or '_' (at most 32), not root",
			func(s *Spec) *string { return &s.Group }, checkPOSIX),
		intField("uid", "uid", "UID",
			"the numeric user ID in USER and in Compose's user:",
			1000, 65533, func(s *Spec) *int { return &s.UID }),
		intField("gid", "gid", "GID",
			"the numeric group ID in USER and in Compose's user:",
			1000, 65533, func(s *Spec) *int { return &s.GID }),
		textField("health_path", "health-path", "Health path",
			"the URL path that HEALTHCHECK and Compose's healthcheck request",
			"an absolute URL path of letters, digits and . _ ~ / - such as /health",
			func(s *Spec) *string { return &s.HealthPath }, checkRegexp(urlPathRe, 200)),
		choiceField("healthcheck", "healthcheck", "Health probe",
			"python asks with the standard library; curl installs curl in the runtime image",
			func(s *Spec) *string { return &s.HealthCheck }, "python", "curl"),
		choiceField("vectordb", "vectordb", "Vector database",
			"adds a hardened vectordb service to Compose, or none",
			func(s *Spec) *string { return &s.VectorDB }, "qdrant", "chroma", "weaviate", "pgvector", "none"),
		textField("publish", "publish", "Publish address",
			"the host address that Compose binds the API port to; 127.0.0.1 keeps it local",
			"an IP address in its usual form, such as 127.0.0.1, 0.0.0.0 or ::1",
			func(s *Spec) *string { return &s.Publish }, checkIP),
		{
			Key: "no_app", Flag: "no-app", Prompt: "Write a skeleton FastAPI app where none exists?",
			Help:     "writes app code serving the health path, requirements or pyproject, never over existing files",
			Accepted: "true or false", Kind: Confirm,
			get: func(s *Spec) string { return strconv.FormatBool(!s.NoApp) },
			set: func(s *Spec, v string) error {
				b, err := strconv.ParseBool(v)
				if err != nil {
					return errors.New("accepted: true or false")
				}
				s.NoApp = !b
				return nil
			},
		},
	}
}

func textField(key, flag, prompt, help, accepted string, p func(*Spec) *string, check func(string) bool) Field {
	return Field{
		Key: key, Flag: flag, Prompt: prompt, Help: help, Accepted: accepted, Kind: Text,
		get: func(s *Spec) string { return *p(s) },
		set: func(s *Spec, v string) error {
			if !check(v) {
				return errors.New("accepted: " + accepted)
			}
			*p(s) = v
			return nil
		},
	}
}

func choiceField(key, flag, prompt, help string, p func(*Spec) *string, choices ...string) Field {
	accepted := strings.Join(choices, ", ")
	return Field{
		Key: key, Flag: flag, Prompt: prompt, Help: help, Accepted: accepted, Kind: Select,
		Choices: choices,
		get:     func(s *Spec) string { return *p(s) },
		set: func(s *Spec, v string) error {
			if !slices.Contains(choices, v) {
				return errors.New("accepted: " + accepted)
			}
			*p(s) = v
			return nil
		},
	}
}

func intField(key, flag, prompt, help string, lo, hi int, p func(*Spec) *int) Field {
	accepted := fmt.Sprintf("a whole number from %d to %d", lo, hi)
	return Field{
		Key: key, Flag: flag, Prompt: prompt, Help: help, Accepted: accepted, Kind: Text,
		get: func(s *Spec) string { return strconv.Itoa(*p(s)) },
		set: func(s *Spec, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < lo || n > hi || strconv.Itoa(n) != v {
				return errors.New("accepted: " + accepted)
			}
			*p(s) = n
			return nil
		},
	}
}

func checkRegexp(re *regexp.Regexp, max int) func(string) bool {
	return func(v string) bool { return len(v) <= max && re.MatchString(v) }
}

func checkName(v string) bool { return len(v) <= 63 && nameRe.MatchString(v) }

func checkPOSIX(v string) bool {
	return len(v) <= 32 && posixRe.MatchString(v) && v != "root"
}

func checkBackendDir(v string) bool {
	if v == "" || len(v) > 200 || path.IsAbs(v) || path.Clean(v) != v {
		return false
	}
	for _, seg := range strings.Split(v, "/") {
		if !segmentRe.MatchString(seg) {
			return false
		}
	}
	return true
}

func checkIP(v string) bool {
	a, err := netip.ParseAddr(v)
	return err == nil && a.Zone() == "" && a.String() == v
}

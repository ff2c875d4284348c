package wizard

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shipshape-dev/shipshape/internal/spec"
)

// enter stands for pressing Enter on a question: the default is taken.
const enter = ""

// interrupt stands for pressing Ctrl-C or Esc on a question.
const interrupt = "^C"

// fake is a Prompter that answers from a script, keyed by the question's message,
// and records what it was asked. A message with no script left gets Enter.
type fake struct {
	t       testing.TB
	script  map[string][]string
	asked   []Question          // every question, in order, re-asks included
	choices map[string][]string // the choices offered, by message
	refused map[string][]string // the reasons check gave, by message
	shown   []string
	// dishonest makes it return answers without checking them, to prove that
	// Run checks again.
	dishonest bool
}

func newFake(t testing.TB, script map[string][]string) *fake {
	t.Helper()
	return &fake{
		t: t, script: script,
		choices: map[string][]string{}, refused: map[string][]string{},
	}
}

func (f *fake) next(q Question) (string, error) {
	f.asked = append(f.asked, q)
	answers := f.script[q.Message]
	if len(answers) == 0 {
		return q.Default, nil
	}
	a := answers[0]
	f.script[q.Message] = answers[1:]
	switch a {
	case interrupt:
		return "", ErrInterrupted
	case enter:
		return q.Default, nil
	}
	return a, nil
}

func (f *fake) Input(q Question, check func(string) error) (string, error) {
	for {
		a, err := f.next(q)
		if err != nil || f.dishonest {
			return a, err
		}
		if err := check(a); err != nil {
			f.refused[q.Message] = append(f.refused[q.Message], err.Error())
			continue
		}
		return a, nil
	}
}

func (f *fake) Select(q Question, choices []string) (string, error) {
	f.choices[q.Message] = choices
	if !slices.Contains(choices, q.Default) {
		f.t.Errorf("Select(%q): default %q is not among %q", q.Message, q.Default, choices)
	}
	a, err := f.next(q)
	if err == nil && !f.dishonest && !slices.Contains(choices, a) {
		f.t.Fatalf("script answers Select(%q) with %q, not among %q", q.Message, a, choices)
	}
	return a, err
}

func (f *fake) Confirm(q Question) (bool, error) {
	a, err := f.next(q)
	if err != nil {
		return false, err
	}
	b, err := strconv.ParseBool(a)
	if err != nil {
		f.t.Fatalf("script answers Confirm(%q) with %q", q.Message, a)
	}
	return b, nil
}

func (f *fake) Show(text string) error {
	f.shown = append(f.shown, text)
	return nil
}

// messages returns the messages of the questions asked, in order.
func (f *fake) messages() []string {
	var m []string
	for _, q := range f.asked {
		m = append(m, q.Message)
	}
	return m
}

func allPrompts(t testing.TB) []string {
	t.Helper()
	var p []string
	for _, f := range spec.Fields() {
		p = append(p, f.Prompt)
	}
	return append(p, "Write these files?")
}

func TestRunEnterEverywhereGivesDefaults(t *testing.T) {
	t.Parallel()
	want := spec.Default("/tmp/My Service")
	got := want
	p := newFake(t, nil)
	if err := Run(p, &got, Options{}); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Run with Enter everywhere mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(allPrompts(t), p.messages()); diff != "" {
		t.Errorf("questions asked mismatch (-want +got):\n%s", diff)
	}
	for _, q := range p.asked {
		if q.Help == "" {
			t.Errorf("question %q has no help", q.Message)
		}
	}
}

func TestRunAnswers(t *testing.T) {
	t.Parallel()
	s := spec.Default("/tmp/demo")
	p := newFake(t, map[string][]string{
		"Project name":    {"shop"},
		"Backend folder":  {"services/api"},
		"Python version":  {"3.12"},
		"Debian release":  {"bookworm"},
		"Packaging":       {"uv"},
		"Port":            {"9000"},
		"UID":             {"2000"},
		"Health probe":    {"curl"},
		"Vector database": {"none"},
		"Publish address": {"0.0.0.0"},
		"Write a skeleton FastAPI app where none exists?": {"false"},
	})
	if err := Run(p, &s, Options{}); err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := spec.Default("/tmp/demo")
	want.Name, want.BackendDir, want.Python, want.Debian = "shop", "services/api", "3.12", "bookworm"
	want.Packaging, want.Port, want.UID, want.HealthCheck = "uv", 9000, 2000, "curl"
	want.VectorDB, want.Publish, want.NoApp = "none", "0.0.0.0", true
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("Run mismatch (-want +got):\n%s", diff)
	}
}

func TestRunReasksInvalidAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		prompt  string
		answers []string
		want    string // the field's value after Run, as text
		refused int
	}{
		{"name with capitals", "Project name", []string{"My App", "-x", "myapp"}, "myapp", 2},
		{"port out of range", "Port", []string{"80", "70000", "8080x", "8080"}, "8080", 3},
		{"root user", "User name", []string{"root", "web"}, "web", 1},
		{"backend outside", "Backend folder", []string{"../x", "/abs", "api"}, "api", 2},
		{"health path with space", "Health path", []string{"/he alth", "/ready"}, "/ready", 1},
		{"publish host name", "Publish address", []string{"localhost", "::1"}, "::1", 1},
		{"uid zero", "UID", []string{"0", "1500"}, "1500", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := spec.Default("/tmp/demo")
			p := newFake(t, map[string][]string{tt.prompt: slices.Clone(tt.answers)})
			if err := Run(p, &s, Options{}); err != nil {
				t.Fatalf("Run: %v", err)
			}
			f := fieldByPrompt(t, tt.prompt)
			if got := f.Get(&s); got != tt.want {
				t.Errorf("%s = %q, want %q", f.Key, got, tt.want)
			}
			reasons := p.refused[tt.prompt]
			if len(reasons) != tt.refused {
				t.Fatalf("refused %d answers (%q), want %d", len(reasons), reasons, tt.refused)
			}
			for _, r := range reasons {
				if !strings.Contains(r, f.Accepted) {
					t.Errorf("reason %q does not say what is accepted (%q)", r, f.Accepted)
				}
			}
		})
	}
}

// TestRunChecksAgain proves that an answer the Prompter returns without checking
// it is asked again, not stored.
func TestRunChecksAgain(t *testing.T) {
	t.Parallel()
	s := spec.Default("/tmp/demo")
	p := newFake(t, map[string][]string{
		"Workers":        {"0", "65", "4"},
		"Python version": {"2.7", "3.14"},
	})
	p.dishonest = true
	if err := Run(p, &s, Options{}); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if s.Workers != 4 || s.Python != "3.14" {
		t.Errorf("Workers, Python = %d, %q, want 4, 3.14", s.Workers, s.Python)
	}
	n := 0
	for _, m := range p.messages() {
		if m == "Workers" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("Workers asked %d times, want 3", n)
	}
}

func TestRunSkipsFlags(t *testing.T) {
	t.Parallel()
	// As if run with --python 3.11 --vectordb none: those are set and not asked.
	s := spec.Default("/tmp/demo")
	s.Python, s.VectorDB = "3.11", "none"
	given := map[string]bool{"python": true, "vectordb": true}
	p := newFake(t, map[string][]string{"Python version": {"3.14"}})
	err := Run(p, &s, Options{Skip: func(f spec.Field) bool { return given[f.Flag] }})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if s.Python != "3.11" || s.VectorDB != "none" {
		t.Errorf("Python, VectorDB = %q, %q, want the flags' 3.11, none", s.Python, s.VectorDB)
	}
	for _, m := range p.messages() {
		if m == "Python version" || m == "Vector database" {
			t.Errorf("asked %q, which a flag gave", m)
		}
	}
	if got, want := len(p.asked), len(allPrompts(t))-2; got != want {
		t.Errorf("asked %d questions, want %d", got, want)
	}
}

func TestRunConfigValuesAreDefaults(t *testing.T) {
	t.Parallel()
	config := "name: shop\npython: \"3.12\"\nport: 9000\nvectordb: chroma\nno_app: true\n"
	s, err := spec.Load(strings.NewReader(config), spec.Default("/tmp/demo"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := s
	p := newFake(t, nil)
	if err := Run(p, &s, Options{}); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("Enter on config defaults mismatch (-want +got):\n%s", diff)
	}
	defaults := map[string]string{}
	for _, q := range p.asked {
		defaults[q.Message] = q.Default
	}
	for prompt, v := range map[string]string{
		"Project name": "shop", "Python version": "3.12", "Port": "9000",
		"Vector database": "chroma", "Write a skeleton FastAPI app where none exists?": "false",
	} {
		if defaults[prompt] != v {
			t.Errorf("default of %q = %q, want %q from the config", prompt, defaults[prompt], v)
		}
	}
}

func TestRunStops(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		script map[string][]string
		want   error
	}{
		{"interrupt first", map[string][]string{"Project name": {interrupt}}, ErrInterrupted},
		{"interrupt in select", map[string][]string{"Debian release": {interrupt}}, ErrInterrupted},
		{"interrupt at confirmation", map[string][]string{"Write these files?": {interrupt}}, ErrInterrupted},
		{"decline", map[string][]string{"Port": {"9000"}, "Write these files?": {"false"}}, ErrDeclined},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := spec.Default("/tmp/demo")
			before := s
			err := Run(newFake(t, tt.script), &s, Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Run = %v, want %v", err, tt.want)
			}
			if diff := cmp.Diff(before, s); diff != "" {
				t.Errorf("Spec changed although Run stopped (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDebianChoicesFollowAllowEOL(t *testing.T) {
	t.Parallel()
	for _, allow := range []bool{false, true} {
		s := spec.Default("/tmp/demo")
		s.AllowEOL = allow
		p := newFake(t, nil)
		if err := Run(p, &s, Options{}); err != nil {
			t.Fatalf("Run: %v", err)
		}
		got := p.choices["Debian release"]
		want := []string{"trixie", "bookworm"}
		if allow {
			want = append(want, "bullseye")
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Debian choices with AllowEOL=%v mismatch (-want +got):\n%s", allow, diff)
		}
	}
}

func TestRunSummary(t *testing.T) {
	t.Parallel()
	s := spec.Default("/tmp/demo")
	s.AllowEOL = true
	p := newFake(t, map[string][]string{"Debian release": {"bullseye"}})
	files := func(s spec.Spec) ([]string, error) {
		return []string{"create " + s.BackendDir + "/Dockerfile", "create docker-compose.yml"}, nil
	}
	if err := Run(p, &s, Options{Files: files}); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(p.shown) != 1 {
		t.Fatalf("showed %d texts, want the summary", len(p.shown))
	}
	for _, want := range []string{
		"Project name", "demo", "Debian release", "bullseye", "warning: debian bullseye",
		"App skeleton", "yes", "create backend/Dockerfile", "create docker-compose.yml",
	} {
		if !strings.Contains(p.shown[0], want) {
			t.Errorf("summary lacks %q:\n%s", want, p.shown[0])
		}
	}
}

func TestRunFilesError(t *testing.T) {
	t.Parallel()
	s := spec.Default("/tmp/demo")
	files := func(spec.Spec) ([]string, error) { return nil, fmt.Errorf("rendering: boom") }
	if err := Run(newFake(t, nil), &s, Options{Files: files}); err == nil {
		t.Fatal("Run succeeded although the files could not be listed")
	}
}

func TestNoColor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"plain", map[string]string{"TERM": "xterm-256color"}, false},
		{"NO_COLOR", map[string]string{"TERM": "xterm", "NO_COLOR": "1"}, true},
		{"empty NO_COLOR", map[string]string{"TERM": "xterm", "NO_COLOR": ""}, false},
		{"dumb", map[string]string{"TERM": "dumb"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := NoColor(func(k string) string { return tt.env[k] }); got != tt.want {
				t.Errorf("NoColor(%v) = %v, want %v", tt.env, got, tt.want)
			}
		})
	}
}

func TestEscReader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"plain", "abc\r", "abc\r"},
		{"esc alone", "\x1b", "\x03"},
		{"esc then key", "\x1bx", "\x03x"},
		{"arrow down", "\x1b[B", "\x1b[B"},
		{"keypad arrow", "\x1bOA", "\x1bOA"},
		{"cursor report", "\x1b[24;80R", "\x1b[24;80R"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if _, err := w.WriteString(tt.in); err != nil {
				t.Fatal(err)
			}
			w.Close()
			buf := make([]byte, 64)
			n, err := escReader{r}.Read(buf)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if got := string(buf[:n]); got != tt.want {
				t.Errorf("Read(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func fieldByPrompt(t testing.TB, prompt string) spec.Field {
	t.Helper()
	for _, f := range spec.Fields() {
		if f.Prompt == prompt {
			return f
		}
	}
	t.Fatalf("no field asks %q", prompt)
	return spec.Field{}
}

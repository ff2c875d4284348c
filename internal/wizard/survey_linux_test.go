package wizard_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shipshape-dev/shipshape/internal/spec"
	"github.com/shipshape-dev/shipshape/internal/wizard"
)

// sgr matches an escape sequence that sets colour or style.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// childEnv makes the test binary run the wizard on its terminal instead of the
// tests, and names the file it writes the answers to.
const childEnv = "SHIPSHAPE_WIZARD_TEST_OUT"

func TestMain(m *testing.M) {
	if out := os.Getenv(childEnv); out != "" {
		os.Exit(runChild(out))
	}
	var err error
	if binDir, err = os.MkdirTemp("", "shipshape-bin-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(binDir)
	os.Exit(code)
}

// runChild runs the real survey wizard on the process's terminal, for a project
// in the working folder, and writes the answers to out as shipshape.yaml.
func runChild(out string) int {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	s := spec.Default(wd)
	files := func(s spec.Spec) ([]string, error) {
		return []string{"create " + s.BackendDir + "/Dockerfile"}, nil
	}
	err = wizard.Run(wizard.NewSurvey(os.Stdin, os.Stdout, os.Stderr), &s, wizard.Options{Files: files})
	switch {
	case errors.Is(err, wizard.ErrInterrupted):
		return 130
	case errors.Is(err, wizard.ErrDeclined):
		return 1
	case err != nil:
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if err := os.WriteFile(out, s.Marshal(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

// startWizard runs the wizard in a pseudo-terminal for a project folder named
// name, and returns the terminal and the file its answers will be written to.
func startWizard(t *testing.T, name string, env ...string) (*tty, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "answers.yaml")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), childEnv+"="+out, "TERM=xterm")
	cmd.Env = append(cmd.Env, env...)
	return startTTY(t, cmd), out
}

func readAnswers(t testing.TB, path string) spec.Spec {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("reading the answers: %v", err)
	}
	defer f.Close()
	s, err := spec.Load(f, spec.Spec{})
	if err != nil {
		t.Fatalf("loading the answers: %v", err)
	}
	return s
}

// enterEverywhere presses Enter on every question of the wizard, the final
// confirmation included.
func enterEverywhere(c *tty) {
	enterFields(c)
	c.text("Write these files?", keyEnter)
}

func TestSurveyEnterEverywhere(t *testing.T) {
	t.Parallel()
	for _, env := range [][]string{{}, {"NO_COLOR=1"}, {"TERM=dumb"}} {
		t.Run(strings.Join(append([]string{"env"}, env...), " "), func(t *testing.T) {
			t.Parallel()
			c, out := startWizard(t, "Pay Service", env...)
			enterEverywhere(c)
			if code := c.wait(); code != 0 {
				t.Fatalf("exit code %d, want 0; screen:\n%s", code, c.Screen())
			}
			want := spec.Default("pay-service")
			if diff := cmp.Diff(want, readAnswers(t, out)); diff != "" {
				t.Errorf("answers mismatch (-want +got):\n%s", diff)
			}
			colour := sgr.MatchString(c.output())
			if len(env) > 0 && colour {
				t.Errorf("colour codes written with %v", env)
			}
			if len(env) == 0 && !colour {
				t.Errorf("no colour codes written for TERM=xterm")
			}
		})
	}
}

func TestSurveyTypedAnswers(t *testing.T) {
	t.Parallel()
	c, out := startWizard(t, "demo")

	c.text("Project name", "Shop"+keyEnter)
	c.text("Sorry, your reply was invalid", "shop"+keyEnter)
	c.text("Backend folder", "?"+keyEnter)
	c.text("Compose builds from it", "services/api"+keyEnter)
	c.choose("Python version", keyDown+keyEnter) // 3.13 -> 3.14
	c.choose("Debian release", keyDown+keyEnter) // trixie -> bookworm; no bullseye
	c.choose("Packaging", keyDown+keyEnter)
	c.text("ASGI app", keyEnter)
	c.text("Port", "80"+keyEnter)
	c.text("Sorry, your reply was invalid", "9000"+keyEnter)
	c.text("Workers", "4"+keyEnter)
	c.text("User name", keyEnter)
	c.text("Group name", keyEnter)
	c.text("UID", "2000"+keyEnter)
	c.text("GID", "2000"+keyEnter)
	c.text("Health path", "/ready"+keyEnter)
	c.choose("Health probe", keyDown+keyEnter)
	c.choose("Vector database", keyUp+keyEnter) // wraps from qdrant to none
	c.text("Publish address", "0.0.0.0"+keyEnter)
	c.text("Write a skeleton FastAPI app", "n"+keyEnter)
	c.text("Write these files?", "y"+keyEnter)
	if code := c.wait(); code != 0 {
		t.Fatalf("exit code %d, want 0; screen:\n%s", code, c.Screen())
	}

	want := spec.Default("demo")
	want.Name, want.BackendDir, want.Python, want.Debian = "shop", "services/api", "3.14", "bookworm"
	want.Packaging, want.Port, want.Workers, want.UID, want.GID = "uv", 9000, 4, 2000, 2000
	want.HealthPath, want.HealthCheck, want.VectorDB = "/ready", "curl", "none"
	want.Publish, want.NoApp = "0.0.0.0", true
	if diff := cmp.Diff(want, readAnswers(t, out)); diff != "" {
		t.Errorf("answers mismatch (-want +got):\n%s", diff)
	}
}

func TestSurveyStops(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys func(c *tty)
		want int
	}{
		{"ctrl-c in text", func(c *tty) { c.text("Project name", "ab"+keyCtrlC) }, 130},
		{"esc in text", func(c *tty) { c.text("Project name", keyEsc) }, 130},
		{"esc in list", func(c *tty) {
			c.text("Project name", keyEnter)
			c.text("Backend folder", keyEnter)
			c.choose("Python version", keyEsc)
		}, 130},
		{"ctrl-c at confirmation", func(c *tty) {
			enterFields(c)
			c.text("Write these files?", keyCtrlC)
		}, 130},
		{"decline", func(c *tty) {
			enterFields(c)
			c.text("Write these files?", "n"+keyEnter)
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, out := startWizard(t, "demo")
			tt.keys(c)
			if code := c.wait(); code != tt.want {
				t.Errorf("exit code %d, want %d; screen:\n%s", code, tt.want, c.Screen())
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("answers written although the wizard stopped (%v)", err)
			}
		})
	}
}

// enterFields presses Enter on every field's question, which leaves the wizard
// at its final confirmation.
func enterFields(c *tty) {
	for _, f := range spec.Fields() {
		if f.Kind == spec.Select {
			c.choose(f.Prompt, keyEnter)
		} else {
			c.text(f.Prompt, keyEnter)
		}
	}
}

package wizard_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shipshape-dev/shipshape/internal/golden"
	"github.com/shipshape-dev/shipshape/internal/spec"
)

// binDir holds the shipshape binary that the tests of init build; TestMain
// removes it.
var binDir string

var (
	buildOnce sync.Once
	buildErr  error
	buildOut  []byte
)

// shipshape returns the path of a shipshape binary built from this module,
// building it the first time.
func shipshape(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(binDir, "shipshape")
	buildOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/shipshape-dev/shipshape/cmd/shipshape")
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("building shipshape: %v\n%s", buildErr, buildOut)
	}
	return bin
}

// startInit runs `shipshape init` with args in a pseudo-terminal, in a new
// folder named name, with TERM=xterm or what env says, and returns the terminal
// and the folder.
func startInit(t *testing.T, name string, env []string, args ...string) (*tty, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(shipshape(t), append([]string{"init"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "TERM=xterm", "NO_COLOR="), env...)
	return startTTY(t, cmd), dir
}

// compareGolden checks that dir holds exactly the tree of golden case name.
func compareGolden(t testing.TB, name, dir string) {
	t.Helper()
	got := golden.Tree(t, dir)
	if diff := cmp.Diff(golden.Read(t, name), got); diff != "" {
		t.Errorf("files written by the wizard mismatch golden/%s (-want +got):\n%s", name, diff)
	}
}

// TestInitWizardDefault presses Enter on every question in a folder named like
// the default case, which must give that case's files.
func TestInitWizardDefault(t *testing.T) {
	t.Parallel()
	c, dir := startInit(t, "default", nil)
	enterFields(c)
	c.waitFor("Write these files?", 2)
	t.Logf("the wizard's screen at the confirmation:\n%s", c.Screen())
	c.send(keyEnter)
	if code := c.wait(); code != 0 {
		t.Fatalf("exit code %d, want 0; screen:\n%s", code, c.Screen())
	}
	compareGolden(t, "default", dir)
}

// TestInitWizardCustom types the answers of the custom case, with arrow keys for
// the lists, a look at one help, and two refused answers on the way.
func TestInitWizardCustom(t *testing.T) {
	t.Parallel()
	c, dir := startInit(t, "some-folder", nil)

	c.text("Project name", "custom_api"+keyEnter)
	c.text("Backend folder", "?"+keyEnter)
	c.text("Compose builds from it", "services/api"+keyEnter)
	c.choose("Python version", keyUp+keyEnter) // 3.13 -> 3.12
	c.choose("Debian release", keyEnter)
	c.choose("Packaging", keyEnter)
	c.text("ASGI app", "service.api:application"+keyEnter)
	c.text("Port", "80"+keyEnter)
	c.text("Sorry, your reply was invalid", "9000"+keyEnter)
	c.text("Workers", "4"+keyEnter)
	c.text("User name", "root"+keyEnter)
	c.text("Sorry, your reply was invalid", "svc"+keyEnter)
	c.text("Group name", "svcgroup"+keyEnter)
	c.text("UID", "2000"+keyEnter)
	c.text("GID", "2100"+keyEnter)
	c.text("Health path", "/internal/healthz"+keyEnter)
	c.choose("Health probe", keyEnter)
	c.waitFor("Vector database", 0)
	t.Logf("the wizard's screen at a list:\n%s", c.Screen())
	c.send(keyUp + keyEnter) // qdrant wraps to none
	c.text("Publish address", "::1"+keyEnter)
	c.text("Write a skeleton FastAPI app", keyEnter)
	c.waitFor("Write these files?", 2)
	t.Logf("the wizard's screen at the confirmation:\n%s", c.Screen())
	c.send("y" + keyEnter)
	if code := c.wait(); code != 0 {
		t.Fatalf("exit code %d, want 0; screen:\n%s", code, c.Screen())
	}
	compareGolden(t, "custom", dir)
}

// TestInitWizardFlagsNotAsked gives the minimal case's differences as flags:
// the wizard must not ask them, and Enter on the rest gives that case.
func TestInitWizardFlagsNotAsked(t *testing.T) {
	t.Parallel()
	c, dir := startInit(t, "minimal", nil, "--vectordb", "none", "--no-app")
	c.text("Project name", keyEnter)
	c.text("Backend folder", keyEnter)
	c.choose("Python version", keyEnter)
	c.choose("Debian release", keyEnter)
	c.choose("Packaging", keyEnter)
	for _, q := range []string{"ASGI app", "Port", "Workers", "User name", "Group name", "UID", "GID", "Health path"} {
		c.text(q, keyEnter)
	}
	c.choose("Health probe", keyEnter)
	c.text("Publish address", keyEnter) // Vector database is not asked
	c.text("Write these files?", keyEnter)
	if code := c.wait(); code != 0 {
		t.Fatalf("exit code %d, want 0; screen:\n%s", code, c.Screen())
	}
	compareGolden(t, "minimal", dir)
}

// TestInitWizardDumbTerminal answers the line prompts of TERM=dumb, which must
// write no escape code at all, and gives the seed case.
func TestInitWizardDumbTerminal(t *testing.T) {
	t.Parallel()
	c, dir := startInit(t, "seed", []string{"TERM=dumb"})
	answers := map[string]string{
		"Python version": "3.11", "Debian release": "2", "Health probe": "curl",
	}
	for _, f := range spec.Fields() {
		c.line(f.Prompt, answers[f.Prompt])
	}
	c.line("Write these files?", "y")
	if code := c.wait(); code != 0 {
		t.Fatalf("exit code %d, want 0; screen:\n%s", code, c.Screen())
	}
	if strings.ContainsRune(c.output(), 0x1b) {
		t.Errorf("escape codes written to a dumb terminal:\n%q", c.output())
	}
	compareGolden(t, "seed", dir)
}

func TestInitWizardInterrupted(t *testing.T) {
	t.Parallel()
	c, dir := startInit(t, "default", nil)
	c.text("Project name", keyEnter)
	c.text("Backend folder", keyEnter)
	c.choose("Python version", keyCtrlC)
	if code := c.wait(); code != 130 {
		t.Errorf("exit code %d, want 130; screen:\n%s", code, c.Screen())
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 0 {
		t.Errorf("folder holds %d entries (%v) after an interrupt, want none", len(entries), err)
	}
}

// TestInitWizardInterruptedAtLinePrompt sends Ctrl-C to the line prompts of
// TERM=dumb, where it arrives as a signal rather than as a key.
func TestInitWizardInterruptedAtLinePrompt(t *testing.T) {
	t.Parallel()
	c, dir := startInit(t, "default", []string{"TERM=dumb"})
	c.line("Project name", "")
	c.waitMode("Backend folder", 0, false)
	c.send(keyCtrlC)
	if code := c.wait(); code != 130 {
		t.Errorf("exit code %d, want 130; screen:\n%s", code, c.Screen())
	}
	if !strings.Contains(c.output(), "shipshape: interrupted; nothing was written") {
		t.Errorf("no interrupt message; output:\n%q", c.output())
	}
	if files := golden.Tree(t, dir); len(files) != 0 {
		t.Errorf("folder holds %v after an interrupt, want nothing", files)
	}
}

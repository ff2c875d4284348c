package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shipshape-dev/shipshape/internal/golden"
	"github.com/shipshape-dev/shipshape/internal/wizard"
)

// scripted is a Prompter that answers by question, Enter for any question it
// has no answer for, and records the questions and what it was shown.
type scripted struct {
	answers map[string]string // "^C" interrupts
	asked   []string
	shown   string
}

func (p *scripted) answer(q wizard.Question) (string, error) {
	p.asked = append(p.asked, q.Message)
	a, ok := p.answers[q.Message]
	switch {
	case !ok:
		return q.Default, nil
	case a == "^C":
		return "", wizard.ErrInterrupted
	}
	return a, nil
}

func (p *scripted) Input(q wizard.Question, check func(string) error) (string, error) {
	a, err := p.answer(q)
	if err == nil {
		err = check(a)
	}
	return a, err
}

func (p *scripted) Select(q wizard.Question, _ []string) (string, error) { return p.answer(q) }

func (p *scripted) Confirm(q wizard.Question) (bool, error) {
	a, err := p.answer(q)
	if err != nil {
		return false, err
	}
	return strconv.ParseBool(a)
}

func (p *scripted) Show(text string) error {
	p.shown += text
	return nil
}

// runInit runs `shipshape init` in process with args. terminal says whether it
// talks to a person; p, if not nil, answers the wizard.
func runInit(t testing.TB, terminal bool, p wizard.Prompter, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	o := &initOptions{
		streams:    Streams{In: strings.NewReader(""), Out: &out, Err: &errb},
		isTerminal: func() bool { return terminal },
	}
	if p != nil {
		o.newPrompter = func() wizard.Prompter { return p }
	}
	cmd := o.command()
	cmd.SilenceUsage, cmd.SilenceErrors = true, true // as under the root command
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	err := cmd.Execute()
	Report(&errb, err)
	return ExitCode(err), out.String(), errb.String()
}

func TestInitWizardEnterEqualsYes(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	yes, wiz := filepath.Join(base, "yes", "svc"), filepath.Join(base, "wizard", "svc")
	if code, _, stderr := runInit(t, true, nil, "--yes", yes); code != 0 {
		t.Fatalf("init --yes: exit %d: %s", code, stderr)
	}
	p := &scripted{}
	if code, _, stderr := runInit(t, true, p, wiz); code != 0 {
		t.Fatalf("init with the wizard: exit %d: %s", code, stderr)
	}
	if diff := cmp.Diff(golden.Tree(t, yes), golden.Tree(t, wiz)); diff != "" {
		t.Errorf("Enter everywhere mismatch with --yes (-want +got):\n%s", diff)
	}
	if !slices.Contains(p.asked, "Write these files?") || len(p.asked) < 10 {
		t.Errorf("asked %q, want every question and the confirmation", p.asked)
	}
	for _, want := range []string{"create    " + wiz + "/backend/Dockerfile", "create    " + wiz + "/docker-compose.yml"} {
		if !strings.Contains(p.shown, filepath.ToSlash(want)) {
			t.Errorf("summary lacks %q:\n%s", want, p.shown)
		}
	}
}

func TestInitWizardSkipsFlagsAndOffersConfig(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "svc")
	config := filepath.Join(t.TempDir(), "answers.yaml")
	if err := os.WriteFile(config, []byte("port: 9000\nvectordb: chroma\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := &scripted{answers: map[string]string{"Workers": "3"}}
	code, _, stderr := runInit(t, true, p, "--config", config, "--python", "3.12", "--no-app", dir)
	if code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	for _, q := range []string{"Python version", "Write a skeleton FastAPI app where none exists?"} {
		if slices.Contains(p.asked, q) {
			t.Errorf("asked %q although a flag gave it", q)
		}
	}
	saved, err := os.ReadFile(filepath.Join(dir, "shipshape.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`python: "3.12"`, "port: 9000", "vectordb: chroma", "workers: 3", "no_app: true"} {
		if !strings.Contains(string(saved), want) {
			t.Errorf("shipshape.yaml lacks %q:\n%s", want, saved)
		}
	}
}

func TestInitWizardStops(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		answers map[string]string
		code    int
		stderr  string
	}{
		{"interrupted", map[string]string{"Port": "^C"}, ExitCanceled, "shipshape: interrupted; nothing was written\n"},
		{"declined", map[string]string{"Write these files?": "false"}, ExitFailure, "shipshape: not confirmed; nothing was written\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "svc")
			code, stdout, stderr := runInit(t, true, &scripted{answers: tt.answers}, dir)
			if code != tt.code || stderr != tt.stderr {
				t.Errorf("init = exit %d, stderr %q; want exit %d, stderr %q", code, stderr, tt.code, tt.stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			if files := golden.Tree(t, dir); files != nil {
				t.Errorf("wrote %d files although the wizard stopped", len(files))
			}
		})
	}
}

func TestInitWithoutTerminalNeverAsks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		notice bool
	}{
		{"no flags", nil, true},
		{"yes", []string{"--yes"}, false},
		{"quiet", []string{"--quiet"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "svc")
			p := &scripted{}
			code, _, stderr := runInit(t, false, p, append(tt.args, dir)...)
			if code != 0 {
				t.Fatalf("init: exit %d: %s", code, stderr)
			}
			if len(p.asked) != 0 {
				t.Errorf("asked %q without a terminal", p.asked)
			}
			if got := strings.Contains(stderr, "not a terminal, not asking"); got != tt.notice {
				t.Errorf("stderr %q: notice shown = %v, want %v", stderr, got, tt.notice)
			}
			if _, err := os.Stat(filepath.Join(dir, "docker-compose.yml")); err != nil {
				t.Errorf("docker-compose.yml not written: %v", err)
			}
		})
	}
}

func TestInitWizardDryRunWritesNothing(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "svc")
	p := &scripted{}
	code, stdout, stderr := runInit(t, true, p, "--dry-run", dir)
	if code != 0 {
		t.Fatalf("init --dry-run: exit %d: %s", code, stderr)
	}
	if !slices.Contains(p.asked, "Show the plan and the diff (--dry-run writes nothing)?") {
		t.Errorf("asked %q, want the dry-run confirmation", p.asked)
	}
	if !strings.Contains(stdout, "docker-compose.yml") {
		t.Errorf("stdout lacks the plan:\n%s", stdout)
	}
	if files := golden.Tree(t, dir); files != nil {
		t.Errorf("--dry-run wrote %d files", len(files))
	}
}

// TestInitWizardSummaryListsReport checks that the summary lists the same files
// as init writes, the --report file included.
func TestInitWizardSummaryListsReport(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "svc")
	p := &scripted{}
	if code, _, stderr := runInit(t, true, p, "--report", dir); code != 0 {
		t.Fatalf("init --report: exit %d: %s", code, stderr)
	}
	if want := "create    " + filepath.ToSlash(dir) + "/docs/docker-security.md"; !strings.Contains(p.shown, want) {
		t.Errorf("summary lacks %q:\n%s", want, p.shown)
	}
}

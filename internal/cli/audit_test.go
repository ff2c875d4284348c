package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runAudit runs `shipshape audit args...` in process and returns its exit code,
// stdout and stderr.
func runAudit(t testing.TB, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := NewRoot(Streams{In: strings.NewReader(""), Out: &out, Err: &errOut})
	root.SetArgs(append([]string{"audit"}, args...))
	err := root.Execute()
	code := Report(&errOut, err)
	return code, out.String(), errOut.String()
}

// writeTree writes files, given as path and content pairs, under a new folder.
func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, content := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const insecureCompose = "services:\n  api:\n    image: python:3.13\n    privileged: true\n"

// lowOnly has one low finding and nothing else: a MAINTAINER line.
const lowOnly = "FROM python:3.13-slim\nMAINTAINER me\nHEALTHCHECK CMD [\"true\"]\nUSER 1001:1001\nCMD [\"python\"]\n"

func TestAuditExitCodes(t *testing.T) {
	t.Parallel()
	insecure := writeTree(t, map[string]string{"docker-compose.yml": insecureCompose})
	low := writeTree(t, map[string]string{"Dockerfile": lowOnly})
	broken := writeTree(t, map[string]string{"Dockerfile": lowOnly, "compose.yaml": "services: [\n"})
	tests := []struct {
		name    string
		args    []string
		code    int
		stdout  string
		stderr  string
		noStdio bool
	}{
		{name: "golden output is clean", args: []string{"../../golden/default"}, code: 0, stdout: "0 findings"},
		{name: "findings", args: []string{insecure}, code: 1, stdout: "SS021"},
		{name: "below fail-on", args: []string{"--fail-on", "medium", low}, code: 0, stdout: "SS014"},
		{name: "at fail-on", args: []string{"--fail-on", "LOW", low}, code: 1, stdout: "SS014"},
		{name: "ignored", args: []string{"--ignore", "ss014", low}, code: 0, stdout: "1 suppressed"},
		{name: "parse error", args: []string{broken}, code: 2, stdout: "SS000"},
		{name: "missing path", args: []string{filepath.Join(low, "nope")}, code: 2, stderr: "does not exist", noStdio: true},
		{name: "bad format", args: []string{"--format", "xml", low}, code: 2, stderr: `--format "xml": accepted values are text, markdown, json, sarif`, noStdio: true},
		{name: "bad fail-on", args: []string{"--fail-on", "severe", low}, code: 2, stderr: `--fail-on "severe": accepted values are low, medium, high, critical`, noStdio: true},
		{name: "bad ignore", args: []string{"--ignore", "DL3008", low}, code: 2, stderr: `--ignore "DL3008"`, noStdio: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runAudit(t, tc.args...)
			if code != tc.code {
				t.Errorf("audit %v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", tc.args, code, tc.code, out, errOut)
			}
			if !strings.Contains(out, tc.stdout) {
				t.Errorf("audit %v: stdout lacks %q:\n%s", tc.args, tc.stdout, out)
			}
			if !strings.Contains(errOut, tc.stderr) {
				t.Errorf("audit %v: stderr lacks %q:\n%s", tc.args, tc.stderr, errOut)
			}
			if tc.noStdio && out != "" {
				t.Errorf("audit %v: printed a report for a usage error:\n%s", tc.args, out)
			}
			if tc.stderr != "" && strings.Count(errOut, "\n") != 1 {
				t.Errorf("audit %v: want one line on stderr, got:\n%s", tc.args, errOut)
			}
		})
	}
}

func TestAuditOutputFile(t *testing.T) {
	t.Parallel()
	dir := writeTree(t, map[string]string{"docker-compose.yml": insecureCompose})
	report := filepath.Join(t.TempDir(), "report.json")
	code, out, errOut := runAudit(t, "--format", "json", "--output", report, dir)
	if code != 1 || out != "" {
		t.Errorf("audit --output: exit %d, stdout %q; want 1 and nothing on stdout (stderr %q)", code, out, errOut)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version  int `json:"version"`
		Findings []struct {
			Rule string `json:"rule"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, data)
	}
	if got.Version != 1 || len(got.Findings) == 0 {
		t.Errorf("report: version %d with %d findings, want version 1 with findings", got.Version, len(got.Findings))
	}
}

func TestAuditNoColorInPipe(t *testing.T) {
	t.Parallel()
	dir := writeTree(t, map[string]string{"docker-compose.yml": insecureCompose})
	_, out, _ := runAudit(t, dir)
	if strings.Contains(out, "\x1b[") {
		t.Errorf("audit to a buffer printed colour codes:\n%q", out)
	}
}

func TestInitReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	root := NewRoot(Streams{In: strings.NewReader(""), Out: &out, Err: &errOut})
	root.SetArgs([]string{"init", "--yes", "--quiet", "--report", dir})
	if code := Report(&errOut, root.Execute()); code != 0 {
		t.Fatalf("init --report: exit %d\n%s", code, errOut.String())
	}
	data, err := os.ReadFile(filepath.Join(dir, "docs", "docker-security.md"))
	if err != nil {
		t.Fatal(err)
	}
	report := string(data)
	for _, want := range []string{"# Docker Security Validation Report", "`docker-compose.yml`", "`backend/Dockerfile`", "`backend/Dockerfile.dev`"} {
		if !strings.Contains(report, want) {
			t.Errorf("docs/docker-security.md lacks %q:\n%s", want, report)
		}
	}
	if code, stdout, _ := runAudit(t, dir); code != 0 {
		t.Errorf("audit of the files init wrote: exit %d\n%s", code, stdout)
	}
}

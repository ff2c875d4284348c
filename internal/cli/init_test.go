package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shipshape-dev/shipshape/internal/golden"
)

// run executes the whole shipshape command in process, as main does, with no
// terminal attached.
func run(tb testing.TB, args ...string) (code int, stdout, stderr string) {
	tb.Helper()
	var out, errb bytes.Buffer
	root := NewRoot(Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	root.SetArgs(args)
	code = Report(&errb, root.Execute())
	return code, out.String(), errb.String()
}

func TestInitYesWritesProject(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "Demo Service")
	code, out, errOut := run(t, "init", "--yes", dir)
	if code != 0 || errOut != "" {
		t.Fatalf("init --yes: code %d, stderr %q", code, errOut)
	}
	got := golden.Tree(t, dir)
	for _, p := range []string{"docker-compose.yml", "shipshape.yaml", "backend/Dockerfile",
		"backend/Dockerfile.dev", "backend/.dockerignore", "backend/app/main.py",
		"backend/app/routers/health.py", "backend/requirements.txt", "backend/requirements-dev.txt"} {
		if _, ok := got[p]; !ok {
			t.Errorf("init --yes did not write %s", p)
		}
	}
	if !strings.Contains(got["shipshape.yaml"], "name: demo-service\n") {
		t.Errorf("project name not derived from the folder:\n%s", got["shipshape.yaml"])
	}
	for _, want := range []string{"create    " + filepath.ToSlash(dir) + "/backend/Dockerfile\n",
		"docker compose --profile backend up --build"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}

	// A second run changes nothing and says so.
	code, out, _ = run(t, "init", "--yes", dir)
	if code != 0 || !strings.Contains(out, "Nothing to write") || strings.Contains(out, "create ") {
		t.Errorf("second init: code %d, stdout:\n%s", code, out)
	}
	if diff := cmp.Diff(got, golden.Tree(t, dir)); diff != "" {
		t.Errorf("second init changed files (-want +got):\n%s", diff)
	}
}

func TestInitRejectsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"port", []string{"--port", "80"}, `shipshape: --port: invalid value "80": accepted: a whole number from 1024 to 65535` + "\n"},
		{"python", []string{"--python", "3.10"}, `shipshape: --python: invalid value "3.10": accepted: 3.11, 3.12, 3.13, 3.14` + "\n"},
		{"newline", []string{"--app", "app.main:app\nRUN id"}, `shipshape: --app: invalid value "app.main:app\nRUN id": accepted: a dotted Python module, ':', and an identifier, such as app.main:app` + "\n"},
		{"bullseye", []string{"--debian", "bullseye"}, `shipshape: --debian: invalid value "bullseye": bullseye reached its end of life on 2026-08-31; pass --allow-eol to use it anyway` + "\n"},
		{"unknown flag", []string{"--pyton", "3.12"}, "shipshape: unknown flag: --pyton\n"},
		{"two folders", []string{"a"}, "shipshape: init takes at most one folder, got 2 arguments\n"},
		{"missing config", []string{"--config", "/nonexistent/shipshape.yaml"}, "shipshape: --config: open /nonexistent/shipshape.yaml: no such file or directory\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "p")
			code, out, errOut := run(t, append([]string{"init", "--yes", dir}, tt.args...)...)
			if code != ExitUsage || errOut != tt.want || out != "" {
				t.Errorf("code %d, stderr %q, stdout %q; want code 2 and stderr %q", code, errOut, out, tt.want)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("a rejected init created %s", dir)
			}
		})
	}
}

func TestInitConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, yaml, want string }{
		{"unknown key", "pyhton: \"3.12\"\n", `shipshape.yaml: line 1: unknown key pyhton (accepted: name, backend_dir, python, debian, packaging, app, port, workers, user, group, uid, gid, health_path, healthcheck, vectordb, publish, no_app, allow_eol)`},
		{"bad value", "port: 22\n", `shipshape.yaml: port: invalid value "22": accepted: a whole number from 1024 to 65535`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tmp := t.TempDir()
			cfg := filepath.Join(tmp, "shipshape.yaml")
			if err := os.WriteFile(cfg, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := run(t, "init", "--yes", "--config", cfg, filepath.Join(tmp, "out"))
			if code != ExitUsage || !strings.HasSuffix(strings.TrimSpace(errOut), tt.want) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("code %d, stderr %q; want code 2 and one line ending %q", code, errOut, tt.want)
			}
		})
	}
}

func TestInitRejectsFileAsFolder(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "init", "--yes", file)
	if want := "shipshape: " + file + ": is not a folder\n"; code != ExitUsage || errOut != want {
		t.Errorf("code %d, stderr %q; want 2 and %q", code, errOut, want)
	}
}

func TestInitEOLWarns(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, _, errOut := run(t, "init", "--yes", "--debian", "bullseye", "--allow-eol", dir)
	if code != 0 || !strings.Contains(errOut, "shipshape: warning: debian bullseye reached its end of life") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	if df := golden.Tree(t, dir)["backend/Dockerfile"]; !strings.Contains(df, "FROM python:3.13-slim-bullseye AS runtime") {
		t.Errorf("Dockerfile does not use bullseye:\n%s", df)
	}
}

// TestInitConfigReproducesGolden runs init from each golden case's answers into a
// new folder and expects the golden tree byte for byte.
func TestInitConfigReproducesGolden(t *testing.T) {
	for _, name := range golden.Cases(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cfg := filepath.Join(golden.Root(t), name, golden.Input)
			if code, _, errOut := run(t, "init", "--quiet", "--config", cfg, dir); code != 0 {
				t.Fatalf("init --config %s: code %d, %s", cfg, code, errOut)
			}
			if diff := cmp.Diff(golden.Read(t, name), golden.Tree(t, dir)); diff != "" {
				t.Errorf("init --config golden/%s mismatch (-want +got):\n%s", name, diff)
			}
		})
	}
}

func TestInitConflictsAndForce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if code, _, _ := run(t, "init", "--yes", "-q", dir); code != 0 {
		t.Fatal("first init failed")
	}
	df := filepath.Join(dir, "backend", "Dockerfile")
	main := filepath.Join(dir, "backend", "app", "main.py")
	for _, p := range []string{df, main} {
		if err := os.WriteFile(p, []byte("edited\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	code, out, errOut := run(t, "init", "--yes", dir)
	want := "shipshape: 1 existing file(s) in " + dir + " differ from what shipshape would write: backend/Dockerfile\n" +
		"shipshape: hint: see the changes with --dry-run, then pass --force to overwrite them\n"
	if code != ExitFailure || errOut != want || out != "" {
		t.Errorf("conflict: code %d, stderr %q, stdout %q; want 1 and %q", code, errOut, out, want)
	}

	code, out, _ = run(t, "init", "--yes", "--dry-run", dir)
	if code != 0 || !strings.Contains(out, "-edited\n+# syntax=docker/dockerfile:1\n") || !strings.Contains(out, "keep      "+dir+"/backend/app/main.py") ||
		!strings.Contains(out, "overwrite "+dir+"/backend/Dockerfile (differs: init stops unless --force)\n") {
		t.Errorf("dry-run: code %d, stdout:\n%s", code, out)
	}
	if b, _ := os.ReadFile(df); string(b) != "edited\n" {
		t.Error("--dry-run wrote the Dockerfile")
	}

	if code, _, errOut := run(t, "init", "--yes", "--force", dir); code != 0 {
		t.Fatalf("--force: code %d, %s", code, errOut)
	}
	if b, _ := os.ReadFile(df); !strings.HasPrefix(string(b), "# syntax=docker/dockerfile:1\n") {
		t.Error("--force did not restore the Dockerfile")
	}
	if b, _ := os.ReadFile(main); string(b) != "edited\n" {
		t.Error("--force overwrote user code")
	}
}

func TestInitReadsExistingAnswers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if code, _, errOut := run(t, "init", "--yes", "-q", "--python", "3.12", "--vectordb", "none", dir); code != 0 {
		t.Fatal(errOut)
	}
	code, out, _ := run(t, "init", "--yes", dir)
	if code != 0 || !strings.Contains(out, "Nothing to write") {
		t.Errorf("rerun without flags: code %d, stdout:\n%s", code, out)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, "version")
	if code != 0 || !strings.HasPrefix(out, "shipshape ") || strings.Count(out, "\n") != 1 {
		t.Errorf("version: code %d, stdout %q", code, out)
	}
}

func TestInitNextSteps(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, out, _ := run(t, "init", "--yes", "--packaging", "uv", "--vectordb", "pgvector", dir)
	want := "\nNext:\n  cd " + dir + "\n" +
		"  mkdir -p secrets && openssl rand -hex 24 > secrets/postgres_password.txt\n" +
		"  (cd backend && uv lock)\n" +
		"  docker compose --profile backend up --build        # development, with reload\n"
	if code != 0 || !strings.Contains(out, want) {
		t.Fatalf("code %d; stdout lacks %q:\n%s", code, want, out)
	}

	// Once the secret and the lock exist, init no longer asks for them.
	for _, p := range []string{"secrets/postgres_password.txt", "backend/uv.lock"} {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("x\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, out, _ = run(t, "init", "--yes", dir)
	if strings.Contains(out, "openssl") || strings.Contains(out, "uv lock") {
		t.Errorf("next steps still ask for the secret or the lock:\n%s", out)
	}
}

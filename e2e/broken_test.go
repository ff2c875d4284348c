//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrokenImagesFail proves that the checks of TestGoldenImages can fail: it
// breaks the default case's Dockerfile in ways a template change could, and
// expects checkProduction to name the broken promise.
func TestBrokenImagesFail(t *testing.T) {
	tests := []struct {
		name string
		drop string // the Dockerfile line removed
		want string // what the problems must mention
	}{
		{"no USER", "USER 1001:1001", "process 1 has Uid:\t0"},
		{"no venv", "COPY --from=builder /opt/venv /opt/venv", `"uvicorn": executable file not found`},
	}
	p := initProject(t, "--config", filepath.Join(moduleRoot, "golden", "default", "shipshape.yaml"))
	orig, err := os.ReadFile(filepath.Join(p.backend(), "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			broken := strings.Replace(string(orig), tt.drop+"\n", "", 1)
			if broken == string(orig) {
				t.Fatalf("the default Dockerfile has no line %q to remove", tt.drop)
			}
			file := "Dockerfile.broken"
			if err := os.WriteFile(filepath.Join(p.backend(), file), []byte(broken), 0o644); err != nil {
				t.Fatal(err)
			}
			tag := "localhost/shipshape-e2e-broken:" + strings.ReplaceAll(tt.name, " ", "-")
			build(t, p, file, tag)

			problems := checkProduction(t, p, tag)
			t.Logf("problems found, as expected:\n%s", strings.Join(problems, "\n"))
			if !strings.Contains(strings.Join(problems, "\n"), tt.want) {
				t.Errorf("checkProduction(%s) = %q, want a problem mentioning %q", tt.name, problems, tt.want)
			}
		})
	}
}

//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// moduleRoot is the folder of go.mod, and shipshapeBin the binary built from it for
// this run; TestMain sets both once before any test.
var moduleRoot, shipshapeBin string

func TestMain(m *testing.M) {
	code, err := setup(m)
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
		fmt.Fprintln(os.Stderr, "e2e: hint: run scripts/e2e.sh, which prepares the machine and sets the environment")
		os.Exit(1)
	}
	os.Exit(code)
}

// setup checks the environment, builds shipshape and runs the tests.
func setup(m *testing.M) (int, error) {
	for _, v := range []string{"CONTAINERS_CONF", "SHIPSHAPE_E2E_COMPOSE"} {
		if os.Getenv(v) == "" {
			return 0, fmt.Errorf("%s is not set", v)
		}
	}
	if _, err := exec.LookPath("podman"); err != nil {
		return 0, fmt.Errorf("podman: %w", err)
	}

	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return 0, fmt.Errorf("finding the module: %w", err)
	}
	moduleRoot = filepath.Dir(strings.TrimSpace(string(out)))

	bin, err := os.MkdirTemp("", "shipshape-e2e-bin-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(bin)
	shipshapeBin = filepath.Join(bin, "shipshape")
	build := exec.Command("go", "build", "-o", shipshapeBin, "./cmd/shipshape")
	build.Dir = moduleRoot
	if out, err := build.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("building shipshape: %v\n%s", err, out)
	}
	return m.Run(), nil
}

//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// podmanService starts `podman system service` on a socket of its own, so that
// Docker clients such as Compose talk to Podman, and returns the DOCKER_HOST value
// for it. The service stops when the test ends.
func podmanService(tb testing.TB) string {
	tb.Helper()
	sock := filepath.Join(tb.TempDir(), "podman.sock")
	cmd := exec.Command("podman", "system", "service", "--time", "0", "unix://"+sock)
	log, err := os.Create(filepath.Join(tb.TempDir(), "podman-service.log"))
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		tb.Fatalf("starting podman system service: %v", err)
	}
	tb.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		log.Close()
	})

	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(sock); err == nil {
			return "unix://" + sock
		}
		time.Sleep(200 * time.Millisecond)
	}
	out, _ := os.ReadFile(log.Name())
	tb.Fatalf("podman system service made no socket at %s within 30s:\n%s", sock, out)
	return ""
}

// compose runs Docker Compose on the project's file, with the production profile,
// against the engine in DOCKER_HOST, and returns its output: Compose reports
// progress on stderr, so both streams together.
func compose(tb testing.TB, p project, timeout time.Duration, args ...string) (string, error) {
	tb.Helper()
	args = append([]string{"--file", filepath.Join(p.dir, "docker-compose.yml"),
		"--profile", "production"}, args...)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, os.Getenv("SHIPSHAPE_E2E_COMPOSE"), args...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("docker compose %s: %v\n%s", strings.Join(args, " "), err, tail(string(out)))
	}
	return string(out), nil
}

// TestComposeProduction brings up the production profile of a project without a
// vector database through Compose v2 and Podman's Docker-compatible API.
//
// Health is judged by the health path answering on the published port: Podman
// 4.3's compatibility API splits a Compose health check written as ["CMD", ...]
// wrongly, so the status it reports for the service says nothing about the image.
// The image's own HEALTHCHECK is checked in TestGoldenImages.
func TestComposeProduction(t *testing.T) {
	port := freePort(t)
	p := initProject(t, "--vectordb", "none", "--name", "shipshape-e2e",
		"--port", strconv.Itoa(port))
	t.Setenv("DOCKER_HOST", podmanService(t))

	t.Cleanup(func() {
		if _, err := compose(t, p, time.Minute, "down", "--volumes", "--remove-orphans", "--timeout", "0"); err != nil {
			t.Errorf("compose down: %v", err)
		}
	})
	// A run that was killed may have left the project behind.
	_, _ = compose(t, p, time.Minute, "down", "--volumes", "--remove-orphans", "--timeout", "0")
	start := time.Now()
	out, err := compose(t, p, buildTimeout, "up", "--detach", "--build")
	if err != nil {
		t.Fatalf("compose up: %v", err)
	}
	t.Logf("compose up --detach --build took %s; its last lines:\n%s",
		time.Since(start).Round(time.Second), lastLines(out, 6))

	url := hostURL(p.spec.Publish, port, p.spec.HealthPath)
	alive := func() bool { return true }
	if err := waitHealthy(url, 90*time.Second, alive); err != nil {
		ps, _ := compose(t, p, time.Minute, "ps", "--all")
		logs, _ := compose(t, p, time.Minute, "logs", "--tail", "40")
		t.Fatalf("%v\ncompose ps:\n%s\ncompose logs:\n%s", err, ps, logs)
	}
	t.Logf("%s answered 200 through Compose", url)
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

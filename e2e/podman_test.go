//go:build e2e

package e2e

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// buildTimeout bounds one image build. The first build on a new machine fetches
// build-essential into the builder stage; later ones come from Podman's layer cache.
const buildTimeout = 20 * time.Minute

// build builds dockerfile in the project's backend folder and tags it tag.
//
// --format docker keeps HEALTHCHECK, which the OCI format has no field for.
// --network host keeps apt-get in a build independent of Podman's NAT network,
// which has failed to reach Debian's mirror on machines of this kind. --pull=never: the base images are the
// local stand-ins, and no registry is reachable anyway.
func build(tb testing.TB, p project, dockerfile, tag string) {
	tb.Helper()
	start := time.Now()
	run(tb, buildTimeout, "podman", "build", "--format", "docker", "--network", "host",
		"--pull=never", "--file", filepath.Join(p.backend(), dockerfile), "--tag", tag,
		p.backend())
	tb.Logf("built %s from %s in %s", tag, dockerfile, time.Since(start).Round(time.Second))
}

// container is a running container of the suite.
type container struct {
	name string
	addr string // the host address the port is published on
	port int    // the published port on the host
}

// publishAddr returns the host address to publish the API port on: the configured
// one, except that an IPv6 address becomes 127.0.0.1. Rootful Podman 4.3 forwards
// a published port with NAT rules only, and on this kind of machine nothing
// published on an IPv6 address answers, even from a server listening on :: in an
// IPv6 network. Docker bridges the families with its userland proxy, so the
// generated mapping is sound there; the suite checks the rest of it on IPv4.
func publishAddr(tb testing.TB, p project) string {
	tb.Helper()
	ip := net.ParseIP(p.spec.Publish)
	if ip == nil || ip.To4() != nil {
		return p.spec.Publish
	}
	tb.Logf("publishing on 127.0.0.1 instead of %s: Podman here forwards no IPv6 port", p.spec.Publish)
	return "127.0.0.1"
}

// start runs image detached with the hardening that the generated Compose file
// gives the production service, publishing its port on the configured address.
// The user is the image's own: the Compose file names the same one, and checking
// the image's proves the Dockerfile's USER. extra goes before the image name. The
// error is Podman's when the container cannot start at all.
func start(tb testing.TB, p project, name, image string, extra ...string) (container, error) {
	tb.Helper()
	c := container{name: name, addr: publishAddr(tb, p), port: freePort(tb)}
	_, _ = try(tb, 0, "podman", "rm", "--force", "--time", "0", name)
	args := []string{"run", "--detach", "--name", name,
		"--read-only", "--tmpfs", "/tmp", "--env", "HOME=/tmp",
		"--cap-drop", "ALL", "--security-opt", "no-new-privileges",
		"--publish", fmt.Sprintf("%s:%d:%d", bracket(c.addr), c.port, p.spec.Port)}
	args = append(append(args, extra...), image)
	tb.Cleanup(func() {
		if tb.Failed() {
			// The server logs to stderr, so both streams together.
			logs, _ := exec.Command("podman", "logs", "--tail", "40", name).CombinedOutput()
			tb.Logf("podman logs %s:\n%s", name, logs)
		}
		_, _ = try(tb, 0, "podman", "rm", "--force", "--time", "0", name)
	})
	_, err := try(tb, 0, "podman", args...)
	return c, err
}

// bracket puts an IPv6 address in brackets, as a port mapping needs.
func bracket(addr string) string {
	if strings.Contains(addr, ":") {
		return "[" + addr + "]"
	}
	return addr
}

// running reports whether the container is still running.
func (c container) running(tb testing.TB) bool {
	tb.Helper()
	out, err := try(tb, 0, "podman", "inspect", "--format", "{{.State.Running}}", c.name)
	return err == nil && strings.TrimSpace(out) == "true"
}

// exec runs a command in the container as the container's user.
func (c container) exec(tb testing.TB, args ...string) (string, error) {
	tb.Helper()
	return try(tb, 0, "podman", append([]string{"exec", c.name}, args...)...)
}

// checkProduction runs the production image of p as Compose would and returns
// every promise of the setup that it breaks; none means the image is sound.
func checkProduction(tb testing.TB, p project, image string) []string {
	tb.Helper()
	name := strings.NewReplacer(":", "-", "/", "-").Replace(image)
	c, err := start(tb, p, name, image)
	if err != nil {
		return []string{"starting the container: " + err.Error()}
	}
	url := hostURL(c.addr, c.port, p.spec.HealthPath)
	if err := waitHealthy(url, 90*time.Second, func() bool { return c.running(tb) }); err != nil {
		return []string{"health path: " + err.Error()}
	}
	tb.Logf("%s answered 200", url)

	var problems []string
	if err := checkIDs(tb, c, p.spec.UID, p.spec.GID); err != nil {
		problems = append(problems, err.Error())
	}
	// Exit status 0 is healthy; an unhealthy check or an image without HEALTHCHECK
	// (built in OCI format, or written without one) fails.
	if _, err := try(tb, 0, "podman", "healthcheck", "run", c.name); err != nil {
		problems = append(problems, "HEALTHCHECK: "+err.Error())
	} else {
		tb.Logf("podman healthcheck run: healthy")
	}
	if _, err := c.exec(tb, "touch", "/app/.shipshape-e2e"); err == nil {
		problems = append(problems, "the app user created a file in /app of the running container")
	}
	// Under read_only the home that useradd made is read-only; the Compose file
	// points HOME at the tmpfs so that tools writing there (uv, gunicorn) work.
	if _, err := c.exec(tb, "sh", "-c", `touch "$HOME/.shipshape-e2e"`); err != nil {
		problems = append(problems, "HOME is not writable with a read-only root filesystem")
	}
	if w := writable(tb, image); w != "" {
		problems = append(problems, "the app user can write, even on a writable root filesystem:\n"+w)
	}
	return problems
}

// checkIDs checks that the container's first process, and so the server, runs
// with the configured UID and GID, real, effective, saved and filesystem alike.
func checkIDs(tb testing.TB, c container, uid, gid int) error {
	tb.Helper()
	status, err := c.exec(tb, "cat", "/proc/1/status")
	if err != nil {
		return err
	}
	want := map[string]string{"Uid:": strconv.Itoa(uid), "Gid:": strconv.Itoa(gid)}
	for _, line := range strings.Split(status, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || want[f[0]] == "" {
			continue
		}
		for _, id := range f[1:] {
			if id != want[f[0]] {
				return fmt.Errorf("process 1 has %s, want %s everywhere", line, want[f[0]])
			}
		}
		delete(want, f[0])
	}
	if len(want) > 0 {
		return fmt.Errorf("no Uid or Gid line in /proc/1/status:\n%s", status)
	}
	tb.Logf("process 1 runs as %d:%d", uid, gid)
	return nil
}

// writableScript lists every path under the app and the venv that the current
// user may write. Permissions, not the read-only root filesystem, must protect
// the code: the image may run elsewhere without read_only.
const writableScript = `
import os
for top in ("/app", "/opt/venv"):
    for d, dirs, files in os.walk(top):
        for p in [d] + [os.path.join(d, f) for f in files]:
            if not os.path.islink(p) and os.access(p, os.W_OK):
                print(p)
`

// writable runs image without a read-only root filesystem, as the image's user,
// and returns the app and venv paths that user may write, at most a few of them.
func writable(tb testing.TB, image string) string {
	tb.Helper()
	out := run(tb, 0, "podman", "run", "--rm", "--cap-drop", "ALL",
		"--security-opt", "no-new-privileges", "--entrypoint", "python",
		image, "-c", writableScript)
	lines := strings.Fields(out)
	if len(lines) > 5 {
		lines = append(lines[:5], fmt.Sprintf("and %d more", len(lines)-5))
	}
	return strings.Join(lines, "\n")
}

// checkDevelopment runs the development image as the backend profile does, with
// the backend folder mounted on /app, and returns what it breaks.
func checkDevelopment(tb testing.TB, p project, image string) []string {
	tb.Helper()
	name := strings.NewReplacer(":", "-", "/", "-").Replace(image)
	c, err := start(tb, p, name, image, "--volume", p.backend()+":/app")
	if err != nil {
		return []string{"starting the container: " + err.Error()}
	}
	url := hostURL(c.addr, c.port, p.spec.HealthPath)
	if err := waitHealthy(url, 90*time.Second, func() bool { return c.running(tb) }); err != nil {
		return []string{"health path: " + err.Error()}
	}
	tb.Logf("%s answered 200 with reload", url)
	var problems []string
	if err := checkIDs(tb, c, p.spec.UID, p.spec.GID); err != nil {
		problems = append(problems, err.Error())
	}
	return problems
}

func TestGoldenImages(t *testing.T) {
	for _, name := range []string{"default", "seed", "custom"} {
		t.Run(name, func(t *testing.T) {
			// Not parallel: two cores, and each build uses both.
			config := filepath.Join(moduleRoot, "golden", name, "shipshape.yaml")
			if _, err := os.Stat(config); err != nil {
				t.Fatal(err)
			}
			p := initProject(t, "--config", config)
			prod := "localhost/shipshape-e2e-" + name + ":production"
			dev := "localhost/shipshape-e2e-" + name + ":development"
			build(t, p, "Dockerfile", prod)
			build(t, p, "Dockerfile.dev", dev)

			t.Run("production", func(t *testing.T) {
				for _, problem := range checkProduction(t, p, prod) {
					t.Error(problem)
				}
			})
			t.Run("development", func(t *testing.T) {
				for _, problem := range checkDevelopment(t, p, dev) {
					t.Error(problem)
				}
			})
		})
	}
}

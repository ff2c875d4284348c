//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shipshape-dev/shipshape/internal/spec"
)

// project is a project that shipshape init wrote, with the answers behind it.
type project struct {
	dir  string
	spec spec.Spec
}

// backend returns the folder of the project's Dockerfiles.
func (p project) backend() string {
	return filepath.Join(p.dir, filepath.FromSlash(p.spec.BackendDir))
}

// initProject runs shipshape init with args into a new temporary folder and loads
// the shipshape.yaml it saved.
func initProject(tb testing.TB, args ...string) project {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "project")
	run(tb, 0, shipshapeBin, append(append([]string{"init", "--yes", "--quiet"}, args...), dir)...)

	f, err := os.Open(filepath.Join(dir, "shipshape.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	s, err := spec.Load(f, spec.Default(dir))
	if err != nil {
		tb.Fatalf("loading %s: %v", f.Name(), err)
	}
	return project{dir: dir, spec: s}
}

// run runs a command and returns its standard output; the test fails with both
// outputs when it fails. A timeout of 0 means two minutes.
func run(tb testing.TB, timeout time.Duration, name string, args ...string) string {
	tb.Helper()
	out, err := try(tb, timeout, name, args...)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// try runs a command and returns its standard output, and an error that carries
// the command line and both outputs when it fails.
func try(tb testing.TB, timeout time.Duration, name string, args ...string) (string, error) {
	tb.Helper()
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	// Not the test's context: cleanups, which tear containers down, run after it ends.
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%s %s: %v\nstdout:\n%s\nstderr:\n%s",
			name, strings.Join(args, " "), err, tail(stdout.String()), tail(stderr.String()))
	}
	return stdout.String(), nil
}

// tail keeps the end of a long output, where the error usually is.
func tail(s string) string {
	const max = 6000
	if len(s) > max {
		return "[...]\n" + s[len(s)-max:]
	}
	return s
}

// freePort returns a TCP port that is free on the loopback address right now.
func freePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// hostURL returns the URL of path on addr:port, for an IPv4 or IPv6 address.
func hostURL(addr string, port int, path string) string {
	return "http://" + net.JoinHostPort(addr, strconv.Itoa(port)) + path
}

// waitHealthy requests url until it answers 200, alive reports false, or timeout
// passes, and returns nil on a 200 or what went wrong last.
func waitHealthy(url string, timeout time.Duration, alive func() bool) error {
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("GET %s: %s", url, resp.Status)
		}
		last = err
		if !alive() {
			return fmt.Errorf("the container stopped before %s answered 200 (last: %v)", url, last)
		}
		time.Sleep(time.Second)
	}
	return fmt.Errorf("%s did not answer 200 within %s (last: %v)", url, timeout, last)
}

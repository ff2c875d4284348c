//go:build e2e

// Package e2e proves that the container setup shipshape init writes builds and runs.
//
// Golden files prove that init writes what was intended; this suite builds the
// images of the golden cases default, seed and custom with Podman, runs each
// production image the way the generated Compose file does, and checks what the
// setup promises: the process runs as the configured UID, the health path answers,
// the image's own HEALTHCHECK reports healthy, and the app cannot rewrite its code.
// It then brings up the production profile of a project without a vector database
// through Docker Compose v2 against Podman's Docker-compatible socket.
//
// The files carry the build tag e2e, so `go test ./...` neither builds nor runs them.
// scripts/e2e.sh prepares the machine (scripts/e2e-setup.sh: Podman, stand-ins for
// the python:<ver>-slim-<debian> base images, Compose) and runs
//
//	go test -tags e2e -v ./e2e/...
//
// with CONTAINERS_CONF and SHIPSHAPE_E2E_COMPOSE set. No registry is reachable on
// the machines this runs on; the base images are local stand-ins that
// scripts/e2e-setup.sh makes with debootstrap, and their pip installs from wheels of
// Debian's packages. Nothing in the generated files depends on that.
package e2e

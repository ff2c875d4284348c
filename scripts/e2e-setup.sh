#!/usr/bin/env bash
# e2e-setup.sh prepares this machine for the end-to-end suite in e2e/.
#
# It installs Podman and its helpers from Debian, writes the containers.conf the
# suite runs Podman with, builds local stand-ins for the python:<ver>-slim-<debian>
# base images (no registry is reachable here), and builds Docker Compose v2 from the
# Go module proxy. Every step is idempotent and caches its result outside the clone,
# in $SHIPSHAPE_E2E_CACHE (default /var/cache/shipshape-e2e), so a rerun takes seconds.
#
# It must run as root. Its last lines are the environment the suite needs, as
# NAME=value lines that scripts/e2e.sh exports.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${SHIPSHAPE_E2E_CACHE:-/var/cache/shipshape-e2e}
mirror=${SHIPSHAPE_E2E_MIRROR:-http://deb.debian.org/debian}
compose_version=v5.6.0

# The stand-ins: Debian release, then every name the generated Dockerfiles may use
# for it. Debian trixie ships Python 3.13 and bookworm 3.11; the golden case custom
# asks for 3.12 on trixie, which Debian does not ship, so the trixie stand-in also
# answers to that name. What the suite checks (stages, venv, user, health) does not
# depend on the minor version, as long as both stages use the same base.
standins=(
	"trixie docker.io/library/python:3.13-slim-trixie docker.io/library/python:3.12-slim-trixie"
	"bookworm docker.io/library/python:3.11-slim-bookworm"
)

# Packages in every stand-in: Python as the official image has it, and what the
# generated requirements files name (fastapi, uvicorn; pytest, httpx for development).
include=python3,python3-venv,python3-pip,python3-fastapi,python3-uvicorn,python3-pytest,python3-httpx,ca-certificates

log() { printf 'e2e-setup: %s\n' "$*" >&2; }

# install_packages installs the Debian packages the suite needs, once.
install_packages() {
	local pkgs=(podman debootstrap uidmap slirp4netns fuse-overlayfs runc curl ca-certificates)
	local missing=() p
	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	((${#missing[@]} > 0)) || return 0
	log "installing ${missing[*]}"
	# stdout carries the environment for e2e.sh; apt's chatter goes to stderr.
	apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >&2
}

# write_containers_conf writes the Podman configuration the suite uses.
#
# Podman 4.3's default runtime, crun, fails on this kind of machine ("cgroups in
# hybrid mode not supported", then setrlimit errors); runc works, given explicit
# ulimits.
write_containers_conf() {
	cat >"$cache/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
runtime = "runc"
CONF
}

# bootstrap makes a minbase Debian tree of release $1 with the packages in $include
# and keeps it as a tarball in the cache: the slow step, done once per package list.
bootstrap() {
	local suite=$1 tarball
	tarball="$cache/debootstrap-$suite-$(printf '%s' "$include" | sha256sum | cut -c1-12).tar"
	if [[ -s $tarball ]]; then
		printf '%s\n' "$tarball"
		return
	fi
	local dir
	dir=$(mktemp -d "$cache/rootfs-$suite.XXXXXX")
	# mktemp makes the folder private; it becomes the image's / and must be 0755.
	chmod 755 "$dir"
	log "debootstrap $suite (first run only; a few minutes)"
	if ! debootstrap --variant=minbase --include="$include" "$suite" "$dir" "$mirror" \
		>"$cache/debootstrap-$suite.log" 2>&1; then
		tail -20 "$cache/debootstrap-$suite.log" >&2
		rm -rf "$dir"
		return 1
	fi
	rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
	tar --numeric-owner -C "$dir" -cf "$tarball.tmp" .
	mv "$tarball.tmp" "$tarball"
	rm -rf "$dir"
	printf '%s\n' "$tarball"
}

# configure turns a bare Debian tree into a stand-in for the official slim Python
# image, which has `python` in /usr/local/bin and resolves packages from PyPI.
#
# No package index is reachable from a build here, so pip in the stand-in installs
# from a wheel house made of what Debian installed (see e2e-wheels.py):
#   - /etc/pip.conf sets no-index and find-links to that house, so pip never tries
#     the network; no-deps, so that it does not resolve dependency ranges that
#     Debian's versions need not meet; and ignore-installed, so that it installs
#     what requirements.txt names, with its console scripts, into the venv even
#     though it sees Debian's copy, as it would from PyPI;
#   - what those packages import but the venv then lacks is found through
#     sitecustomize.py, which appends to sys.path of every interpreter, venvs
#     included, a folder of links to Debian's modules and their metadata (pydantic
#     asks importlib.metadata for versions). pip, setuptools and wheel are left out
#     of it: `python -m venv` runs ensurepip without pip.conf, and would otherwise
#     find pip installed and leave the venv without one;
#   - Debian's console scripts (uvicorn, pytest) are removed, so a runtime stage that
#     forgets the venv fails as it would on the real image.
# The generated files know nothing of this: it is a property of the test fixture.
configure() {
	local dir=$1
	local site=/usr/lib/python3/dist-packages modules=/usr/local/lib/shipshape-e2e/modules
	ln -sf /usr/bin/python3 "$dir/usr/local/bin/python"
	ln -sf /usr/bin/python3 "$dir/usr/local/bin/python3"
	python3 "$here/e2e-wheels.py" "$dir" "$dir/usr/share/shipshape-e2e/wheels" >/dev/null

	mkdir -p "$dir$modules"
	local entry base
	for entry in "$dir$site"/*; do
		base=${entry##*/}
		case $base in
		*.pth | __pycache__) continue ;;
		pip | setuptools | pkg_resources | _distutils_hack | wheel) continue ;;
		pip-* | setuptools-* | wheel-*) continue ;;
		esac
		ln -s "$site/$base" "$dir$modules/$base"
	done

	cat >"$dir/etc/pip.conf" <<'CONF'
# Stand-in base image for the shipshape end-to-end suite: no package index is
# reachable, so requirements are installed from wheels of Debian's packages.
[global]
no-index = true
find-links = /usr/share/shipshape-e2e/wheels
disable-pip-version-check = true

[install]
no-deps = true
ignore-installed = true
CONF
	local stdlib
	for stdlib in "$dir"/usr/lib/python3.*; do
		[[ -d $stdlib && ! -L $stdlib ]] || continue
		rm -f "$stdlib/sitecustomize.py"
		cat >"$stdlib/sitecustomize.py" <<PY
# Stand-in base image for the shipshape end-to-end suite: Debian's modules are
# importable from every interpreter, venvs included, after their own packages.
import sys

sys.path.append("$modules")
PY
	done
}

# standin imports release $1 under the first image name that follows it and tags
# it with the others, unless images made by this very version of the setup are
# there already.
standin() {
	local suite=$1 first=$2
	shift
	local stamp name fresh=1 tarball dir
	# What makes the image: the package list, configure and the wheel script.
	stamp=$({
		printf '%s\n' "$include"
		declare -f configure
		cat "$here/e2e-wheels.py"
	} | sha256sum | cut -c1-12)
	for name in "$@"; do
		if [[ $(podman image inspect --format '{{index .Labels "shipshape.e2e.standin"}}' \
			"$name" 2>/dev/null) != "$stamp" ]]; then
			fresh=0
		fi
	done
	((fresh)) && return 0

	tarball=$(bootstrap "$suite")
	dir=$(mktemp -d)
	chmod 755 "$dir"
	tar -C "$dir" -xf "$tarball"
	configure "$dir"
	log "importing the $suite stand-in as $*"
	tar --numeric-owner -C "$dir" -c . | podman import --quiet \
		--change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change 'ENV LANG=C.UTF-8' \
		--change "LABEL shipshape.e2e.standin=$stamp" \
		--change 'CMD ["python3"]' \
		- "$first" >/dev/null
	rm -rf "$dir"
	for name in "$@"; do
		podman tag "$first" "$name"
	done
}

# build_compose builds Docker Compose v2 from the Go module proxy. `go install` of
# the module is refused because its go.mod has exclude directives, so it downloads
# the module and builds ./cmd in a writable copy.
build_compose() {
	local bin="$cache/docker-compose-$compose_version"
	[[ -x $bin ]] && return 0
	log "building docker compose $compose_version (first run only)"
	local dir work
	work=$(mktemp -d)
	# Outside any module, so that the download touches no go.mod.
	dir=$(cd "$work" && GOFLAGS= go mod download -json \
		"github.com/docker/compose/v5@$compose_version" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	if [[ -z $dir ]]; then
		log "go mod download gave no module folder"
		return 1
	fi
	cp -r "$dir" "$work/compose"
	chmod -R u+w "$work/compose"
	(cd "$work/compose" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false \
		go build -trimpath -o "$bin.tmp" \
		-ldflags "-X github.com/docker/compose/v5/internal.Version=$compose_version" ./cmd) >"$cache/compose-build.log" 2>&1 || {
		tail -20 "$cache/compose-build.log" >&2
		rm -rf "$work"
		return 1
	}
	mv "$bin.tmp" "$bin"
	rm -rf "$work"
}

main() {
	if [[ $(id -u) != 0 ]]; then
		log "must run as root"
		exit 1
	fi
	mkdir -p "$cache"
	install_packages
	write_containers_conf
	export CONTAINERS_CONF="$cache/containers.conf"

	# Compose builds while the stand-ins bootstrap: one is CPU, the other network.
	build_compose &
	local compose_pid=$! entry
	for entry in "${standins[@]}"; do
		# shellcheck disable=SC2086 # the entry is a list of words
		standin $entry
	done
	wait "$compose_pid"

	printf 'CONTAINERS_CONF=%s\n' "$CONTAINERS_CONF"
	printf 'SHIPSHAPE_E2E_COMPOSE=%s\n' "$cache/docker-compose-$compose_version"
}

main "$@"

#!/usr/bin/env bash
# e2e.sh runs the end-to-end suite in e2e/: it prepares this machine with
# e2e-setup.sh (installs, base image stand-ins, Compose; cached after the first
# run), then builds and runs the generated container setup with
# `go test -tags e2e ./e2e/...`. It must run as root, as CI does.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

start=$SECONDS
echo "== e2e setup"
setup=$(bash scripts/e2e-setup.sh)
while IFS='=' read -r name value; do
	if [[ $name =~ ^[A-Z_][A-Z0-9_]*$ ]]; then
		export "$name=$value"
	fi
done <<<"$setup"
echo "e2e setup took $((SECONDS - start))s"

echo "== go test -tags e2e ./e2e/..."
status=0
go test -tags e2e -count=1 -v -timeout 75m ./e2e/... || status=$?
echo "e2e took $((SECONDS - start))s in all"
exit "$status"

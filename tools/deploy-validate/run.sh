#!/usr/bin/env bash
# `npm run validate:deploy`: tests the validator (negative fixtures must be rejected), builds it,
# then validates every overlay under k8s/overlays, docker-compose.yml, and the Prometheus rules and
# Grafana dashboards under deploy/, offline. Needs Go (the
# version in go.mod or newer); modules come from the Go module proxy once and, like the build
# cache, stay under .cache/go (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
command -v go >/dev/null || { echo "validate:deploy needs Go on the PATH (https://go.dev/doc/install)" >&2; exit 1; }
export GOMODCACHE="${GOMODCACHE:-$root/.cache/go/mod}"
export GOCACHE="$root/.cache/go/build"
export GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false"
export GOTOOLCHAIN=local
bin="$root/.cache/go/bin/deploy-validate"

cd "$root/tools/deploy-validate"
go test ./...
go build -o "$bin" .
cd "$root"
"$bin" k8s --external-secret hcv-secrets k8s/overlays/*/
"$bin" compose docker-compose.yml
"$bin" monitoring --rules deploy/prometheus/rules/*.yml --dashboards deploy/grafana/dashboards/*.json

#!/usr/bin/env bash
# Checks deploy/ with real implementations that run without a Docker daemon or a cluster (Debian's
# docker-compose and nginx, kubectl's kustomize): compose resolves, nginx.conf parses, the manifests
# render. deploy/deploy.test.ts checks schemas and wiring; deploy/README.md says what neither can check.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for tool in docker-compose nginx kubectl; do
  command -v "$tool" >/dev/null || { echo "validate: $tool not found (apt-get install docker-compose nginx-light; kubectl)" >&2; exit 1; }
done

# Placeholder secrets: compose refuses to resolve while a required one is missing.
POSTGRES_PASSWORD=check WAOOAW_MASTER_KEY=check-check-check-check-check-check \
  WAOOAW_BUS_SIGNING_SECRET=check-check-check \
  docker-compose -p waooaw -f "$here/compose.yaml" config -q
echo "validate: docker-compose config accepts compose.yaml ($(docker-compose version --short))"

# nginx resolves upstream names at load; point `api` at loopback for the syntax check.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
sed 's/server api:3000;/server 127.0.0.1:3000;/' "$here/nginx.conf" >"$tmp/default.conf"
printf 'pid %s/nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n  include %s/default.conf;\n}\n' "$tmp" "$tmp" >"$tmp/nginx.conf"
nginx -t -q -c "$tmp/nginx.conf"
echo "validate: nginx -t accepts nginx.conf ($(nginx -v 2>&1 | sed 's/.*\///'))"

for overlay in base overlays/production; do
  kubectl kustomize "$here/k8s/$overlay" >/dev/null
done
echo "validate: kubectl kustomize renders k8s/base and k8s/overlays/production"

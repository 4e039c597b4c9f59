#!/usr/bin/env bash
# Runs scripts/smoke.mjs on another Node major (default 22) taken from the npm registry's `node` package
# (a binary shipped inside a registry package), against a production install of the built server — the
# same steps as the Dockerfile's deps stage: `npm ci --omit=dev` for the server workspace only, with
# better-sqlite3 compiled against that Node's own headers (shipped in the same package). Needs
# `npm run build` first. Any failure, the download included, exits non-zero: nothing is skipped.
#
#   bash scripts/compat-smoke.sh [major]
set -euo pipefail
major="${1:-22}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/waooaw-node${major}-XXXXXX")"
trap 'rm -rf "$work"' EXIT

[ -f "$root/packages/server/dist/.build-complete" ] || { echo "compat-smoke: run npm run build first" >&2; exit 1; }

echo "compat-smoke: installing node@${major} from the npm registry"
mkdir -p "$work/node"
# The `node` package installs its platform's binary package from a preinstall script: approve it.
echo '{"private":true,"allowScripts":{"node":true}}' >"$work/node/package.json"
npm install --prefix "$work/node" --no-audit --no-fund --no-save "node@${major}" >/dev/null
bin="$work/node/node_modules/node/bin"
headers="$(dirname "$(find "$work/node/node_modules" -path '*/include/node/node_api.h' -print -quit)")"
headers="${headers%/include/node}"
version="$("$bin/node" --version)"
case "$version" in
  "v${major}."*) echo "compat-smoke: Node ${version} at $bin/node (headers in $headers)" ;;
  *) echo "compat-smoke: expected Node ${major}, got '${version}'" >&2; exit 1 ;;
esac
[ -d "$headers/include/node" ] || { echo "compat-smoke: no headers in node@${major}" >&2; exit 1; }

echo "compat-smoke: production install of the built server (npm ci --omit=dev, native modules for ${version})"
app="$work/app"
mkdir -p "$app/packages/server" "$app/packages/web" "$app/bench"
cp "$root/package.json" "$root/package-lock.json" "$app/"
cp "$root/bench/package.json" "$app/bench/"
cp "$root/packages/web/package.json" "$app/packages/web/"
cp -r "$root/packages/server/package.json" "$root/packages/server/bin" "$root/packages/server/scripts" \
  "$root/packages/server/dist" "$app/packages/server/"
[ -d "$root/packages/web/dist" ] && cp -r "$root/packages/web/dist" "$app/packages/web/"
# npm and node-gyp run on the other Node (first on PATH) and build against its headers, not /usr's.
(cd "$app" && PATH="$bin:$PATH" npm_config_nodedir="$headers" \
  npm ci --omit=dev --workspace packages/server --no-audit --no-fund >/dev/null)

"$bin/node" "$root/scripts/smoke.mjs" --node "$bin/node" --app "$app"

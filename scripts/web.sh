#!/usr/bin/env bash
# The web app's build steps, called by the Makefile. Usage: scripts/web.sh deps|build
#   deps   npm ci in web/ when node_modules is missing or older than package-lock.json
#   build  checks the Node.js version Vite needs, type-checks and builds web/dist when any
#          source is newer than the last build (the build is not committed)
set -euo pipefail
web="$(cd "$(dirname "$0")/../web" && pwd)"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Shenguan web: Node.js and npm are needed to build the web app (Vite 7 needs Node.js 20.19+ or 22.12+)." >&2
  exit 1
fi
node "$web/scripts/check-node.mjs"

deps() {
  if [[ ! -f "$web/node_modules/.package-lock.json" || "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]]; then
    echo "Installing web packages: npm ci in web/"
    (cd "$web" && npm ci --no-audit --no-fund >/dev/null)
  fi
}

build() {
  deps
  local stamp="$web/dist/index.html"
  if [[ -f "$stamp" ]] && [[ -z "$(find "$web/src" "$web/index.html" "$web/vite.config.ts" "$web/tsconfig.json" \
      "$web/package-lock.json" "$web/public" -newer "$stamp" -print -quit 2>/dev/null)" ]]; then
    return 0
  fi
  echo "Building the web app (web/dist)"
  (cd "$web" && npm run --silent build)
}

case "${1:-build}" in
  deps) deps ;;
  build) build ;;
  *) echo "usage: $0 deps|build" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Installs the Debian packages Shenguan needs, when running as root; otherwise prints the exact
# apt-get line to run. Usage: scripts/deps.sh [build|test|bench|lint]
set -euo pipefail

build_pkgs=(
  g++ cmake ninja-build pkg-config make
  # Boost 1.81 (Beast, Asio, JSON, URL). Never libboost-dev / libboost-all-dev: those are 1.74.
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libssl-dev libsodium-dev libspdlog-dev libcli11-dev libicu-dev
  # Bulk exchange: XLSX is read with libzip + expat (Debian has no XLSX reader) and written
  # with libxlsxwriter.
  libzip-dev libexpat1-dev libxlsxwriter-dev
  # The dashboard's report (src/report): a PDF drawn with cairo + pango in Noto Sans CJK SC,
  # which report_test reads back with poppler-utils (pdftotext, pdftoppm) and libpng.
  libcairo2-dev libpango1.0-dev fonts-noto-cjk poppler-utils libpng-dev
  # PostgreSQL 15 server: `make test` runs every storage and API test on it too.
  postgresql
  libgtest-dev libgmock-dev libbenchmark-dev
)
bench_pkgs=(wrk nginx-light sqlite3 util-linux sqlite-utils)
# Browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser), with
# CJK fonts so that Chinese renders in screenshots.
test_pkgs=(chromium fonts-noto-cjk
  # `make test` checks the layout of every C++ file (make format-check).
  clang-format)

want=("${build_pkgs[@]}")
case "${1:-build}" in
  bench) want+=("${bench_pkgs[@]}") ;;
  lint) want+=(clang-tidy) ;;
  test) want+=("${test_pkgs[@]}") ;;
esac

# Test fixtures from npm, pinned by tests/npm/package-lock.json (csv-spectrum for csv_test).
npm_dir="$(dirname "$0")/../tests/npm"
if [[ "${1:-build}" != "bench" && ! -d "$npm_dir/node_modules" ]]; then
  echo "Installing test fixtures: npm ci in tests/npm"
  (cd "$npm_dir" && npm ci --no-audit --no-fund >/dev/null)
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
else
  echo "Missing Debian packages. Run as root:" >&2
  echo "  apt-get install -y ${missing[*]}" >&2
  exit 1
fi

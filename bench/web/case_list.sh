#!/usr/bin/env bash
# The case list's first page (issue 7): GET /api/v1/cases with the filters a user of the list
# applies, limit=20, p50 and p99 per filter from wrk (4 connections, ~8 s each, --latency), on the
# 1M-case demo database, `serve --threads 2`, warm, for three callers: a reader whose custom scope
# lists every agency (a city leader), a clerk of the intermediate court (scope: that court, plus
# the cases shared with it) and an administrator of the market regulation bureau (scope: the
# bureau and the 12 bureaus and units below it). The figure: the worst p99 under 30 ms, with
# `total` exact.
# Usage (from the repository root): bench/web/case_list.sh [CASES]   (default 1000000)
#   BIN=build/h-perf-rel/shenguan bench/web/case_list.sh     another binary (default build/release)
#   DB=bench/data/bench-dash-1000000.db bench/web/case_list.sh  another demo database
#   DURATION=8 CONNECTIONS=4                                  wrk's run length and connections
# Reuses bench/data/bench-CASES.db (built as bench/run.sh builds it when missing) and migrates it
# first. Data stays under bench/data/ and is never committed.
set -euo pipefail
cd "$(dirname "$0")/../.."
CASES=${1:-${BENCH_CASES:-1000000}}
BIN=${BIN:-build/release/shenguan}
DURATION=${DURATION:-8}
CONNECTIONS=${CONNECTIONS:-4}
DATA=bench/data
DB=${DB:-$DATA/bench-$CASES.db}
TODAY=2026-11-27
NOW=2026-11-27T09:00:00+08:00
mkdir -p "$DATA"
command -v wrk >/dev/null || { echo "wrk missing: scripts/deps.sh bench" >&2; exit 1; }
[[ -x "$BIN" ]] || { echo "$BIN missing: build it first (cmake --preset release ...)" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || shuf -i 20000-60000 -n 1; }
wait_http() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
ms() {  # wrk latency ("812.00us", "3.20ms", "1.05s") -> milliseconds
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }; printf "%.1f", v }'
}

if [[ ! -f "$DB" ]]; then
  echo "== building $DB (shenguan demo --cases $CASES)"
  "$BIN" migrate --db "sqlite:$DB" >/dev/null
  "$BIN" demo --db "sqlite:$DB" --cases "$CASES" --seed 1 --today "$TODAY" \
    --accounts-file "$DATA/accounts.txt" >"$DATA/demo-$CASES.out" 2>/dev/null
fi
echo "== migrating $DB"
"$BIN" migrate --db "sqlite:$DB" >/dev/null

# The reader's token, as bench/run.sh makes it: role bench_reader, custom scope over every agency.
sqlite3 "$DB" "INSERT OR IGNORE INTO roles (code, name, data_scope, permissions, created_at, updated_at)
  VALUES ('bench_reader', '基准测试读者', 'custom', '[\"case:record:read\",\"dashboard:stat:read\"]', 0, 0);
  UPDATE roles SET permissions = '[\"case:record:read\",\"dashboard:stat:read\"]' WHERE code = 'bench_reader';
  INSERT OR IGNORE INTO role_agencies (role_id, agency_id)
  SELECT r.id, a.id FROM roles r, agencies a WHERE r.code = 'bench_reader';"
agency() { sqlite3 "$DB" "SELECT id FROM agencies WHERE name = '$1'"; }
token() {  # role, agency id
  "$BIN" token create --db "sqlite:$DB" --name "bench-list-$1" --role "$1" --agency-id "$2" \
    --rate-limit 1000000 | tail -1
}
CALLERS=(
  "every agency (custom)|$(token bench_reader "$(agency 晋中市中级人民法院)")"
  "中院 clerk (agency)|$(token clerk "$(agency 晋中市中级人民法院)")"
  "市场监管局 admin (agency and below)|$(token agency_admin "$(agency 晋中市市场监督管理局)")"
)

PORT=$(free_port)
"$BIN" serve --db "sqlite:$DB" --listen "127.0.0.1:$PORT" --threads 2 --now "$NOW" \
  --webhook-senders 0 >"$DATA/serve-case-list.log" 2>&1 &
SPID=$!
trap 'kill $SPID 2>/dev/null || true' EXIT
wait_http "http://127.0.0.1:$PORT/healthz"
cat "$DB" >/dev/null  # warm the page cache

FILTERS=(
  "kind=civil_first&agency_id=2&include_sub=true"
  "q=小米"
  "q=晋中"
  "agency_id=2&include_sub=true&sort=-filed_on"
  "filed_from=2026-01-01&filed_to=2026-06-30&sort=-filed_on"
  "kind=complaint&agency_id=15&status=closed&sort=-closed_on"
  "status=filed"
  "status=filed&deadline=overdue"
  "party_id=5"
  "deadline=near"
  "handler_id=60"
  "kind=admin_penalty&status=filed"
  "agency_id=14&include_sub=true&deadline=overdue"
  "closed_from=2026-07-01&closed_to=2026-09-30&sort=-closed_on"
  "handler_id=60&status=closed&sort=-closed_on"
)
# LIST_FILTERS="q=晋中;party_id=5" measures those filters instead.
if [[ -n "${LIST_FILTERS:-}" ]]; then IFS=';' read -r -a FILTERS <<<"$LIST_FILTERS"; fi
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="=&-_.,"))' "$1"; }

echo "== GET /api/v1/cases?<filter>&limit=20, $CONNECTIONS connections, ${DURATION}s each, serve --threads 2, $(nproc) cores"
worst=0
worst_filter=
for caller in "${CALLERS[@]}"; do
  who=${caller%%|*}
  AUTH="Authorization: Bearer ${caller#*|}"
  echo
  echo "caller: $who"
  printf '| %-58s | %9s | %8s | %8s | %8s |\n' filter total req/s "p50 ms" "p99 ms"
  printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..60})" -----------: ----------: ----------: ----------:
  for f in "${FILTERS[@]}"; do
    url="http://127.0.0.1:$PORT/api/v1/cases?$(urlencode "$f")&limit=20"
    total=$(curl -sf -H "$AUTH" "$url" | grep -o '"total":[0-9]*' | cut -d: -f2)
    wrk -t2 -c"$CONNECTIONS" -d2s --timeout 30s -H "$AUTH" "$url" >/dev/null  # warm this filter's pages
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s --latency -H "$AUTH" "$url")
    p50=$(ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
    p99=$(ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
    rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    timeouts=$(awk '/Socket errors/ {gsub(/,/,""); print $10}' <<<"$out")
    [[ -n "$non2xx" ]] && echo "!! $f: $non2xx non-2xx responses" >&2
    [[ -n "$timeouts" && "$timeouts" != 0 ]] && echo "!! $f: $timeouts timeouts" >&2
    printf '| %-58s | %9s | %8s | %8s | %8s |\n' "\`$f\`" "${total:-?}" "$rps" "$p50" "$p99"
    if awk -v a="$p99" -v b="$worst" 'BEGIN { exit !(a > b) }'; then worst=$p99; worst_filter="$who: $f"; fi
  done
done
echo
echo "worst p99: $worst ms ($worst_filter); target < 30 ms: $(awk -v a="$worst" 'BEGIN { print (a < 30 ? "met" : "not met") }')"

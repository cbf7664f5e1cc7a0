#!/usr/bin/env bash
# The dashboard's endpoints (issue 8): GET /api/v1/dashboard/summary, /charts and /indicators,
# each with no filter, the intermediate court and below, one kind, and a past half-year; p50 and
# p99 from wrk (--latency) for two readers — one whose custom scope is every agency, one whose
# scope is one county's agencies (榆次) — on a CASES-case SQLite database, `serve --threads 2`,
# warm; and the same wrk against nginx serving a static JSON file of the summary's size, the
# reference. The figure: the worst p99 under 20 ms at 1M cases, under 50 ms at 10M.
#
# Usage (from anywhere): bench/dashboard/run.sh [CASES]   (default 1000000; 10000000 allowed)
#   BIN=build/h-bench/shenguan      another binary (default build/release/shenguan)
#   STEP_CASES=500000               cases per `shenguan demo --step-cases` step (default 500000)
#   DURATION=8 CONNECTIONS=4        wrk's run length (s) and connections, per URL
#   BUILD_ONLY=1                    stop once the database is complete
#
# The database, bench/data/bench-dash-CASES.db (git-ignored), is made step by step by
# `shenguan demo --step-cases STEP_CASES`, each step a run of its own of at most a few minutes;
# rerunning the script after an interruption (or a killed step) carries on where it stopped.
# A complete database is reused. Free disk is checked first: about 4 GB per million cases, plus
# 2 GB. Results go to bench/data/dashboard-CASES.txt, the steps' log to
# bench/data/dashboard-CASES-steps.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
CASES=${1:-${BENCH_CASES:-1000000}}
BIN=${BIN:-build/release/shenguan}
STEP_CASES=${STEP_CASES:-500000}
DURATION=${DURATION:-8}
CONNECTIONS=${CONNECTIONS:-4}
DATA=bench/data
DB="$DATA/bench-dash-$CASES.db"
OUT="$DATA/dashboard-$CASES.txt"
STEPS_LOG="$DATA/dashboard-$CASES-steps.log"
TODAY=2026-11-27
NOW=2026-11-27T09:00:00+08:00
SEED=1
mkdir -p "$DATA"

[[ "$CASES" =~ ^[0-9]+$ && "$CASES" -ge 1000 ]] || { echo "CASES must be a number >= 1000" >&2; exit 2; }
[[ -x "$BIN" ]] || { echo "$BIN missing: build it first (cmake --preset release && cmake --build --preset release)" >&2; exit 1; }
for tool in wrk nginx sqlite3 curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool missing: scripts/deps.sh bench" >&2; exit 1; }
done

say() { printf '%s\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
ms() {  # wrk latency ("812.00us", "3.20ms", "1.05s") -> milliseconds
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }; printf "%.2f", v }'
}
gib() { awk -v b="$1" 'BEGIN { printf "%.1f GB", b / 1e9 }'; }

# ---- free disk -------------------------------------------------------------------------------
# ~3.7 GB per million cases measured (1M: 3.6 GB); 4 GB per million leaves room for the WAL of a
# chunk (a few hundred MB) and ANALYZE. What the database already holds counts as made.
have=0
[[ -f "$DB" ]] && have=$(stat -c %s "$DB")
complete=0
if [[ -f "$DB" ]] && [[ "$(sqlite3 "$DB" "SELECT value FROM demo_progress WHERE key = 'phase'" 2>/dev/null || true)" == complete ]]; then
  complete=1
fi
need=$(( complete ? 1000000000 : CASES * 4000 + 2000000000 - have ))
(( need < 1000000000 )) && need=1000000000
avail=$(df -B1 --output=avail "$DATA" | tail -1 | tr -d ' ')
say "== disk: $(gib "$avail") free on $(df --output=target "$DATA" | tail -1 | tr -d ' '), $DB holds $(gib "$have"), this run needs $(gib "$need")"
if (( avail < need )); then
  say "!! not enough free disk: $(gib "$need") needed (4 GB per million cases + 2 GB), $(gib "$avail") free." >&2
  say "!! Free some space (bench/data/ holds earlier databases) or run a smaller CASES." >&2
  exit 1
fi

# ---- the database, step by step ---------------------------------------------------------------
if (( ! complete )); then
  say "== building $DB: shenguan demo --cases $CASES --seed $SEED --today $TODAY --step-cases $STEP_CASES"
  [[ -f "$DB" ]] || "$BIN" migrate --db "sqlite:$DB" >/dev/null
  build_started=$(date +%s.%N)
  for _ in $(seq 1 10000); do
    t0=$(date +%s.%N)
    out=$("$BIN" demo --db "sqlite:$DB" --cases "$CASES" --seed "$SEED" --today "$TODAY" \
      --step-cases "$STEP_CASES" --accounts-file "$DATA/dashboard-accounts.txt" 2>>"$STEPS_LOG") || {
      printf '%s\n' "$out" >&2
      say "!! the step failed (its messages are in $STEPS_LOG); rerun the script to carry on." >&2
      exit 1
    }
    t1=$(date +%s.%N)
    printf '%s\n' "$out" >>"$STEPS_LOG"
    line=$(grep -m1 '^demo' <<<"$out" || true)
    say "  $line  [process $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, $(gib "$(stat -c %s "$DB")")]"
    grep -q '"complete": true' <<<"$out" && break
  done
  grep -q '"complete": true' <<<"$out" || { say "!! the demo did not complete" >&2; exit 1; }
  say "== built in $(awk -v a="$build_started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s (this run's steps); $(gib "$(stat -c %s "$DB")")"
else
  say "== reusing $DB (complete)"
fi
[[ -n "${BUILD_ONLY:-}" ]] && exit 0
say "== migrating $DB"
"$BIN" migrate --db "sqlite:$DB" >/dev/null

# ---- the two readers' tokens ------------------------------------------------------------------
# As bench/web/case_list.sh: roles with dashboard:stat:read and case:record:read and a custom
# scope, one over every agency, one over 榆次's (area code 140702: its court and its bureau).
sqlite3 "$DB" "
  INSERT OR IGNORE INTO roles (code, name, data_scope, permissions, created_at, updated_at)
    VALUES ('bench_dash_all', '基准测试读者（全市）', 'custom', '[\"case:record:read\",\"dashboard:stat:read\"]', 0, 0),
           ('bench_dash_county', '基准测试读者（榆次）', 'custom', '[\"case:record:read\",\"dashboard:stat:read\"]', 0, 0);
  UPDATE roles SET permissions = '[\"case:record:read\",\"dashboard:stat:read\"]'
    WHERE code IN ('bench_dash_all', 'bench_dash_county');
  INSERT OR IGNORE INTO role_agencies (role_id, agency_id)
    SELECT r.id, a.id FROM roles r, agencies a WHERE r.code = 'bench_dash_all';
  INSERT OR IGNORE INTO role_agencies (role_id, agency_id)
    SELECT r.id, a.id FROM roles r, agencies a WHERE r.code = 'bench_dash_county' AND a.area_code = '140702';"
INTERMEDIATE=$(sqlite3 "$DB" "SELECT id FROM agencies WHERE name = '晋中市中级人民法院'")
COUNTY_AGENCIES=$(sqlite3 "$DB" "SELECT group_concat(a.name, '、') FROM role_agencies ra JOIN roles r ON r.id = ra.role_id JOIN agencies a ON a.id = ra.agency_id WHERE r.code = 'bench_dash_county'")
TOKEN_ALL=$("$BIN" token create --db "sqlite:$DB" --name bench-dash-all --role bench_dash_all --rate-limit 1000000 | tail -1)
TOKEN_COUNTY=$("$BIN" token create --db "sqlite:$DB" --name bench-dash-county --role bench_dash_county --rate-limit 1000000 | tail -1)

# ---- the server, warm -------------------------------------------------------------------------
PORT=$(free_port)
"$BIN" serve --db "sqlite:$DB" --listen "127.0.0.1:$PORT" --threads 2 --now "$NOW" \
  --webhook-senders 0 >"$DATA/serve-dashboard.log" 2>&1 &
SPID=$!
NPID=
NDIR=
cleanup() {
  kill "$SPID" 2>/dev/null || true
  [[ -n "$NPID" ]] && kill "$NPID" 2>/dev/null || true
  [[ -n "$NDIR" ]] && rm -rf "$NDIR"
  return 0
}
trap cleanup EXIT
wait_http "http://127.0.0.1:$PORT/healthz" || { say "!! the server did not start; see $DATA/serve-dashboard.log" >&2; exit 1; }
# The page cache: the whole file when it fits easily in memory (1M: 3.6 GB); at 10M (36 GB) the
# warm-up runs below bring in what the dashboard reads.
mem_avail=$(awk '/MemAvailable/ {printf "%d", $2 * 1024}' /proc/meminfo)
if (( $(stat -c %s "$DB") < mem_avail / 2 )); then cat "$DB" "$DB-wal" >/dev/null 2>&1 || true; fi

BASE="http://127.0.0.1:$PORT/api/v1/dashboard"
ENDPOINTS=(summary charts indicators)
FILTERS=(
  ""
  "agency_id=$INTERMEDIATE&include_sub=true"
  "kind=civil_first"
  "from=2026-01-01&to=2026-06-30"
  "from=2025-09-16&to=2026-09-15"
)
LABELS=(
  "(none)"
  "agency_id=$INTERMEDIATE&include_sub=true"
  "kind=civil_first"
  "from=2026-01-01&to=2026-06-30"
  "from=2025-09-16&to=2026-09-15"
)
status_of() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" "$2"; }

# ---- the reference: nginx serving a static JSON file of the summary's size ---------------------
curl -sf -H "Authorization: Bearer $TOKEN_ALL" "$BASE/summary" >"$DATA/dashboard-summary.json" ||
  { say "!! GET /api/v1/dashboard/summary failed; see $DATA/serve-dashboard.log" >&2; exit 1; }
NPORT=$(free_port)
NDIR=$(mktemp -d)
chmod 755 "$NDIR"  # nginx workers run as www-data
mkdir -p "$NDIR/html"
cp "$DATA/dashboard-summary.json" "$NDIR/html/summary.json"
chmod -R a+rX "$NDIR/html"
cat >"$NDIR/nginx.conf" <<NGINX
worker_processes 2;
daemon off;
pid $NDIR/nginx.pid;
error_log $NDIR/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  default_type application/json;
  server { listen 127.0.0.1:$NPORT; root $NDIR/html; location / { try_files /summary.json =404; } }
}
NGINX
nginx -c "$NDIR/nginx.conf" -p "$NDIR" &
NPID=$!
wait_http "http://127.0.0.1:$NPORT/" || { say "!! nginx did not start" >&2; exit 1; }

run_wrk() {  # token url -> "p50 p99 rps errors"; p50 and p99 are "-" when no response came
  local out p50 p99 rps non2xx errs requests
  wrk -t2 -c"$CONNECTIONS" -d2s --timeout 30s -H "Authorization: Bearer $1" "$2" >/dev/null  # warm
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s --latency -H "Authorization: Bearer $1" "$2")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
  p99=$(ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  # A few slow responses leave wrk's percentiles meaningless: fewer than 100 is no p99.
  if [[ -z "$requests" || "$requests" -lt 100 ]]; then p50="-"; p99="-"; fi
  rps=$(awk '/Requests\/sec/ {printf "%.1f", $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  errs=$(awk '/Socket errors/ {gsub(/,/,""); print $4+$6+$8+$10; f=1} END {if (!f) print 0}' <<<"$out")
  echo "$p50 $p99 $rps $(( ${non2xx:-0} + ${errs:-0} ))"
}

read -r n_p50 n_p99 n_rps n_err <<<"$(run_wrk none "http://127.0.0.1:$NPORT/summary.json")"
kill "$NPID"; wait "$NPID" 2>/dev/null || true; NPID=

{
  say "== dashboard, $CASES cases ($DB, $(gib "$(stat -c %s "$DB")")), $BIN"
  say "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(date -u +%Y-%m-%dT%H:%MZ)"
  say "== serve --threads 2 --now $NOW; wrk -t2 -c$CONNECTIONS, ${DURATION}s per URL after 2s of warm-up"
  say "== readers: all = custom scope over every agency; county = custom scope over $COUNTY_AGENCIES; agency $INTERMEDIATE = 晋中市中级人民法院"
  say "== reference: nginx (2 workers) serving the summary's JSON ($(stat -c %s "$DATA/dashboard-summary.json") bytes) as a static file: p50 $n_p50 ms, p99 $n_p99 ms, $n_rps req/s, errors $n_err"
  say ""
  printf '| %-6s | %-10s | %-36s | %6s | %7s | %8s | %8s | %9s |\n' reader endpoint filter status req/s "p50 ms" "p99 ms" "p99/nginx"
  printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' -------- ------------ -------------------------------------- -------: --------: ---------: ---------: ----------:
} | tee "$OUT"

worst=0
worst_what=
for reader in all county; do
  token=$TOKEN_ALL
  [[ $reader == county ]] && token=$TOKEN_COUNTY
  for ep in "${ENDPOINTS[@]}"; do
    for i in "${!FILTERS[@]}"; do
      f=${FILTERS[$i]}
      label=${LABELS[$i]}
      # The indicators count the kinds each is defined for: no kind filter (it answers 400).
      [[ $ep == indicators && $f == kind=* ]] && continue
      url="$BASE/$ep${f:+?$f}"
      code=$(status_of "$token" "$url")
      if [[ $code != 200 ]]; then
        what="not available"
        [[ $code == 404 && $ep == indicators ]] || what="HTTP $code"
        printf '| %-6s | %-10s | %-36s | %6s | %7s | %8s | %8s | %9s |\n' "$reader" "$ep" "$label" "$code" - - - "$what" | tee -a "$OUT"
        continue
      fi
      read -r p50 p99 rps errs <<<"$(run_wrk "$token" "$url")"
      [[ "$errs" != 0 ]] && say "!! $reader $ep $label: $errs errors or non-2xx responses" | tee -a "$OUT" >&2
      if [[ $p99 == - ]]; then
        # Under 100 responses in DURATION s: the latency of one request, by itself, instead.
        one=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "$url")
        p50=$(awk -v t="$one" 'BEGIN { printf "%.2f", t * 1000 }')
        p99=">$p50"
        rps="<$(awk -v d="$DURATION" 'BEGIN { printf "%.1f", 100 / d }')"
        say "!! $reader $ep $label: under 100 responses in ${DURATION}s; one request alone took $p50 ms" | tee -a "$OUT" >&2
      fi
      ratio=$(awk -v a="${p99#>}" -v b="$n_p99" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else printf "-" }')
      printf '| %-6s | %-10s | %-36s | %6s | %7s | %8s | %8s | %9s |\n' "$reader" "$ep" "$label" "$code" "$rps" "$p50" "$p99" "$ratio" | tee -a "$OUT"
      if awk -v a="${p99#>}" -v b="$worst" 'BEGIN { exit !(a > b) }'; then worst=${p99#>}; worst_what="$reader $ep $label"; fi
    done
  done
done
target=20
(( CASES > 1000000 )) && target=50
{
  say ""
  say "worst p99 = $worst ms ($worst_what) (target 20 ms at 1M, 50 ms at 10M): $(awk -v a="$worst" -v t="$target" 'BEGIN { print (a < t ? "met" : "not met") }') for $CASES cases (target $target ms)"
} | tee -a "$OUT"

#!/usr/bin/env bash
# Prints every figure of docs/performance.md in one run, each against its reference measured in
# the same run on the same machine:
#   reads   GET /api/v1/cases/{id}, random ids over a 1M-case database, 64 keep-alive connections,
#           shenguan on one thread on core 0 vs nginx (one worker, core 0) serving a static file
#           of the same size; wrk on core 1.
#   writes  POST /api/v1/cases with synchronous=FULL, 64 clients: group commit vs one commit per
#           request (--max-batch 1).
#   bulk    `shenguan demo --cases N` rows/s vs bench/raw_insert (raw SQLite inserts of the same
#           rows into the same tables and indexes).
#   memory  the server's peak resident memory while serving the read load.
#   clock   recomputing every open case's deadlines vs reading those cases (bench/recompute), and
#           GET /api/v1/alerts and GET /api/v1/dashboard/summary p99 (8 connections).
#   authz   GET /api/v1/cases/{id} with the permission and data-scope checks (the normal build)
#           vs a bench-only build without them (-DSHENGUAN_BENCH_NO_AUTHZ=ON), same token, same
#           database. The token's role reads cases through a custom data scope over every agency
#           and lacks party:pii:read, so every read runs the scope's SQL and answers 200.
# Usage: bench/run.sh [CASES]   (default 1000000; data is kept under bench/data/)
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=${1:-${BENCH_CASES:-1000000}}
DURATION=${BENCH_DURATION:-15}
BIN=build/release/shenguan
NOAUTHZ_BIN=build/bench-noauthz/shenguan
RECOMPUTE=build/release/bench/recompute/recompute
RAW=build/release/bench/raw_insert/raw_insert
DATA=bench/data
mkdir -p "$DATA"
TODAY=2026-11-27
NOW=2026-11-27T09:00:00+08:00

say() { printf '%s\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || shuf -i 20000-60000 -n 1; }
wait_http() { for _ in $(seq 1 200); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
wrk_summary() {  # file -> "rps p99_ms errors"
  local f=$1
  local rps p99 errs
  rps=$(awk '/Requests\/sec/ {print $2}' "$f")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$f")
  errs=$(awk '/Socket errors/ {gsub(/,/,""); print $4+$6+$8+$10; f=1} END {if (!f) print 0}' "$f")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $5}' "$f")
  echo "$rps ${p99:-?} $(( ${errs:-0} + ${non2xx:-0} ))"
}

say "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); $(date -u +%Y-%m-%dT%H:%MZ)"

# ---- bulk writes -----------------------------------------------------------------------------
DB="$DATA/bench-$CASES.db"
if [[ ! -f "$DB" ]]; then
  rm -f "$DB"*
  "$BIN" migrate --db "sqlite:$DB" >/dev/null
  say "== bulk: shenguan demo --cases $CASES"
  "$BIN" demo --db "sqlite:$DB" --cases "$CASES" --seed 1 --today "$TODAY" \
    --accounts-file "$DATA/accounts.txt" 2>/dev/null | tee "$DATA/demo-$CASES.out" | tail -1
  "$RAW" "$DB" "$DATA/raw-$CASES.db" | tee "$DATA/raw-$CASES.out"
  rm -f "$DATA/raw-$CASES.db"*
fi
demo_rps=$(grep -o '"rows_per_second": [0-9.]*' "$DATA/demo-$CASES.out" | awk '{print $2}')
raw_rps=$(grep -o '"rows_per_s": [0-9.]*' "$DATA/raw-$CASES.out" | awk '{print $2}')
say "bulk: demo $demo_rps rows/s, raw SQLite $raw_rps rows/s, ratio $(awk -v a="$demo_rps" -v b="$raw_rps" 'BEGIN {printf "%.2f", a/b}')"

# ---- reads -----------------------------------------------------------------------------------
# A reader's token (issue 4: reads need one): role bench_reader, custom scope over every agency.
"$BIN" migrate --db "sqlite:$DB" >/dev/null
sqlite3 "$DB" "INSERT OR IGNORE INTO roles (code, name, data_scope, permissions, created_at, updated_at)
  VALUES ('bench_reader', '基准测试读者', 'custom', '[\"case:record:read\",\"dashboard:stat:read\"]', 0, 0);
  UPDATE roles SET permissions = '[\"case:record:read\",\"dashboard:stat:read\"]' WHERE code = 'bench_reader';
  INSERT OR IGNORE INTO role_agencies (role_id, agency_id)
  SELECT r.id, a.id FROM roles r, agencies a WHERE r.code = 'bench_reader';"
TOKEN=$("$BIN" token create --db "sqlite:$DB" --name bench --role bench_reader --rate-limit 1000000 | tail -1)
AUTH="Authorization: Bearer $TOKEN"

PORT=$(free_port)
taskset -c 0 "$BIN" serve --db "sqlite:$DB" --listen "127.0.0.1:$PORT" --threads 1 --now "$NOW" \
  >"$DATA/serve.log" 2>&1 &
SPID=$!
trap 'kill $SPID 2>/dev/null || true; [[ -n "${NPID:-}" ]] && kill $NPID 2>/dev/null || true' EXIT
wait_http "http://127.0.0.1:$PORT/healthz"
MAXID=$(curl -s -H "$AUTH" "http://127.0.0.1:$PORT/api/v1/cases?limit=1" | grep -o '"total":[0-9]*' | cut -d: -f2)
curl -s -H "$AUTH" "http://127.0.0.1:$PORT/api/v1/cases/$((MAXID / 2))" >"$DATA/case.json"
SIZE=$(stat -c %s "$DATA/case.json")
say "== reads: $MAXID cases, a case is $SIZE bytes; 64 connections, ${DURATION}s"

# nginx, one worker on core 0, serving a file of the same size.
NPORT=$(free_port)
NDIR=$(mktemp -d)
chmod 755 "$NDIR"  # nginx workers run as www-data
mkdir -p "$NDIR/html/api/v1/cases"
cp "$DATA/case.json" "$NDIR/html/api/v1/cases/case"
chmod -R a+rX "$NDIR/html"
cat >"$NDIR/nginx.conf" <<NGINX
worker_processes 1;
worker_cpu_affinity 01;
daemon off;
pid $NDIR/nginx.pid;
error_log $NDIR/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  default_type application/json;
  server { listen 127.0.0.1:$NPORT; root $NDIR/html; location / { try_files /api/v1/cases/case =404; } }
}
NGINX
taskset -c 0 nginx -c "$NDIR/nginx.conf" -p "$NDIR" &
NPID=$!
wait_http "http://127.0.0.1:$NPORT/api/v1/cases/1"
cat >"$DATA/random.lua" <<LUA
math.randomseed(42)
request = function() return wrk.format("GET", "/api/v1/cases/" .. math.random(1, $MAXID)) end
LUA
taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" --latency -s "$DATA/random.lua" "http://127.0.0.1:$NPORT" >"$DATA/wrk-nginx.out"
kill $NPID; wait $NPID 2>/dev/null || true; NPID=
read -r n_rps n_p99 n_err <<<"$(wrk_summary "$DATA/wrk-nginx.out")"
say "nginx:    $n_rps req/s, p99 $n_p99 ms, errors $n_err"

# shenguan: warm the OS page cache first (nginx's file is cached too), then measure, sampling
# the server's resident memory every 0.2 s.
cat "$DB" >/dev/null
taskset -c 1 wrk -t1 -c64 -d5s -H "$AUTH" -s "$DATA/random.lua" "http://127.0.0.1:$PORT" >/dev/null
( peak=0; while kill -0 $SPID 2>/dev/null; do
    r=$(awk '/VmRSS/ {print $2}' /proc/$SPID/status 2>/dev/null || echo 0)
    [[ ${r:-0} -gt $peak ]] && peak=$r && echo "$peak" >"$DATA/rss.peak"
    sleep 0.2; done ) &
MPID=$!
taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" --latency -H "$AUTH" -s "$DATA/random.lua" "http://127.0.0.1:$PORT" >"$DATA/wrk-shenguan.out"
read -r s_rps s_p99 s_err <<<"$(wrk_summary "$DATA/wrk-shenguan.out")"
say "shenguan: $s_rps req/s, p99 $s_p99 ms, errors $s_err, ratio to nginx $(awk -v a="$s_rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a/b}')"
kill $SPID; wait $SPID 2>/dev/null || true
kill $MPID 2>/dev/null || true
say "memory:   peak RSS $(( $(cat "$DATA/rss.peak") / 1024 )) MB while serving the read load"
rm -rf "$NDIR"

# ---- the cost of the permission and scope checks ---------------------------------------------
if [[ -x "$NOAUTHZ_BIN" ]]; then
  PORT=$(free_port)
  taskset -c 0 "$NOAUTHZ_BIN" serve --db "sqlite:$DB" --listen "127.0.0.1:$PORT" --threads 1 --now "$NOW" \
    >"$DATA/serve-noauthz.log" 2>&1 &
  SPID=$!
  wait_http "http://127.0.0.1:$PORT/healthz"
  taskset -c 1 wrk -t1 -c64 -d5s -H "$AUTH" -s "$DATA/random.lua" "http://127.0.0.1:$PORT" >/dev/null
  taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" --latency -H "$AUTH" -s "$DATA/random.lua" "http://127.0.0.1:$PORT" >"$DATA/wrk-noauthz.out"
  kill $SPID; wait $SPID 2>/dev/null || true
  read -r x_rps x_p99 x_err <<<"$(wrk_summary "$DATA/wrk-noauthz.out")"
  say "== authz: the same reads without permission and scope checks (bench-only build)"
  say "without checks: $x_rps req/s, p99 $x_p99 ms, errors $x_err"
  say "with checks:    $s_rps req/s; the checks cost $(awk -v a="$s_rps" -v b="$x_rps" 'BEGIN {printf "%.1f", (1 - a/b) * 100}') % of throughput"
else
  say "== authz: skipped ($NOAUTHZ_BIN missing; make bench builds it)"
fi

# ---- the statutory clock (issue 5) ------------------------------------------------------------
# Cases loaded before workflows existed get their stage and deadlines once (idempotent).
"$BIN" workflow adopt --db "sqlite:$DB" --today "$TODAY" >"$DATA/adopt.out"
say "== clock: recompute every open case's deadlines vs read those cases, their events and deadlines"
"$RECOMPUTE" "sqlite:$DB" "$TODAY" | tee "$DATA/recompute.out"
# The same with every case of the database open (a copy whose closed cases are reopened and
# adopted again), and the alerts on it: the issue asks for the figures on 1M open cases.
CLOCK_DB="$DATA/clock-open.db"
rm -f "$CLOCK_DB"*
sqlite3 "$DB" "VACUUM INTO '$CLOCK_DB'"
say "== clock, every case open: recompute vs read"
"$RECOMPUTE" "sqlite:$CLOCK_DB" "$TODAY" --reopen | tee "$DATA/recompute-open.out"
PORT=$(free_port)
taskset -c 0 "$BIN" serve --db "sqlite:$CLOCK_DB" --listen "127.0.0.1:$PORT" --threads 1 --now "$NOW" \
  >"$DATA/serve-clock-open.log" 2>&1 &
SPID=$!
wait_http "http://127.0.0.1:$PORT/healthz"
for q in "" "&level=near"; do
  taskset -c 1 wrk -t1 -c8 -d"${DURATION}s" --latency -H "$AUTH" \
    "http://127.0.0.1:$PORT/api/v1/alerts?limit=50$q" >"$DATA/wrk-alerts.out"
  read -r a_rps a_p99 a_err <<<"$(wrk_summary "$DATA/wrk-alerts.out")"
  say "alerts, every case open${q:- (near and overdue)}: $a_rps req/s, p99 $a_p99 ms, errors $a_err"
done
kill $SPID; wait $SPID 2>/dev/null || true
rm -f "$CLOCK_DB"*
say "== clock: alerts and dashboard on the demo database as generated"
PORT=$(free_port)
taskset -c 0 "$BIN" serve --db "sqlite:$DB" --listen "127.0.0.1:$PORT" --threads 1 --now "$NOW" \
  >"$DATA/serve-clock.log" 2>&1 &
SPID=$!
wait_http "http://127.0.0.1:$PORT/healthz"
for q in "" "&level=near" "&level=overdue"; do
  taskset -c 1 wrk -t1 -c8 -d"${DURATION}s" --latency -H "$AUTH" \
    "http://127.0.0.1:$PORT/api/v1/alerts?limit=50$q" >"$DATA/wrk-alerts.out"
  read -r a_rps a_p99 a_err <<<"$(wrk_summary "$DATA/wrk-alerts.out")"
  say "alerts${q:- (near and overdue)}: $a_rps req/s, p99 $a_p99 ms, errors $a_err"
done
for q in "" "&agency_id=2&include_sub=true"; do
  # One viewer at a time: the figure is the latency a leader sees (8 at once on one server
  # thread mostly measure the queue).
  taskset -c 1 wrk -t1 -c1 -d"${DURATION}s" --latency -H "$AUTH" \
    "http://127.0.0.1:$PORT/api/v1/dashboard/summary?from=2026-01-01&to=2026-11-27$q" >"$DATA/wrk-summary.out"
  read -r d_rps d_p99 d_err <<<"$(wrk_summary "$DATA/wrk-summary.out")"
  say "dashboard summary${q:- (every agency)}: $d_rps req/s, p99 $d_p99 ms, errors $d_err"
done
kill $SPID; wait $SPID 2>/dev/null || true

# ---- the change feed (issue 6) ------------------------------------------------------------------
# One follower on loopback, page after page from the start of the 1M-case register's feed, with a
# system administrator's token (the reader's role above has no feed:change:read).
FEED_TOKEN=$("$BIN" token create --db "sqlite:$DB" --name bench-feed --role system_admin --rate-limit 1000000 | tail -1)
PORT=$(free_port)
taskset -c 0 "$BIN" serve --db "sqlite:$DB" --listen "127.0.0.1:$PORT" --threads 1 --now "$NOW" \
  >"$DATA/serve-feed.log" 2>&1 &
SPID=$!
wait_http "http://127.0.0.1:$PORT/healthz"
say "== feed: one follower, limit=1000 per page, from the start"
taskset -c 1 wrk -t1 -c1 -d5s -H "Authorization: Bearer $FEED_TOKEN" -s bench/feed_follow.lua "http://127.0.0.1:$PORT" \
  | grep '^feed:' | tee -a "$DATA/feed.out"
kill $SPID; wait $SPID 2>/dev/null || true

# ---- durable writes --------------------------------------------------------------------------
cp bench/create_case.lua "$DATA/create.lua"
write_bench() {  # label, extra serve flags
  local label=$1; shift
  local wdb="$DATA/writes.db"
  rm -f "$wdb"*
  local port; port=$(free_port)
  taskset -c 0 "$BIN" serve --db "sqlite:$wdb" --listen "127.0.0.1:$port" --threads 2 --now "$NOW" "$@" >/dev/null 2>&1 &
  local pid=$!
  wait_http "http://127.0.0.1:$port/healthz"
  local token
  token=$("$BIN" token create --db "sqlite:$wdb" --name bench-writer --role system_admin --rate-limit 1000000 | tail -1)
  SG_AGENCY_ID=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"name":"晋中市中级人民法院","abbr":"晋中中院","type":"court","court_level":"intermediate","court_code":"晋07"}' \
    "http://127.0.0.1:$port/api/v1/agencies" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  export SG_AGENCY_ID
  taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" --latency -H "Authorization: Bearer $token" -s "$DATA/create.lua" "http://127.0.0.1:$port/api/v1/cases" >"$DATA/wrk-$label.out"
  kill $pid; wait $pid 2>/dev/null || true
  wrk_summary "$DATA/wrk-$label.out"
}
say "== durable writes: POST /api/v1/cases, synchronous=FULL, 64 clients, ${DURATION}s"
read -r g_rps g_p99 g_err <<<"$(write_bench group)"
read -r o_rps o_p99 o_err <<<"$(write_bench single --max-batch 1)"
say "group commit:           $g_rps req/s, p99 $g_p99 ms, errors $g_err"
say "one commit per request: $o_rps req/s, p99 $o_p99 ms, errors $o_err"
say "ratio: $(awk -v a="$g_rps" -v b="$o_rps" 'BEGIN {printf "%.2f", a/b}')"
trap - EXIT

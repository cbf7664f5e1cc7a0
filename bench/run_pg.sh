#!/usr/bin/env bash
# Prints the PostgreSQL figures of docs/performance.md in one run, each against its reference
# measured in the same run on the same machine, with SQLite's beside them:
#   writes  durable POST /api/v1/cases, 64 clients (wrk -t1 -c64), shenguan --threads 2, vs
#           `pgbench -N -c 64 -j 1` (built-in simple-update) against the same server, same run;
#           and SQLite's synchronous=FULL group-commit figure run the same way.
#   reads   GET /api/v1/cases/{id}, random ids over a CASES-case demo database, 64 keep-alive
#           connections, shenguan --threads 1: PostgreSQL vs SQLite at the same case count;
#           req/s, p99, errors, shenguan's peak resident memory.
# Each runs twice on PostgreSQL: with the server's default settings, then with the tuned settings
# of docs/operations.md (below). Both keep fsync=on, full_page_writes=on and
# synchronous_commit=on, so every figure is durable.
#
# Pinning: the system under test gets core 0 (the PostgreSQL server and shenguan, which share
# it), the load generator (wrk or pgbench, one thread) gets core 1.
#
# The PostgreSQL 15 server is private and thrown away at the end, started the way
# scripts/with-postgres.sh starts it (initdb in a temporary directory, C locale, trust auth, Unix
# socket only, as the `postgres` user under root), but not through that script: it forces
# fsync=off and full_page_writes=off, which would make the write figures meaningless.
#
# Usage: bench/run_pg.sh [CASES]   (default 200000; BENCH_DURATION=15 seconds per measurement;
#        BENCH_DATA=bench/data holds the SQLite databases and wrk outputs; BENCH_PG_VARIANTS=
#        "default tuned"; BENCH_PG_READS=0 skips the demo loads and the read figures;
#        PG_BIN=/usr/lib/postgresql/15/bin)
# shellcheck disable=SC2034,SC2046  # SETTINGS_* are read indirectly; pid lists are split on purpose
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=${1:-${BENCH_CASES:-200000}}
DURATION=${BENCH_DURATION:-15}
DATA=${BENCH_DATA:-bench/data}
VARIANTS=${BENCH_PG_VARIANTS:-default tuned}
READS=${BENCH_PG_READS:-1}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
BIN=build/release/shenguan
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
TODAY=2026-11-27
NOW=2026-11-27T09:00:00+08:00

say() { printf '%s\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || shuf -i 20000-60000 -n 1; }
wait_http() { for _ in $(seq 1 300); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
wrk_summary() {  # file -> "rps p99_ms errors"
  local f=$1 rps p99 errs non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$f")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$f")
  errs=$(awk '/Socket errors/ {gsub(/,/,""); print $4+$6+$8+$10; f=1} END {if (!f) print 0}' "$f")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$f")
  echo "$rps ${p99:-?} $(( ${errs:-0} + ${non2xx:-0} ))"
}
# CPU time (clock ticks, user+system) of a set of processes; used to show how core 0 is shared
# between shenguan and the PostgreSQL server during a measurement.
cpu_ticks() { local t=0 p; for p in "$@"; do [[ -r /proc/$p/stat ]] || continue
  t=$(( t + $(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done; echo $t; }
pg_pids() { local pm; pm=$(head -1 "$PGDIR/data/postmaster.pid"); echo "$pm" $(pgrep -P "$pm" || true); }
rss_sampler() {  # pid file: writes the peak VmRSS (kB) of pid to file until pid exits
  local pid=$1 out=$2 peak=0 r
  echo 0 >"$out"
  while kill -0 "$pid" 2>/dev/null; do
    r=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    if [[ ${r:-0} -gt $peak ]]; then peak=$r; echo "$peak" >"$out"; fi
    sleep 0.2
  done
}

# ---- the private PostgreSQL server -----------------------------------------------------------
[[ -x "$PG_BIN/initdb" ]] || { echo "run_pg: no PostgreSQL server binaries in $PG_BIN; run scripts/deps.sh build" >&2; exit 1; }
PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/shenguan-pgbench.XXXXXX")
as_user=()
if [[ $(id -u) -eq 0 ]]; then
  PGUSER_=postgres
  if ! id -u "$PGUSER_" >/dev/null 2>&1; then
    PGUSER_=shenguan-pg
    id -u "$PGUSER_" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PGUSER_"
  fi
  chown "$PGUSER_" "$PGDIR"
  as_user=(runuser -u "$PGUSER_" --)
else
  PGUSER_=$(id -un)
fi
PIDS=()
cleanup() {
  local rc=$? p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  "${as_user[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
"${as_user[@]}" "$PG_BIN/initdb" -D "$PGDIR/data" -U "$PGUSER_" --auth=trust --encoding=UTF8 \
  --locale=C >"$PGDIR/initdb.log" 2>&1 || { cat "$PGDIR/initdb.log" >&2; exit 1; }

MEM_MB=$(awk '/MemTotal/ {printf "%d", $2/1024}' /proc/meminfo)
# Durability settings are spelled out (they are the defaults) so the log shows them.
DURABLE="-c fsync=on -c full_page_writes=on -c synchronous_commit=on"
SETTINGS_default=""
SETTINGS_tuned="-c shared_buffers=$((MEM_MB / 4))MB -c effective_cache_size=$((MEM_MB / 2))MB -c wal_buffers=16MB -c max_wal_size=4GB -c checkpoint_completion_target=0.9 -c random_page_cost=1.1"
pg_start() {  # variant
  local s="SETTINGS_$1"
  # taskset: the postmaster and every backend it forks stay on core 0.
  taskset -c 0 "${as_user[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server-$1.log" -w -t 120 \
    -o "-k $PGDIR -c listen_addresses= $DURABLE ${!s}" start >/dev/null \
    || { cat "$PGDIR/server-$1.log" >&2; exit 1; }
}
pg_stop() { "${as_user[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null; }
psqlc() { PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -h "$PGDIR" -U "$PGUSER_" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
pg_url() { echo "postgresql:///$1?host=$PGDIR&user=$PGUSER_"; }

say "== machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); $(date -u +%Y-%m-%dT%H:%MZ)"
say "== PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), SQLite $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)' 2>/dev/null || echo '?'), wrk, pgbench; $CASES cases, ${DURATION}s per measurement"
BIN_STAMP="$(date -u -r "$BIN" +%Y-%m-%dT%H:%M:%SZ) $(sha256sum "$BIN" | cut -c1-12)"
say "== binary: $BIN built $BIN_STAMP; HEAD $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
say "== PostgreSQL settings: always $DURABLE; tuned adds: $SETTINGS_tuned"

# ---- shared pieces ---------------------------------------------------------------------------
cp bench/create_case.lua "$DATA/create.lua"
AGENCY='{"name":"晋中市中级人民法院","abbr":"晋中中院","type":"court","court_level":"intermediate","court_code":"晋07"}'

# The measuring functions run in this shell (not in $(...)) so that cleanup knows their
# processes; each leaves its figures in OUT.
# auth_token db-url: AUTH="Authorization: Bearer <a new system administrator token>" (issue 4:
# every API route but the public ones needs one); its rate limit is out of the way.
auth_token() {
  AUTH="Authorization: Bearer $("$BIN" token create --db "$1" --name bench --role system_admin \
    --rate-limit 1000000 | tail -1)"
}

# write_bench label db-url: shenguan --threads 2 on core 0, wrk on core 1;
# OUT="rps p99 errors shenguan_cpu_s pg_cpu_s"
write_bench() {
  local label=$1 url=$2 port pid c0s c0p c1s c1p
  port=$(free_port)
  taskset -c 0 "$BIN" serve --db "$url" --listen "127.0.0.1:$port" --threads 2 --now "$NOW" >"$DATA/serve-$label.log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  wait_http "http://127.0.0.1:$port/healthz" || { cat "$DATA/serve-$label.log" >&2; exit 1; }
  auth_token "$url"
  SG_AGENCY_ID=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d "$AGENCY" "http://127.0.0.1:$port/api/v1/agencies" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  export SG_AGENCY_ID
  c0p=0; c1p=0
  if [[ $url == postgresql* ]]; then psqlc -d postgres -c CHECKPOINT; c0p=$(cpu_ticks $(pg_pids)); fi
  c0s=$(cpu_ticks "$pid")
  taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" --latency -H "$AUTH" -s "$DATA/create.lua" "http://127.0.0.1:$port/api/v1/cases" >"$DATA/wrk-write-$label.out"
  c1s=$(cpu_ticks "$pid")
  if [[ $url == postgresql* ]]; then c1p=$(cpu_ticks $(pg_pids)); fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local hz; hz=$(getconf CLK_TCK)
  OUT="$(wrk_summary "$DATA/wrk-write-$label.out") $(ratio $((c1s - c0s)) "$hz") $(ratio $((c1p - c0p)) "$hz")"
}

# read_bench label db-url warm-command...: shenguan --threads 1 on core 0, wrk on core 1;
# OUT="rps p99 errors peak_rss_mb"
read_bench() {
  local label=$1 url=$2 port pid mpid maxid; shift 2
  port=$(free_port)
  taskset -c 0 "$BIN" serve --db "$url" --listen "127.0.0.1:$port" --threads 1 --now "$NOW" >"$DATA/serve-read-$label.log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  wait_http "http://127.0.0.1:$port/healthz" || { cat "$DATA/serve-read-$label.log" >&2; exit 1; }
  auth_token "$url"
  maxid=$(curl -s -H "$AUTH" "http://127.0.0.1:$port/api/v1/cases?limit=1" | grep -o '"total":[0-9]*' | cut -d: -f2)
  [[ $maxid -eq $CASES ]] || { echo "run_pg: $label has $maxid cases, expected $CASES" >&2; exit 1; }
  curl -s -H "$AUTH" "http://127.0.0.1:$port/api/v1/cases/$((maxid / 2))" >"$DATA/case-$label.json"
  cat >"$DATA/random-$CASES.lua" <<LUA
math.randomseed(42)
request = function() return wrk.format("GET", "/api/v1/cases/" .. math.random(1, $maxid)) end
LUA
  "$@" >/dev/null  # warm the caches (OS page cache, PostgreSQL's shared buffers)
  taskset -c 1 wrk -t1 -c64 -d5s -H "$AUTH" -s "$DATA/random-$CASES.lua" "http://127.0.0.1:$port" >/dev/null
  rss_sampler "$pid" "$DATA/rss-$label.peak" &
  mpid=$!; PIDS+=("$mpid")
  taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" --latency -H "$AUTH" -s "$DATA/random-$CASES.lua" "http://127.0.0.1:$port" >"$DATA/wrk-read-$label.out"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  wait "$mpid" 2>/dev/null || true
  OUT="$(wrk_summary "$DATA/wrk-read-$label.out") $(( $(cat "$DATA/rss-$label.peak") / 1024 ))"
}

pgbench_run() {  # label: pgbench -i -s 10, then -N -c 64 -j 1 on core 1; OUT="tps p99_ms"
  local label=$1
  psqlc -d postgres -c "DROP DATABASE IF EXISTS pgb" -c "CREATE DATABASE pgb"
  "$PG_BIN/pgbench" -h "$PGDIR" -U "$PGUSER_" -i -s 10 -q pgb >"$DATA/pgbench-init-$label.log" 2>&1
  psqlc -d postgres -c CHECKPOINT
  taskset -c 1 "$PG_BIN/pgbench" -h "$PGDIR" -U "$PGUSER_" -N -c 64 -j 1 -T "$DURATION" -r -P 5 \
    -l --log-prefix="$DATA/pgblog-$label" pgb >"$DATA/pgbench-$label.out" 2>&1
  local tps p99
  tps=$(awk '/^tps = / {printf "%.0f", $3}' "$DATA/pgbench-$label.out")
  # per-transaction log: field 3 is latency in µs
  p99=$(cat "$DATA/pgblog-$label".* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int(NR*0.99)]/1000}')
  rm -f "$DATA/pgblog-$label".*
  OUT="$tps $p99"
}

pg_prewarm() {  # mode: read (OS page cache) or buffer (shared buffers)
  psqlc -d sg_demo -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
    -c "SELECT sum(pg_prewarm(c.oid, '$1')) FROM pg_class c WHERE c.relkind IN ('r','i','t') AND c.relnamespace IN ('public'::regnamespace, 'pg_toast'::regnamespace)" >/dev/null
}

# ---- SQLite database for reads (kept in $DATA like bench/run.sh) ------------------------------
SQLDB="$DATA/bench-$CASES.db"
if [[ $READS == 1 && ! -f "$SQLDB" ]]; then
  say "== SQLite: shenguan demo --cases $CASES (once, kept in $SQLDB)"
  "$BIN" migrate --db "sqlite:$SQLDB" >/dev/null
  "$BIN" demo --db "sqlite:$SQLDB" --cases "$CASES" --seed 1 --today "$TODAY" \
    --accounts-file "$DATA/accounts.txt" 2>/dev/null >"$DATA/demo-$CASES.out"
fi
if [[ $READS == 1 ]]; then
  say "== SQLite demo load (for comparison): $(grep rows_per_second "$DATA/demo-$CASES.out"), database $(du -h "$SQLDB" | cut -f1)"
fi

# ---- PostgreSQL: default settings, then tuned -----------------------------------------------
declare -A R
first=1
for v in $VARIANTS; do
  pg_start "$v"
  say "== PostgreSQL, $v settings: shared_buffers=$(psqlc -d postgres -c 'SHOW shared_buffers'), max_wal_size=$(psqlc -d postgres -c 'SHOW max_wal_size'), fsync=$(psqlc -d postgres -c 'SHOW fsync'), synchronous_commit=$(psqlc -d postgres -c 'SHOW synchronous_commit'), wal_sync_method=$(psqlc -d postgres -c 'SHOW wal_sync_method')"
  if [[ $READS == 1 && $first -eq 1 ]]; then
    say "-- loading the demo: shenguan demo --db postgresql:…/sg_demo --cases $CASES --seed 1 --today $TODAY"
    psqlc -d postgres -c "CREATE DATABASE sg_demo"
    "$BIN" demo --db "$(pg_url sg_demo)" --cases "$CASES" --seed 1 --today "$TODAY" \
      --accounts-file "$PGDIR/accounts.txt" 2>/dev/null >"$DATA/demo-pg-$CASES.out"
    psqlc -d sg_demo -c "VACUUM ANALYZE"
    say "   PostgreSQL demo load: $(grep -o '"rows_per_second": [0-9]*' "$DATA/demo-pg-$CASES.out" | awk '{print $2}') rows/s ($(grep rows_per_second "$DATA/demo-pg-$CASES.out")), database $(psqlc -d postgres -c "SELECT pg_size_pretty(pg_database_size('sg_demo'))")"
    first=0
  fi

  pgbench_run "$v"; read -r pb_tps pb_p99 <<<"$OUT"
  say "pgbench -N -c 64 -j 1 (core 1):                  $pb_tps tps, p99 $pb_p99 ms"
  psqlc -d postgres -c "DROP DATABASE IF EXISTS sg_writes" -c "CREATE DATABASE sg_writes"
  write_bench "pg-$v" "$(pg_url sg_writes)"; read -r w_rps w_p99 w_err w_cs w_cp <<<"$OUT"
  say "shenguan POST /api/v1/cases, 64 clients:        $w_rps req/s, p99 $w_p99 ms, errors $w_err; ratio to pgbench -N $(ratio "$w_rps" "$pb_tps") (target >= 0.50)"
  say "   core 0 during it: shenguan ${w_cs}s CPU, PostgreSQL ${w_cp}s CPU of ${DURATION}s"
  R[$v-pb]="$pb_tps $pb_p99"; R[$v-w]="$w_rps $w_p99 $w_err $w_cs $w_cp"

  r_rps=- r_p99=- r_err=- r_rss=-
  if [[ $v == tuned ]]; then warm=(pg_prewarm buffer); else warm=(pg_prewarm read); fi
  if [[ $READS == 1 ]]; then
    read_bench "pg-$v" "$(pg_url sg_demo)" "${warm[@]}"; read -r r_rps r_p99 r_err r_rss <<<"$OUT"
    say "reads GET /api/v1/cases/{id}, 64 conns:         $r_rps req/s, p99 $r_p99 ms, errors $r_err, shenguan peak RSS $r_rss MB"
  fi
  R[$v-r]="$r_rps $r_p99 $r_err $r_rss"
  pg_stop
done

# ---- SQLite, the same measurements ---------------------------------------------------------
say "== SQLite (synchronous=FULL, WAL)"
rm -f "$DATA/writes-pgrun.db"*
write_bench sqlite "sqlite:$DATA/writes-pgrun.db"; read -r s_w_rps s_w_p99 s_w_err s_w_cs _ <<<"$OUT"
rm -f "$DATA/writes-pgrun.db"*
say "shenguan POST /api/v1/cases, 64 clients:        $s_w_rps req/s, p99 $s_w_p99 ms, errors $s_w_err; shenguan ${s_w_cs}s CPU of ${DURATION}s"
s_r_rps=- s_r_p99=- s_r_err=- s_r_rss=-
if [[ $READS == 1 ]]; then
  read_bench sqlite "sqlite:$SQLDB" cat "$SQLDB"; read -r s_r_rps s_r_p99 s_r_err s_r_rss <<<"$OUT"
  say "reads GET /api/v1/cases/{id}, 64 conns:         $s_r_rps req/s, p99 $s_r_p99 ms, errors $s_r_err, shenguan peak RSS $s_r_rss MB ($(du -h "$SQLDB" | cut -f1) database)"
fi

if [[ "$(date -u -r "$BIN" +%Y-%m-%dT%H:%M:%SZ) $(sha256sum "$BIN" | cut -c1-12)" != "$BIN_STAMP" ]]; then
  say "WARNING: $BIN changed during the run; the figures mix two builds"
fi
say "== summary"
for v in $VARIANTS; do
  read -r pb_tps pb_p99 <<<"${R[$v-pb]}"; read -r w_rps w_p99 w_err _ _ <<<"${R[$v-w]}"; read -r r_rps r_p99 r_err r_rss <<<"${R[$v-r]}"
  reads=""
  [[ $READS == 1 ]] && reads="; reads $r_rps req/s (p99 $r_p99 ms, $r_err errors, $r_rss MB) = $(ratio "$r_rps" "$s_r_rps") of SQLite"
  say "PostgreSQL $v: writes $w_rps req/s = $(ratio "$w_rps" "$pb_tps") of pgbench -N $pb_tps tps$reads"
done
reads=""
[[ $READS == 1 ]] && reads="; reads $s_r_rps req/s (p99 $s_r_p99 ms, $s_r_err errors, $s_r_rss MB)"
say "SQLite: writes $s_w_rps req/s$reads"

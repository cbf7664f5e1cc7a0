#!/usr/bin/env bash
# Import throughput (issue 6, "Figures"): N cases imported with `shenguan import` from NDJSON and
# from CSV, against a raw SQLite insert of the same rows into the same tables in the same run, and
# `sqlite-utils insert` (Debian package sqlite-utils) loading the same NDJSON into a plain table.
#
#   bench/import/run.sh [CASES] [BUILD_DIR]        defaults: 1000000 build/release
#   (needs BUILD_DIR/bench/raw_insert/raw_insert: a build with -DSHENGUAN_BENCH=ON)
#   SOURCE_DB=bench/data/bench-dash-1000000.db TODAY=2026-11-27 bench/import/run.sh
#     takes the cases from a demo database made before (e.g. by bench/dashboard/run.sh, which
#     uses --today 2026-11-27) instead of running `shenguan demo` (about 10 minutes at 1M);
#     CASES is then its number of cases.
#
# 1. The source is the demo's CASES cases (`shenguan demo`), exported as NDJSON and CSV, with their
#    parties and IP rights (untimed).
# 2. A base database gets the schema, the demo's agencies and the imported parties and IP rights
#    (untimed); each timed run starts from a copy of it.
# 3. Timed: `shenguan import cases.ndjson` and `shenguan import cases.csv` (all-or-nothing, one
#    writer job, synchronous=FULL: one commit), each into its own copy.
# 4. Timed: the raw reference, issue 2's methodology (docs/performance.md "bulk"): bench/raw_insert
#    reads back every row the NDJSON import added, in every table it wrote (cases, their parties
#    and IP links, search terms, deadlines, counters, events, feed changes, import records, …),
#    untimed, then inserts them with one prepared per-row INSERT per table, values bound, in one
#    transaction, into a copy of the base (same schema, indexes and starting rows), with the
#    import's synchronous=FULL: no parsing, no validation, no lookups.
# 5. Timed: `sqlite-utils insert plain.db cases cases.ndjson --nl` into an empty database.
# Prints one JSON line per figure, then the ratios. Needs sqlite3 and sqlite-utils
# (scripts/deps.sh bench).
set -euo pipefail
cases=${1:-1000000}
build=${2:-build/release}
sg="$build/shenguan"
raw_insert="$build/bench/raw_insert/raw_insert"
today=${TODAY:-2024-06-03}
work=$(mktemp -d "${TMPDIR:-/tmp}/sg-import-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'echo "bench/import: failed at line $LINENO" >&2' ERR

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
figure() {  # name seconds
  printf '{"figure": "%s", "cases": %d, "seconds": %s, "cases_per_s": %s}\n' \
    "$1" "$cases" "$2" "$(rate "$cases" "$2")"
}

# 1. Source data.
if [[ -n "${SOURCE_DB:-}" ]]; then
  [[ -f "$SOURCE_DB" ]] || { echo "bench/import: $SOURCE_DB does not exist" >&2; exit 1; }
  ln -s "$(realpath "$SOURCE_DB")" "$work/src.db"
  cases=$(sqlite3 "file:$SOURCE_DB?mode=ro" "SELECT count(*) FROM cases")
else
  "$sg" demo --db "sqlite:$work/src.db" --cases "$cases" --today "$today" \
    --accounts-file "$work/accounts.txt" >/dev/null
fi
for e in parties ip_rights cases; do
  "$sg" export --db "sqlite:$work/src.db" --entity "$e" --format ndjson --out "$work/$e.ndjson"
done
"$sg" export --db "sqlite:$work/src.db" --entity cases --format csv --out "$work/cases.csv"

# 2. The base: schema, agencies, parties, IP rights.
"$sg" migrate --db "sqlite:$work/base.db" >/dev/null
sqlite3 "$work/base.db" "ATTACH '$work/src.db' AS s; INSERT INTO agencies SELECT * FROM s.agencies;"
for e in parties ip_rights; do
  "$sg" import "$work/$e.ndjson" --db "sqlite:$work/base.db" --entity "$e" --today "$today" \
    >"$work/out.txt" || { tail -5 "$work/out.txt" >&2; exit 1; }
done
sqlite3 "$work/base.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
base() { cp "$work/base.db" "$work/$1.db"; }

# 3. shenguan import.
for format in ndjson csv; do
  base "$format"
  t0=$(now)
  "$sg" import "$work/cases.$format" --db "sqlite:$work/$format.db" --today "$today" \
    >"$work/out.txt" || { tail -5 "$work/out.txt" >&2; exit 1; }
  t1=$(now)
  figure "shenguan_import_$format" "$(elapsed "$t0" "$t1")"
  eval "import_$format=$(elapsed "$t0" "$t1")"
done

# 4. The raw reference: the rows the NDJSON import added, inserted row by row.
raw_out=$("$raw_insert" "$work/ndjson.db" "$work/raw.db" --base "$work/base.db" --synchronous FULL)
rows=$(sed -E 's/.*"rows": ([0-9]+).*/\1/' <<<"$raw_out")
raw=$(sed -E 's/.*"seconds": ([0-9.]+).*/\1/' <<<"$raw_out")
printf '{"figure": "raw_sqlite_insert", "cases": %d, "rows": %d, "seconds": %s, "cases_per_s": %s, "rows_per_s": %s}\n' \
  "$cases" "$rows" "$raw" "$(rate "$cases" "$raw")" "$(rate "$rows" "$raw")"

# 5. sqlite-utils, the same NDJSON into a plain table.
t0=$(now)
sqlite-utils insert "$work/plain.db" cases "$work/cases.ndjson" --nl >/dev/null
t1=$(now)
figure "sqlite_utils_insert_ndjson" "$(elapsed "$t0" "$t1")"

awk -v r="$raw" -v n="$import_ndjson" -v c="$import_csv" 'BEGIN {
  printf "{\"figure\": \"import_rate_vs_raw\", \"ndjson\": %.3f, \"csv\": %.3f, \"target\": 0.5}\n",
         r / n, r / c }'

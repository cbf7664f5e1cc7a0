#!/usr/bin/env bash
# Runs a command next to a private, throw-away PostgreSQL 15 server, and stops the server when the
# command ends, however it ends. Usage: scripts/with-postgres.sh COMMAND [ARGS...]
#
# The server lives in a new temporary directory: initdb there (UTF-8, C locale, trust auth), then
# pg_ctl start listening only on a Unix socket in that directory. PostgreSQL refuses to run as
# root, so under root the server runs as the `postgres` user of Debian's package (or a system
# user `shenguan-pg` created for it). The command sees
#   SHENGUAN_TEST_PG=postgresql://USER@%2Fsocket%2Fdir   (a server URL without a database)
# which store/testing/test_db.h uses to make one database per test. Durability is off (fsync=off):
# the data is thrown away afterwards. PG_BIN overrides /usr/lib/postgresql/15/bin.
set -euo pipefail

pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [[ ! -x "$pg_bin/initdb" ]]; then
  echo "with-postgres: no PostgreSQL server binaries in $pg_bin; run scripts/deps.sh build" >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/shenguan-pg.XXXXXX")
as_user=()
if [[ $(id -u) -eq 0 ]]; then
  user=postgres
  if ! id -u "$user" >/dev/null 2>&1; then
    user=shenguan-pg
    id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  fi
  chown "$user" "$dir"
  as_user=(runuser -u "$user" --)
else
  user=$(id -un)
fi

stop() {
  local rc=$?
  "${as_user[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit "$rc"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${as_user[@]}" "$pg_bin/initdb" -D "$dir/data" -U "$user" --auth=trust --encoding=UTF8 \
  --locale=C --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
if ! "${as_user[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-k $dir -c listen_addresses= -c fsync=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null; then
  cat "$dir/server.log" >&2
  exit 1
fi
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on socket $dir (user $user)"

export SHENGUAN_TEST_PG="postgresql://$user@${dir//\//%2F}"
"$@"

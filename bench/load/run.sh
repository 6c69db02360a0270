#!/usr/bin/env bash
# Issue 12's load target: 200 concurrent API clients completing tasks (p95 < 250 ms, no errors).
# Starts the app (Release, Production, demo data, sign-in throttle raised for the bench) on a fresh database,
# runs bench/Iso.Cases.Load against it, stops it. Usage:
#   bench/load/run.sh --db /tmp/load.db [--think-ms 1000] [--clients 200] [--tasks 15] [--hey]
#   bench/load/run.sh --postgres "Host=127.0.0.1;Port=55432;Username=postgres;Database=iso_load" [...]
#   bench/load/run.sh --existing /work/bench-data/cases-1m.db --data /work/bench-data/data --prefix tai2 [...]
#   bench/load/run.sh --db /tmp/load.db --wrk 5 [--wrk-mode complete|cycle] --tasks 60   (wrk is the 200 clients)
# With --wrk SECONDS the driver only prepares (accounts, cases claimed, warm-up) and lists the tasks; then wrk (Debian's,
# C, a fraction of the CPU of the .NET driver) runs 200 connections for SECONDS through bench/load/wrk.lua: "complete"
# posts the completions, "cycle" reads the inbox before each completion. The app's CPU is read from /proc around it.
# The database is created anew (SQLite file removed; PostgreSQL database dropped and created), except with --existing:
# a SQLite database already seeded (seed --demo, then seed --cases N --bulk) with its data directory (--data, for its
# journal key); give each run on it its own --prefix (the driver imports its accounts under that prefix).
set -euo pipefail
cd "$(dirname "$0")/../.."
DB=""; PG=""; EXISTING=""; DATA=""; PORT=5091; HEY=0; WRK=""; WRK_MODE=complete; CLIENTS=200; DRIVER_ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --db) DB="$2"; shift 2 ;;
    --postgres) PG="$2"; shift 2 ;;
    --existing) EXISTING="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --hey) HEY=1; shift ;;
    --wrk) WRK="$2"; shift 2 ;;
    --wrk-mode) WRK_MODE="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; DRIVER_ARGS+=("$1" "$2"); shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) DRIVER_ARGS+=("$1"); shift ;;
  esac
done
[[ -n "$DB" || -n "$PG" || -n "$EXISTING" ]] || { echo "usage: $0 --db FILE | --postgres CONN | --existing FILE --data DIR [driver options]" >&2; exit 2; }

if [[ -z "${NO_BUILD:-}" ]]; then
  dotnet build -c Release -nologo -v q src/Iso.Web >/dev/null
  dotnet build -c Release -nologo -v q bench/Iso.Cases.Load >/dev/null
fi
APP=${APP:-src/Iso.Web/bin/Release/net10.0/Iso.Web.dll}
LOAD=bench/Iso.Cases.Load/bin/Release/net10.0/Iso.Cases.Load.dll
WORK=$(mktemp -d /tmp/iso-load.XXXX)
DBARGS=(--Iso:DataDirectory="${DATA:-$WORK}")
if [[ -n "$EXISTING" ]]; then
  [[ -f "$EXISTING" && -n "$DATA" ]] || { echo "--existing needs the database file and --data DIR" >&2; exit 2; }
  # The seeded past's timers (a year of deadlines) would all fire at once on start: not the steady state measured.
  DBARGS+=(--Iso:Database:Provider=Sqlite --Iso:Database:ConnectionString="Data Source=$EXISTING" --Iso:Workflows:RunTimerService=false)
elif [[ -n "$DB" ]]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  DBARGS+=(--Iso:Database:Provider=Sqlite --Iso:Database:ConnectionString="Data Source=$DB")
else
  NAME=$(sed -n 's/.*Database=\([^;]*\).*/\1/p' <<<"$PG")
  ADMIN=$(sed 's/Database=[^;]*/Database=postgres/' <<<"$PG")
  HOSTPORT=$(sed -n 's/.*Host=\([^;]*\).*Port=\([^;]*\).*/-h \1 -p \2/p' <<<"$PG")
  psql $HOSTPORT -U postgres -d postgres -qc "DROP DATABASE IF EXISTS \"$NAME\" WITH (FORCE)" -c "CREATE DATABASE \"$NAME\"" >/dev/null
  # PostgreSQL needs the journal's signing key (ADR 0009): a throw-away one for the bench's database.
  DBARGS+=(--Iso:Database:Provider=PostgreSql --Iso:Database:ConnectionString="$PG" --Iso:Journal:Key="$(head -c 32 /dev/urandom | base64)")
fi
export ASPNETCORE_ENVIRONMENT=Production
COMMON=("${DBARGS[@]}" --Iso:AllowDemoPasswords=true --Iso:SignIn:PermitsPerAddress=100000 --Iso:SignIn:PermitsPerAccount=100000
  --AllowedHosts='*' --Logging:LogLevel:Default=Warning)
[[ -n "$EXISTING" ]] || dotnet "$APP" seed --demo "${DBARGS[@]}" >/dev/null
dotnet "$APP" --urls "http://127.0.0.1:$PORT" "${COMMON[@]}" >"$WORK/app.log" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 1200); do curl -fs "http://127.0.0.1:$PORT/health/live" >/dev/null && break; sleep 0.5; done
echo "# $(date -u +%FT%TZ) $(uptime)"
echo "# database: ${EXISTING:-${DB:-PostgreSQL $NAME}}"
if [[ -n "$WRK" ]]; then
  dotnet "$LOAD" "http://127.0.0.1:$PORT" --pid "$APP_PID" --wrk "$WORK/tasks.tsv" "${DRIVER_ARGS[@]}"
  cpu() { awk '{print $14 + $15}' "/proc/$APP_PID/stat"; }   # utime + stime, in clock ticks
  TICKS=$(getconf CLK_TCK); BEFORE=$(cpu); START=$(date +%s.%N)
  OUT=$(wrk -t2 -c"$CLIENTS" -d"${WRK}s" --timeout 10s -s bench/load/wrk.lua "http://127.0.0.1:$PORT" -- "$WORK/tasks.tsv" "$WRK_MODE" 2)
  AFTER=$(cpu); END=$(date +%s.%N)
  echo "$OUT" | grep '^wrk'
  REQUESTS=$(sed -n 's/^wrk: \([0-9]*\) requests.*/\1/p' <<<"$OUT")
  awk -v t="$(( AFTER - BEFORE ))" -v hz="$TICKS" -v n="$REQUESTS" -v w="$(echo "$END - $START" | bc)" -v m="$WRK_MODE" \
    'BEGIN { printf "server CPU %.2f s = %.2f ms per %s, %.2f cores obtained (wrk %s, %d connections)\n", t/hz, 1000*t/hz/(m=="cycle"?n/2:n), (m=="cycle"?"read + completion":"completion"), t/hz/w, m, '"$CLIENTS"' }'
else
  dotnet "$LOAD" "http://127.0.0.1:$PORT" --pid "$APP_PID" "${DRIVER_ARGS[@]}" || echo "# driver exit $?"
fi
if [[ "$HEY" == 1 ]]; then
  TOKEN=$(curl -fs -H 'Content-Type: application/json' -d '{"userName":"motcua.stp","password":"Demo@2026"}' \
    "http://127.0.0.1:$PORT/api/v1/auth/login" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
  echo "# hey -c 200 -n 10000 GET /api/v1/tasks?pageSize=20 (a unit's inbox, read only)"
  hey -c 200 -n 10000 -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/tasks?pageSize=20" | sed -n '/Summary/,/Requests\/sec/p;/Latency distribution/,/^$/p;/Status code distribution/,/^$/p' | grep -v '^$' | head -30
fi
echo "# $(uptime)"
[[ -n "${KEEP:-}" ]] || rm -rf "$WORK"

#!/usr/bin/env bash
# Issue 12's circuit target: 300 open inbox pages cost under 500 KB of server memory each.
# Starts the app (Release, Production, demo data) on a fresh SQLite file with bench/Iso.Cases.Circuits as its startup
# hook (a GC probe: full collections on request, GC heap and working set written to a file), runs the bench, stops it.
#   bench/load/circuits.sh [--pages 300] [--contexts 6] [--path /viec-cua-toi] [--user motcua.stp]
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-5092}
# Published output: outside Development only a published app serves the static web assets (blazor.web.js, MudBlazor).
OUT=${OUT:-/tmp/iso-web-published}
if [[ -z "${NO_BUILD:-}" ]]; then
  dotnet publish -c Release -nologo -v q src/Iso.Web -o "$OUT" >/dev/null
  dotnet build -c Release -nologo -v q bench/Iso.Cases.Circuits >/dev/null
fi
APP=${APP:-$OUT/Iso.Web.dll}
BENCH=$(pwd)/bench/Iso.Cases.Circuits/bin/Release/net10.0/Iso.Cases.Circuits.dll
WORK=$(mktemp -d /tmp/iso-circuits.XXXX)
COMMON=(--Iso:DataDirectory="$WORK" --Iso:AllowDemoPasswords=true --Iso:SignIn:PermitsPerAddress=100000
  --Iso:SignIn:PermitsPerAccount=100000 --AllowedHosts='*' --Logging:LogLevel:Default=Warning)
export ASPNETCORE_ENVIRONMENT=Production
dotnet "$APP" seed --demo --Iso:DataDirectory="$WORK" >/dev/null
mkdir -p "$WORK/probe"
DOTNET_STARTUP_HOOKS="$BENCH" ISO_GC_PROBE="$WORK/probe" dotnet "$APP" --contentRoot "$(dirname "$APP")" --urls "http://127.0.0.1:$PORT" "${COMMON[@]}" >"$WORK/app.log" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health/live" >/dev/null && break; sleep 0.5; done
echo "# $(date -u +%FT%TZ) $(uptime)"
dotnet "$BENCH" "http://127.0.0.1:$PORT" --probe "$WORK/probe" "$@"
echo "# $(uptime)"
rm -rf "$WORK"

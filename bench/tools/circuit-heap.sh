#!/usr/bin/env bash
# Per-type breakdown of what an idle circuit keeps alive (bench figure 3a′ explained):
#   bench/tools/circuit-heap.sh WORK_DIR [PAGES] [portal|bare]
# WORK_DIR is a kept bench work directory (bench/run.sh --work WORK_DIR ...), whose published apps
# and prepared data directory are reused. Prints RSS per circuit and the types whose live bytes
# grew most from 1 to PAGES circuits, per added circuit; the gcdumps stay in WORK_DIR/heap.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(realpath "$1"); pages=${2:-40}; app=${3:-portal}
export TMPDIR="$PWD/.tmp" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
playwright=$PWD/bench/SmtpPortal.Bench/bin/Release/net10.0/.playwright/package
out=$work/heap/$app-$(date +%H%M%S); mkdir -p "$out"
data=$out/data; cp -r "$work/data-template" "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
if [[ $app == portal ]]; then exe=$work/portal/SmtpPortal; ready=/signin; mode=signin; else exe=$work/bare/BareBlazor; ready=/; mode=counter; fi
(cd "$(dirname "$exe")" && ASPNETCORE_URLS=http://127.0.0.1:$port ASPNETCORE_ENVIRONMENT=Production \
  SmtpPortal__DataDirectory=$data exec "$exe" >"$out/app.log" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port$ready"; do sleep 0.2; done
pid=$(pgrep -P $server || echo $server)
node "$PWD/bench/tools/circuit-heap.mjs" "$playwright" "http://127.0.0.1:$port" "$pid" "$pages" "$out" "$mode"
[[ -f $TMPDIR/heapstat/HeapStat.dll ]] || dotnet build bench/tools/HeapStat -c Release -o "$TMPDIR/heapstat" >/dev/null
dotnet "$TMPDIR/heapstat/HeapStat.dll" "$out/one.gcdump" >"$out/one.txt"
dotnet "$TMPDIR/heapstat/HeapStat.dll" "$out/all.gcdump" >"$out/all.txt"
python3 "$PWD/bench/tools/heap-diff.py" "$out/one.txt" "$out/all.txt" "$((pages - 1))"

#!/usr/bin/env bash
# Runs every SmtpPortal benchmark once, against references built in the same run, and writes
# bench/results.md. `bench/run.sh --smoke` runs each harness once with tiny counts (seconds, not
# minutes of measuring); its figures mean nothing and it writes bench/out/smoke-results.md instead.
set -euo pipefail
cd "$(dirname "$0")/.."

export TMPDIR="$PWD/.tmp"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$TMPDIR"

dotnet run --project bench/SmtpPortal.Bench -c Release -- "$@"

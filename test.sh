#!/usr/bin/env bash
# Runs every SmtpPortal test. On a fresh Debian machine it first installs what the tests need
# (Chromium for the browser tests, the local dotnet tools), then builds with warnings as errors.
# The last line it prints is "N passed, N failed"; a skipped test counts as failed.
set -euo pipefail
cd "$(dirname "$0")"

export TMPDIR="$PWD/.tmp"          # dotnet and the tests litter the temp folder: keep it here
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$TMPDIR"

if ! command -v dotnet >/dev/null; then
  echo "The .NET 10 SDK is needed: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi

# Chromium for the browser tests (unless SMTPPORTAL_BROWSER names another browser, as the GitHub
# workflow does); a CJK font so screenshots show the Chinese notes (授权码); systemd-analyze to
# verify deploy/systemd/smtpportal.service.
missing=""
[ -n "${SMTPPORTAL_BROWSER:-}" ] || command -v chromium >/dev/null || missing="chromium"
{ command -v fc-list >/dev/null && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; } || missing="$missing fonts-wqy-zenhei"
command -v systemd-analyze >/dev/null || missing="$missing systemd"
if [ -n "$missing" ]; then
  echo "Installing for the tests:$missing"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

# The local tools one at a time (dotnet/sdk#53783: on a cold NuGet cache, restoring two or more
# RID-specific tool packages in one `dotnet tool restore` can mix up their tool settings), each
# retried once, and a real failure names its tool. The last restore then finds them all cached.
restore_tool() {
  local manifest="$TMPDIR/tool-manifest-$1.json"
  printf '{ "version": 1, "isRoot": true, "tools": { "%s": { "version": "%s", "commands": [ "%s" ], "rollForward": false } } }\n' \
    "$1" "$2" "$3" >"$manifest"
  dotnet tool restore --tool-manifest "$manifest" >"$manifest.log" 2>&1 \
    || dotnet tool restore --tool-manifest "$manifest" >"$manifest.log" 2>&1 \
    || { echo "Could not restore the local tool $1 $2 (.config/dotnet-tools.json):" >&2; cat "$manifest.log" >&2; exit 1; }
}
# `dotnet tool list --local` reads the manifest without restoring: "id version command manifest".
tools=$(dotnet tool list --local | tail -n +3)
while read -r id version command _; do
  restore_tool "$id" "$version" "$command"
done <<<"$tools"
dotnet tool restore >/dev/null
dotnet build SmtpPortal.sln -nologo -clp:ErrorsOnly

log="$TMPDIR/test-output.log"
set +e
# One test project at a time: the browser tests and the bench smoke run each want the CPU.
dotnet test --solution SmtpPortal.sln --no-build --max-parallel-test-modules 1 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Microsoft.Testing.Platform ends with a summary block ("total: N", "failed: N", ...); take the last one.
count() { grep -aE "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
total=$(count total); failed=$(count failed); succeeded=$(count succeeded); skipped=$(count skipped)
failed=$((failed + skipped))
# CI keeps only the end of the output: name the failed and skipped tests just above the summary.
if [ "$failed" -ne 0 ]; then
  echo "Failed or skipped:"
  grep -aE '^(failed|skipped) ' "$log" | sed 's/^/  /' || true
fi
echo "$succeeded passed, $failed failed"

if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$total" -eq 0 ]; then
  exit 1
fi

#!/usr/bin/env bash
# ValidateService: the instance must answer its health check and serve the version just
# deployed, before CodeDeploy moves traffic to it. Bounded retries with exponential backoff
# (about a minute with the defaults, well inside the appspec timeout); fails with the last
# status it saw.
set -euo pipefail
HOOK=ValidateService
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
load_settings

expected=$(revision_version)
base="http://127.0.0.1:${APP_PORT}"
body=$(mktemp)
trap 'rm -f "$body"' EXIT

attempt=1
delay=1
while :; do
  status=$(curl -sS -o "$body" -w '%{http_code}' --max-time 5 "$base$HEALTH_CHECK_PATH" 2>/dev/null) || status=000
  if [ "$status" = 200 ]; then
    served=$(curl -fsS --max-time 5 "$base/version.txt" 2>/dev/null | tr -d '[:space:]') || served=
    if [ "$served" = "$expected" ]; then
      log "healthy: $base$HEALTH_CHECK_PATH answered 200 and version $served is served (attempt $attempt)"
      exit 0
    fi
    last="200, but version '${served:-none}' is served instead of '$expected'"
  else
    last="$status: $(head -c 200 "$body" | tr '\n' ' ')"
  fi
  if (( attempt >= VALIDATE_ATTEMPTS )); then
    fail "$base$HEALTH_CHECK_PATH unhealthy after $attempt attempts; last status $last"
  fi
  log "attempt $attempt: status $last; retrying in ${delay}s"
  sleep "$delay"
  attempt=$(( attempt + 1 ))
  delay=$(( delay * 2 > VALIDATE_MAX_DELAY ? VALIDATE_MAX_DELAY : delay * 2 ))
done

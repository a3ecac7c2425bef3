#!/usr/bin/env bash
# ValidateService: before CodeDeploy moves traffic to the instance, its health check must answer
# 200 with this deployment's ID and this revision's version in the body. A 200 alone could come
# from something the revision did not install (the bootstrap's placeholder, an earlier
# deployment); the ID and version can only come from this deployment (AfterInstall renders
# them into the sample app's health file; an application serving the health check itself reads
# them from /etc/webapp/app.env). Bounded retries with exponential backoff (about a minute with
# the defaults, well inside the appspec timeout); fails with the last answer it saw.
set -euo pipefail
HOOK=ValidateService
# This script's folder, as dirname gives it, without a process (see lib/common.sh).
hook_dir=.; [[ "${BASH_SOURCE[0]}" != */* ]] || hook_dir=${BASH_SOURCE[0]%/*}
# shellcheck source=lib/common.sh
source "$hook_dir/lib/common.sh"
load_settings

expected=$(revision_version)
deployment_id=${DEPLOYMENT_ID:-manual}
url="http://127.0.0.1:${APP_PORT}${HEALTH_CHECK_PATH}"
body=$(mktemp)
trap 'rm -f "$body"' EXIT

attempt=1
delay=1
while :; do
  status=$(curl -sS -o "$body" -w '%{http_code}' --max-time 5 "$url" 2>/dev/null) || status=000
  if [ "$status" = 200 ] && grep -qF -- "$deployment_id" "$body" && grep -qF -- "$expected" "$body"; then
    log "healthy: $url answered 200 for deployment $deployment_id of version $expected (attempt $attempt)"
    exit 0
  fi
  answer=$(head -c 200 "$body" | tr '\n' ' ')
  if [ "$status" = 200 ]; then
    last="200, but the answer is not from deployment $deployment_id of version $expected: $answer"
  else
    last="$status: $answer"
  fi
  if (( attempt >= VALIDATE_ATTEMPTS )); then
    fail "$url unhealthy after $attempt attempts; last status $last"
  fi
  log "attempt $attempt: status $last; retrying in ${delay}s"
  sleep "$delay"
  attempt=$(( attempt + 1 ))
  delay=$(( delay * 2 > VALIDATE_MAX_DELAY ? VALIDATE_MAX_DELAY : delay * 2 ))
done

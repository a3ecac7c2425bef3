#!/usr/bin/env bash
# npm test: a preflight names every missing tool at once; then the type-check runs beside jest (jest transpiles without checking types), so its
# few seconds overlap the test suites instead of preceding them. Fails if either fails.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# Every missing tool in one message, before anything starts.
bash scripts/preflight.sh || exit 1
# shellcheck source=lib/apache.sh source-path=SCRIPTDIR
. scripts/lib/apache.sh
find_apache # the hook tests serve from it (Debian's apache2 or Homebrew's httpd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# The tools' own entry points, run by node: npx would add ~0.7 CPU-s of npm per command.
node node_modules/typescript/bin/tsc --noEmit > "$log" 2>&1 &
typecheck=$!
node node_modules/jest/bin/jest.js "$@"
tests=$?

typecheck_status=0
wait "$typecheck" || typecheck_status=$?
if [ "$typecheck_status" -eq 0 ]; then
  echo "typecheck: passed"
else
  cat "$log"
  echo "typecheck: FAILED"
fi
if [ "$tests" -ne 0 ]; then exit "$tests"; fi
exit "$typecheck_status"

#!/usr/bin/env bash
# npm test: a preflight names every missing tool at once; then jest runs every suite (it
# transpiles without checking types: `npm run typecheck` does that, and CI runs it as its own
# step; beside jest on two cores it cost ~25 CPU-s of contention, README "Performance").
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# Every missing tool in one message, before anything starts.
bash scripts/preflight.sh || exit 1
# shellcheck source=lib/apache.sh source-path=SCRIPTDIR
. scripts/lib/apache.sh
find_apache # the hook tests serve from it (Debian's apache2 or Homebrew's httpd)

# jest's own entry point, run by node: npx would add ~0.7 CPU-s of npm.
exec node node_modules/jest/bin/jest.js "$@"

#!/usr/bin/env bash
# plain.bash FUNCTION ARGS...: one function of helpers.bash (or of agent.bash, which it sources)
# in this plain bash process. A bats test's shell runs under bats' DEBUG trap, which doubles the
# cost of every fork in it; the wrappers at the end of helpers.bash call this instead.
set -euo pipefail
PLAIN_BASH=1
# shellcheck source-path=SCRIPTDIR source=helpers.bash
source "${BASH_SOURCE[0]%/*}/helpers.bash"
"$@"

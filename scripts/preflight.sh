#!/usr/bin/env bash
# First step of `npm test`: checks every tool the test suites need and names all that are missing
# or too old in one message, with the install command for this system, before anything runs.
# Exit status 1 when something is missing. Usage: bash scripts/preflight.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/apache.sh source-path=SCRIPTDIR
. scripts/lib/apache.sh

if [ "$(uname -s 2>/dev/null || echo unknown)" = Darwin ]; then system=macos; else system=debian; fi

# install <debian command> <macos command>: the one for this system
install() { if [ "$system" = macos ]; then echo "$2"; else echo "$1"; fi; }

problems=()
missing() { problems+=("  - $1: $2; install: $3"); }

# major.minor of a version string, compared as numbers: at_least 1.9.8 1 10 -> false
at_least() {
  local major minor
  IFS=. read -r major minor _ <<< "$1"
  [ "${major:-0}" -gt "$2" ] || { [ "${major:-0}" -eq "$2" ] && [ "${minor:-0}" -ge "$3" ]; }
}

node_hint=$(install "curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash - && sudo apt-get install -y nodejs" "brew install node@20")
if ! command -v node >/dev/null 2>&1; then
  missing "Node.js >= 20" "not found on PATH" "$node_hint"
elif ! at_least "$(node --version | sed 's/^v//')" 20 0; then
  missing "Node.js >= 20" "found $(node --version)" "$node_hint"
elif [ ! -x node_modules/.bin/jest ]; then
  missing "the project's npm dependencies" "node_modules is not installed" "npm ci"
fi

terraform_hint=$(install "sudo apt-get install -y gnupg wget lsb-release && wget -qO- https://apt.releases.hashicorp.com/gpg | sudo gpg --dearmor -o /usr/share/keyrings/hashicorp-archive-keyring.gpg && echo \"deb [signed-by=/usr/share/keyrings/hashicorp-archive-keyring.gpg] https://apt.releases.hashicorp.com \$(lsb_release -cs) main\" | sudo tee /etc/apt/sources.list.d/hashicorp.list && sudo apt-get update && sudo apt-get install -y terraform" "brew tap hashicorp/tap && brew install hashicorp/tap/terraform")
if ! command -v terraform >/dev/null 2>&1; then
  missing "Terraform >= 1.10" "not found on PATH" "$terraform_hint"
else
  terraform_version=$(terraform version 2>/dev/null | sed -n '1s/^Terraform v//p')
  at_least "${terraform_version:-0}" 1 10 || missing "Terraform >= 1.10" "found ${terraform_version:-an unknown version}" "$terraform_hint"
fi

command -v bats >/dev/null 2>&1 || missing "bats" "not found on PATH" "$(install "sudo apt-get install -y bats" "brew install bats-core")"
command -v shellcheck >/dev/null 2>&1 || missing "shellcheck" "not found on PATH" "$(install "sudo apt-get install -y shellcheck" "brew install shellcheck")"

find_apache
apache_hint=$(install "sudo apt-get install -y apache2" "brew install httpd")
if [ -z "${APACHE_BIN:-}" ] || [ ! -x "$APACHE_BIN" ]; then
  missing "Apache httpd" "${APACHE_BIN:-neither /usr/sbin/apache2 nor httpd on PATH} not found" "$apache_hint"
elif [ ! -f "$APACHE_MODULES/mod_mpm_event.so" ]; then
  missing "Apache httpd modules" "no mod_mpm_event.so in $APACHE_MODULES (set APACHE_MODULES)" "$apache_hint"
fi

if [ ${#problems[@]} -gt 0 ]; then
  {
    echo "npm test: ${#problems[@]} prerequisite(s) missing, nothing was run (README, \"Set up\"):"
    printf '%s\n' "${problems[@]}"
  } >&2
  exit 1
fi

#!/usr/bin/env bash
# npm run test:apply: apply every default stack (and example) to the AWS API emulator (moto's
# server on 127.0.0.1, __tests__/support/emulator.py) and play the fleet handover against it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

missing=()
command -v terraform >/dev/null 2>&1 || missing+=("terraform >= 1.10 on the PATH")
if ! command -v python3 >/dev/null 2>&1; then
  missing+=("python3 (Debian: apt-get install python3 python3-pip)")
else
  python3 - <<'PY' 2>/dev/null || missing+=("moto 5.2.1 with its server extras for python3: python3 -m pip install 'moto[server]==5.2.1'")
import moto, flask, werkzeug, cryptography
assert moto.__version__.startswith("5.")
PY
fi
command -v aws >/dev/null 2>&1 || missing+=("AWS CLI v1 for python3: python3 -m pip install awscli")
if [ ${#missing[@]} -gt 0 ]; then
  echo "test:apply: cannot run; install:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi
exec npx jest --config jest.apply.config.js "$@"

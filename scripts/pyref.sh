#!/usr/bin/env bash
# Creates (once) the Python virtual environment with the reference tools chipgame is measured
# against: axelrod, pygambit and nashpy from PyPI. Prints the environment's python path.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="${CHIPGAME_PYREF:-$root/target/pyref}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import axelrod, pygambit, nashpy" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "axelrod==4.14.0" "pygambit==16.7.0" "nashpy==0.0.43" >&2
fi
echo "$venv/bin/python"

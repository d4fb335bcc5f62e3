#!/usr/bin/env bash
# Builds the solve_file example and runs benches/solve_compare.py in a venv with pygambit and
# nashpy (created under target/pyref if missing). Extra arguments go to the Python script.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
VENV="${PYREF:-target/pyref}"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import pygambit, nashpy" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pygambit nashpy numpy
fi
cargo build --release --example solve_file
exec "$VENV/bin/python" benches/solve_compare.py --bin "$TARGET/release/examples/solve_file" "$@"

#!/usr/bin/env bash
# Builds the solve_file example and runs benches/solve_compare.py in a venv with pygambit and
# nashpy (created under target/pyref if missing). `--quantecon` also installs QuantEcon into that
# venv (optional: it pulls numba and llvmlite, about 200 MB, and compiles on first use); the
# script compares against it whenever it is installed. Other arguments go to the Python script,
# e.g. `--check-only` (the fast agreement check CI runs) or `--lcp-sizes 20,50,100`.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
VENV="${PYREF:-target/pyref}"
ARGS=()
WANT_QE=0
for a in "$@"; do
  if [ "$a" = "--quantecon" ]; then WANT_QE=1; else ARGS+=("$a"); fi
done
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import pygambit, nashpy" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pygambit nashpy numpy
fi
if [ "$WANT_QE" = 1 ] && ! "$VENV/bin/python" -c "import quantecon" 2>/dev/null; then
  "$VENV/bin/pip" install --quiet quantecon
fi
cargo build --release --example solve_file
exec "$VENV/bin/python" benches/solve_compare.py --bin "$TARGET/release/examples/solve_file" "${ARGS[@]+"${ARGS[@]}"}"

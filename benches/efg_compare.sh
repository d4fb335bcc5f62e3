#!/usr/bin/env bash
# Builds the efg_file example and runs benches/efg_compare.py (chipgame's game-tree methods
# against pygambit on Gambit's .efg games) in the reference virtual environment of
# scripts/pyref.sh. Extra arguments go to the Python script, e.g. `--check-only` (CI, under two
# minutes) or `--extra /path/to/gambit/contrib/games --extra /path/to/gambit/tests/test_games`.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
PY=$(scripts/pyref.sh)
cargo build --release --example efg_file
exec "$PY" benches/efg_compare.py --bin "$TARGET/release/examples/efg_file" "$@"

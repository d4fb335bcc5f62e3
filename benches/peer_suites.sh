#!/usr/bin/env bash
# Builds chipgame and runs benches/peer_suites.py with pygambit (and numpy) from the reference
# virtual environment (scripts/pyref.sh creates it under target/pyref). Extra arguments go to the
# Python script: --ci for the quick subset, --gambit-dir DIR for more games.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
PY="$(scripts/pyref.sh)"
cargo build --release --bin chipgame
exec "$PY" benches/peer_suites.py --bin "$TARGET/release/chipgame" "$@"

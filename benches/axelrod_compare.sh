#!/usr/bin/env bash
# Builds chipgame, installs the Axelrod library into a virtual environment, and runs the
# side-by-side tournament comparison (10 strategies, 200 turns, 50 repetitions by default).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
py=$(scripts/pyref.sh)
"$py" benches/axelrod_compare.py target/release/chipgame "$@"

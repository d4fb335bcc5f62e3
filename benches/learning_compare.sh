#!/usr/bin/env bash
# Builds chipgame and compares its fictitious play with nashpy's (same actions, then speed),
# in the reference tools' virtual environment (scripts/pyref.sh). Arguments go to the script.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
py=$(scripts/pyref.sh)
"$py" benches/learning_compare.py target/release/chipgame "$@"

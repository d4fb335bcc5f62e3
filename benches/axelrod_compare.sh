#!/usr/bin/env bash
# Builds chipgame's tournament driver (examples/axelrod_tournament.rs), installs the reference
# tools (scripts/pyref.sh), and runs benches/axelrod_compare.py: deterministic scores identical
# to axelrod's, stochastic ones within confidence bounds, then (without --check-only) the timing
# of the deterministic round robin, serial and with 2 processes.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example axelrod_tournament
py=$(scripts/pyref.sh)
"$py" benches/axelrod_compare.py target/release/examples/axelrod_tournament "$@"

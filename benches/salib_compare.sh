#!/usr/bin/env bash
# Compares chipgame's sensitivity designs and estimators (chipgame::study) with SALib's on the
# same matrices: Sobol' S1/ST/S2 and Morris mu/mu*/sigma on Ishigami and Sobol's G function,
# then times both. SALib (pinned, with the numpy/scipy that build its Sobol' sequence) is
# installed once into a virtual environment under target/. Arguments go to the Python script
# (--check-only for CI: small sizes, under a minute once built; --prim adds the PRIM check).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example study_compare
venv="${CHIPGAME_SALIB:-$PWD/target/salib}"
if ! "$venv/bin/python" -c "import sys; from importlib.metadata import version; sys.exit(version('SALib') != '1.6.0')" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "SALib==1.6.0" "numpy==2.4.6" "scipy==1.17.1" "pandas==3.1.1" >&2
fi
# --prim also compares PRIM with EMA Workbench's (pinned; 2.5.3 is the last for Python 3.11).
if [[ " $* " == *" --prim "* ]] && ! "$venv/bin/python" -c "import sys; from importlib.metadata import version; sys.exit(version('ema_workbench') != '2.5.3')" 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check "ema_workbench==2.5.3" "SALib==1.6.0" "numpy==2.4.6" "scipy==1.17.1" "pandas==3.1.1" >&2
fi
"$venv/bin/python" benches/salib_compare.py target/release/examples/study_compare "$@"

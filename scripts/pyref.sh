#!/usr/bin/env bash
# Creates (once) the Python virtual environment with the reference tools chipgame is measured
# against -- axelrod, pygambit and nashpy from PyPI -- and prints the environment's python path.
#
# The set is pinned in scripts/pyref-requirements.txt and installed exactly, with --no-deps, so
# no resolver pulls in anything else. axelrod is 4.13.1: 4.14.0 imports torch at start-up (for one
# strategy chipgame does not use) and so drags in torch and the CUDA libraries (about 3.2 GB of
# downloads); 4.13.1 has every strategy the comparison uses, with the same definitions. Its
# imports need numpy, scipy, pandas, matplotlib, tqdm, PyYAML and dask.dataframe (which needs
# pyarrow); the rest of the list is what those import.
#
# Idempotent: when the environment already holds exactly this set (a stamp records the pins and
# the python version) it is reused without touching the network. Cache-friendly: pip's cache
# (PIP_CACHE_DIR, default ~/.cache/pip) keeps downloaded wheels and the wheel pip builds for
# pygambit, which PyPI ships only as source, so a rebuilt environment does not recompile it.
# CHIPGAME_PYREF overrides the environment's location (default target/pyref).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="${CHIPGAME_PYREF:-$root/target/pyref}"
reqs="$root/scripts/pyref-requirements.txt"
python="${PYTHON:-python3}"
want="$("$python" -c 'import sys; print(sys.version.split()[0])') $(sha256sum "$reqs" | cut -d' ' -f1)"
stamp="$venv/.chipgame-pins"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] \
    && "$venv/bin/python" -c "import axelrod, pygambit, nashpy" 2>/dev/null; then
  echo "$venv/bin/python"
  exit 0
fi
echo "pyref: installing the reference tools into $venv" >&2
rm -f "$stamp"
"$python" -m venv --clear "$venv" >&2
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --require-virtualenv -r "$reqs" >&2
"$venv/bin/pip" check >&2
"$venv/bin/python" -c "import axelrod, pygambit, nashpy" >&2
echo "$want" > "$stamp"
echo "$venv/bin/python"

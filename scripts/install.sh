#!/usr/bin/env bash
# Create .venv and install the toolkit with everything it needs (all from PyPI; nothing is
# downloaded at run time). Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# torch is pinned to the CPU build first so nothing pulls a multi-GB CUDA build.
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[dev]"
# BERTopic imports UMAP, whose nearest-neighbour library compiles its numerical kernels on first
# import (~15-20 s) and caches them on disk: do it here, once, not in the first analysis.
echo "Compiling BERTopic's numerical kernels once (about 20 s)..."
.venv/bin/python -c "import bertopic"

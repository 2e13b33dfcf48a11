#!/usr/bin/env bash
# Install the toolkit and run the whole test suite against SQLite and a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
if [ -z "${ENGAGE_TEST_PG_URL:-}" ]; then
  if url=$(bash scripts/start-postgres.sh); then
    export ENGAGE_TEST_PG_URL=$url
  else
    echo "warning: no PostgreSQL; PostgreSQL tests will be skipped" >&2
  fi
fi
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"

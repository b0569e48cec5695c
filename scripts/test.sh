#!/usr/bin/env bash
# Install everything the tests need into .venv and run the whole suite (browser tests too).
# Extra arguments go to pytest. DATABASE_URL=postgres://... runs it on PostgreSQL.
# The tests run on every core (pytest-xdist); TEST_WORKERS=0 runs them in one process.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests…"
  apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
fi
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-auto}" "$@"

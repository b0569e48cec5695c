#!/usr/bin/env bash
# Install, build a SQLite database with the demo partnerships, print the demo sign-ins and
# serve the application at http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
export DEMO_MODE=true DJANGO_SETTINGS_MODULE=kscp.settings.demo
unset DATABASE_URL
exec .venv/bin/python manage.py demo "$@"

#!/usr/bin/env bash
# Create .venv with the pinned dependencies (requirements.lock) and the project installed in it.
# Called by `make`; safe to run again (it only re-installs when the lock or pyproject.toml changed).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
need_apt=()
if ! command -v "$PYTHON" >/dev/null 2>&1; then need_apt+=(python3 python3-venv); fi
if command -v "$PYTHON" >/dev/null 2>&1 && ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then need_apt+=(python3-venv); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bootstrap: installing ${need_apt[*]} with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "bootstrap: this project needs Python >= 3.11 with venv (Debian: sudo apt-get install ${need_apt[*]})" >&2
    exit 1
  fi
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "bootstrap: Python >= 3.11 is required; $("$PYTHON" --version) found. Set PYTHON=/path/to/python3.11" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PYTHON" -m venv .venv
fi
# uv installs the ~450 pinned packages in seconds; plain pip is the fallback if uv cannot be installed.
if .venv/bin/python -m pip install -q "uv==0.13.8" >/dev/null 2>&1; then
  echo "bootstrap: installing requirements.lock with uv"
  .venv/bin/python -m uv pip install -q --python .venv/bin/python -r requirements.lock
  .venv/bin/python -m uv pip install -q --python .venv/bin/python --no-deps -e .
else
  echo "bootstrap: installing requirements.lock with pip"
  .venv/bin/python -m pip install -q -r requirements.lock
  .venv/bin/python -m pip install -q --no-deps -e .
fi
# Byte-compile the libraries and the project, as pip does when it installs (uv does not): otherwise, where
# Python may not write its caches (PYTHONDONTWRITEBYTECODE, a read-only checkout), every command compiles
# again every module it imports, about 2 CPU seconds of an extraction's 5. Up-to-date files are skipped.
echo "bootstrap: byte-compiling .venv and src"
.venv/bin/python -m compileall -q -j 0 .venv/lib/python3*/site-packages src >/dev/null 2>&1 || true
echo "bootstrap: .venv ready ($(.venv/bin/python --version))"

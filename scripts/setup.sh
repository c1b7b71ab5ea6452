#!/usr/bin/env bash
# Create .venv and install the exact locked dependency set. Idempotent: a second run is quick and silent.
# `--no-deps` because the lock already lists every package: pip then resolves nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

# This machine's pip.conf names local index folders that may be absent; pip then warns once per
# package ("Location ... is ignored: it is neither a file nor a directory"). That says nothing about
# CineChat, so every pip call goes through this filter; any other pip message still shows.
quiet_pip() {
  .venv/bin/pip "$@" 2> >(grep -v "is ignored: it is neither" >&2)
}

if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment in .venv ..."
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.lock-installed
if [ ! -f "$stamp" ] || ! cmp -s requirements.lock "$stamp"; then
  packages=$(grep -c "==" requirements.lock)
  echo "Installing $packages locked packages into .venv (about 2 minutes, once; later runs skip this) ..."
  quiet_pip install -q --upgrade pip
  # torch==2.13.0+cpu: CPU-only wheel (no multi-GB CUDA download). Outside this environment pip finds it on
  # PyTorch's CPU wheel index: add it with PIP_EXTRA_INDEX_URL (see README, "Installing elsewhere").
  quiet_pip install -q --no-deps -r requirements.lock
  cp requirements.lock "$stamp"
  echo "Installed."
fi

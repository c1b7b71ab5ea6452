#!/usr/bin/env bash
# Create .venv and install the exact locked dependency set. Idempotent: a second run is quick.
# `--no-deps` because the lock already lists every package: pip then resolves nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.lock-installed
if [ ! -f "$stamp" ] || ! cmp -s requirements.lock "$stamp"; then
  .venv/bin/pip install -q --upgrade pip
  # torch==2.13.0+cpu: CPU-only wheel (no multi-GB CUDA download). Outside this environment pip finds it on
  # PyTorch's CPU wheel index: add it with PIP_EXTRA_INDEX_URL (see README, "Installing elsewhere").
  # (this machine's pip.conf names local index folders that may be absent: pip warns once per package; hide that)
  .venv/bin/pip install -q --no-deps -r requirements.lock 2> >(grep -v "is ignored: it is neither" >&2)
  cp requirements.lock "$stamp"
fi

#!/usr/bin/env bash
# Re-create requirements.lock from requirements.txt. uv resolves in seconds where pip backtracks
# for minutes over chainlit's tree; the CPU build of torch comes from the local wheel folder.
set -euo pipefail
cd "$(dirname "$0")/.."
uv pip compile requirements.txt --python .venv/bin/python --python-platform x86_64-manylinux_2_28 \
  --find-links /opt/wheels --no-emit-find-links --custom-compile-command "scripts/lock.sh" \
  -o requirements.lock

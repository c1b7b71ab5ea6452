"""CineChat's terminal door.

    python cli.py build [--raw-dir DIR] [--limit N] [--json]
    python cli.py recommend "something like Arrival" [--json] [--k 5] [--offline]
    python cli.py recommend --batch FILE [--json] [--offline]
    python cli.py eval [--json]
    python cli.py bench [--json]

Each subcommand lives in `commands/<name>.py` with `add_arguments(parser)` and `run(args) -> int`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

import config  # noqa: F401  (sets offline env vars before any model library is imported)

SUBCOMMANDS = {
    "build": "Build (or update) the catalog and vector index.",
    "recommend": "Recommend titles for a request.",
    "eval": "Measure recommendation quality on the full index.",
    "bench": "Measure speed and memory on the full index.",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="cli.py", description="CineChat, a conversational movie recommender.")
    sub = parser.add_subparsers(dest="command", required=True)
    # Only the chosen subcommand's module is imported: start-up stays quick, and one subcommand's
    # heavy or broken imports can never stop another from running.
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    module = None
    for name, help_text in SUBCOMMANDS.items():
        subparser = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            module = importlib.import_module(f"commands.{name}")
            module.add_arguments(subparser)
    args = parser.parse_args(argv)
    return module.run(args)


if __name__ == "__main__":
    sys.exit(main())

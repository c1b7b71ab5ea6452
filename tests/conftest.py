"""Shared pytest fixtures, one plugin module per part so each stays small."""

import config  # noqa: F401  (offline model-hub settings before any model library loads)

pytest_plugins = [
    "tests.fixtures_catalog",
    "tests.fixtures_index",
    "tests.fixtures_llm",
]

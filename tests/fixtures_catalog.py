"""Pytest fixtures for the catalog: a raw folder cut from the real data, and its built catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.build import BuildReport, build_catalog
from catalog.models import Title
from testkit.fixture_data import make_fixture_raw_dir


@pytest.fixture(scope="session")
def fixture_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few hundred real rows of every source (plus malformed ones and a markup-titled film)."""
    return make_fixture_raw_dir(tmp_path_factory.mktemp("raw"), markup_title=True)


@pytest.fixture(scope="session")
def fixture_catalog(fixture_raw_dir: Path) -> tuple[list[Title], BuildReport]:
    return build_catalog(fixture_raw_dir)

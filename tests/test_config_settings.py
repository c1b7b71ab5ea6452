"""One settings object: sign-in, encoder threads and Chainlit's blocking sleep come from config.Settings,
under the environment names they always had."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from config import Settings
from ui.auth import password_ok, sign_in_enabled, user_table


def settings_from(monkeypatch: pytest.MonkeyPatch, **env: str) -> Settings:
    for name in (
        "CINECHAT_USERS",
        "CINECHAT_AUTH_HEADER",
        "CINECHAT_ENCODER_THREADS",
        "CINECHAT_CHAINLIT_BLOCKING_SLEEP",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings(_env_file=None)


def test_defaults_need_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_from(monkeypatch)
    assert user_table(settings) == {} and not sign_in_enabled(settings)
    assert settings.encoder_threads is None and settings.chainlit_blocking_sleep is False


def test_password_users(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_from(monkeypatch, CINECHAT_USERS="alice:secret, bob:p:w, :nameless, nopassword")
    assert user_table(settings) == {"alice": "secret", "bob": "p:w"} and sign_in_enabled(settings)
    assert password_ok(user_table(settings), "bob", "p:w") and not password_ok(user_table(settings), "eve", "secret")
    assert "secret" not in repr(settings)  # the password list is a SecretStr


def test_header_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_from(monkeypatch, CINECHAT_AUTH_HEADER="X-Forwarded-User")
    assert settings.auth_header == "X-Forwarded-User" and sign_in_enabled(settings) and user_table(settings) == {}


def test_encoder_threads_and_blocking_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_from(monkeypatch, CINECHAT_ENCODER_THREADS="2", CINECHAT_CHAINLIT_BLOCKING_SLEEP="1")
    assert settings.encoder_threads == 2 and settings.chainlit_blocking_sleep is True
    # Set but empty means unset, as it always has.
    settings = settings_from(monkeypatch, CINECHAT_ENCODER_THREADS="", CINECHAT_CHAINLIT_BLOCKING_SLEEP="")
    assert settings.encoder_threads is None and settings.chainlit_blocking_sleep is False


def test_a_bad_thread_count_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="encoder_threads"):
        settings_from(monkeypatch, CINECHAT_ENCODER_THREADS="many")

"""Who may sign in (settings `users` and `auth_header`, see config.py); history is kept only for
signed-in users.

- Password: CINECHAT_USERS="alice:secret,bob:other" (a small team, no user database).
- Header: CINECHAT_AUTH_HEADER="X-Forwarded-User" when a trusted reverse proxy (oauth2-proxy,
  an SSO gateway) authenticates people and passes their identity in that header. Only use it
  behind such a proxy: anyone reaching the app directly could set the header.
Either one needs CHAINLIT_AUTH_SECRET (`chainlit create-secret`) to sign the session cookie.
"""

from __future__ import annotations

import hmac

from config import Settings


def user_table(settings: Settings) -> dict[str, str]:
    return parse_users(settings.users.get_secret_value() if settings.users else "")


def sign_in_enabled(settings: Settings) -> bool:
    return bool(user_table(settings)) or bool(settings.auth_header)


def parse_users(spec: str) -> dict[str, str]:
    """'alice:pw, bob:p:w' -> {'alice': 'pw', 'bob': 'p:w'}; entries without a name or password are skipped."""
    table: dict[str, str] = {}
    for entry in spec.split(","):
        name, sep, password = entry.strip().partition(":")
        if sep and name.strip() and password:
            table[name.strip()] = password
    return table


def password_ok(table: dict[str, str], username: str, password: str) -> bool:
    expected = table.get(username)
    # compare_digest on both branches keeps the timing the same for unknown and known names
    if expected is None:
        hmac.compare_digest(password.encode(), password.encode())
        return False
    return hmac.compare_digest(expected.encode(), password.encode())

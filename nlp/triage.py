"""The triage contract of DESIGN §7: a pure function from a report's text to labels, scores and redaction.

No database, no network. The model is loaded once per process from ``TRIAGE_MODEL_DIR`` (default
``var/models/triage`` in the repository), so a Celery task can simply call ``triage(text)``.
"""

import functools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy

import nlp.pipeline  # noqa: F401  (registers the triage factories before spacy.load)
from nlp.taxonomy import TRIAGE_FIELDS

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "var" / "models" / "triage"


def model_dir() -> Path:
    return Path(os.environ.get("TRIAGE_MODEL_DIR") or DEFAULT_MODEL_DIR)


@functools.lru_cache(maxsize=2)  # the active model and, for a moment, the one it replaced
def _load(path: str, stamp: tuple[int, int]) -> spacy.Language:
    return spacy.load(path)


def load_model(path: Path | None = None) -> spacy.Language:
    """The triage pipeline, loaded once per process and path, and again when a promoted or restored
    model replaces the directory (``nlp.registry``: a new ``meta.json``, so a new inode and mtime)."""
    path = Path(path or model_dir())
    meta = path / "meta.json"
    if not meta.exists():
        raise FileNotFoundError(f"no triage model in {path}: run `manage.py train_triage`")
    stat = meta.stat()
    return _load(str(path.resolve()), (stat.st_ino, stat.st_mtime_ns))


def _result(doc) -> dict:
    result = doc._.triage
    return {key: result[key] for key in TRIAGE_FIELDS}


def triage(text: str, model: spacy.Language | None = None) -> dict:
    """Triage one report text; see DESIGN §7 for the fields."""
    return next(triage_many([text], model=model))


def triage_many(
    texts: Iterable[str],
    model: spacy.Language | None = None,
    batch_size: int = 64,
    first_pass: bool = False,
) -> Iterator[dict]:
    """Triage many texts lazily, in input order, batching the classifier for speed.

    ``first_pass``: skip the sentence encoder (``nlp.pipeline``): TF-IDF heads alone, over a hundred
    times faster, with the thresholds tuned for them and their own ``model_version``."""
    model = model or load_model()
    cleaned = (text if isinstance(text, str) else "" for text in texts)
    disable = ["triage_encoder"] if first_pass and "triage_encoder" in model.pipe_names else []
    for doc in model.pipe(cleaned, batch_size=batch_size, disable=disable):
        yield _result(doc)

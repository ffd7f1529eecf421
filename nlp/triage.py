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


@functools.cache
def _load(path: str) -> spacy.Language:
    return spacy.load(path)


def load_model(path: Path | None = None) -> spacy.Language:
    """The triage pipeline, loaded once per process and path."""
    path = Path(path or model_dir())
    if not (path / "meta.json").exists():
        raise FileNotFoundError(f"no triage model in {path}: run `manage.py train_triage`")
    return _load(str(path.resolve()))


def _result(doc) -> dict:
    result = doc._.triage
    return {key: result[key] for key in TRIAGE_FIELDS}


def triage(text: str, model: spacy.Language | None = None) -> dict:
    """Triage one report text; see DESIGN §7 for the fields."""
    return next(triage_many([text], model=model))


def triage_many(
    texts: Iterable[str], model: spacy.Language | None = None, batch_size: int = 64
) -> Iterator[dict]:
    """Triage many texts lazily, in input order, batching the classifier for speed."""
    model = model or load_model()
    cleaned = (text if isinstance(text, str) else "" for text in texts)
    for doc in model.pipe(cleaned, batch_size=batch_size):
        yield _result(doc)

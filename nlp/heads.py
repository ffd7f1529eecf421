"""The two families of classifier heads compared in evaluation, behind one small interface.

Both predict every field at once from a list of texts and return, per field, an array of
probabilities whose columns follow ``LABELS[field]``:

- ``TfidfHeads``: TF-IDF (word 1–2 + char 2–5 n-grams) shared by all fields, then a class-balanced
  logistic regression per field. Stored as JSON and ``.npy`` arrays (never pickle, so loading a model
  directory cannot execute code).
- ``BowHeads``: spaCy's bag-of-words ``textcat`` / ``textcat_multilabel``, one per field.
"""

import json
import warnings
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import spacy
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.training import Example as SpacyExample
from spacy.util import fix_random_seed, minibatch

from nlp import cues
from nlp.corpus import Example
from nlp.taxonomy import DOMAINS, GROUNDS, INCIDENT_TYPES, URGENCY_REASONS

LABELS = {
    "grounds": GROUNDS,
    "domain": DOMAINS,
    "incident_type": INCIDENT_TYPES,
    "urgent": ("urgent",),
    "urgency_reasons": URGENCY_REASONS,
}
MULTI_LABEL = ("grounds", "urgent", "urgency_reasons")
FIELDS = tuple(LABELS)


def targets(examples: list[Example]) -> dict[str, np.ndarray]:
    """Indicator matrices (n examples × labels of the field) for every field."""
    out = {}
    for field, labels in LABELS.items():
        matrix = np.zeros((len(examples), len(labels)), dtype=np.int8)
        for i, ex in enumerate(examples):
            value = {
                "grounds": ex.grounds,
                "domain": (ex.domain,),
                "incident_type": (ex.incident_type,),
                "urgent": ("urgent",) if ex.urgent else (),
                "urgency_reasons": ex.urgency_reasons,
            }[field]
            for label in value:
                matrix[i, labels.index(label)] = 1
        out[field] = matrix
    return out


# --- TF-IDF + logistic regression -------------------------------------------------------------------

VECTORIZERS = {
    "word": dict(
        analyzer="word", ngram_range=(1, 2), min_df=1, sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"
    ),
    "char": dict(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=150_000),
}


# Field -> cue sections (``resources/cues.txt``) whose hit counts the field's heads also see. Only the
# fields a section speaks about: extra dense columns elsewhere only slow the solver down.
CUE_FIELDS = {"grounds": "grounds"}


class TfidfHeads:
    kind = "tfidf"

    def __init__(self, c: float = 4.0, cue_scale: float = 1.0):
        self.c = c
        self.cue_scale = cue_scale
        self.vectorizers: dict[str, TfidfVectorizer] = {}
        self.coef: dict[str, np.ndarray] = {}
        self.intercept: dict[str, np.ndarray] = {}

    def _text_features(self, texts) -> sp.csr_matrix:
        return sp.hstack([self.vectorizers[name].transform(texts) for name in VECTORIZERS], format="csr")

    def _cue_columns(self, field: str) -> list[int]:
        if not self.cue_scale or field not in CUE_FIELDS:
            return []
        return [i for i, key in enumerate(cues.keys()) if key.startswith(CUE_FIELDS[field] + ":")]

    def _field_features(self, x: sp.csr_matrix, cue_matrix: np.ndarray, field: str) -> sp.csr_matrix:
        columns = self._cue_columns(field)
        if not columns:
            return x
        return sp.hstack([x, sp.csr_matrix(cue_matrix[:, columns] * self.cue_scale)], format="csr")

    def fit(self, examples: list[Example], seed: int = 0) -> "TfidfHeads":
        texts = [ex.text for ex in examples]
        self.vectorizers = {
            name: TfidfVectorizer(**params).fit(texts) for name, params in VECTORIZERS.items()
        }
        x_text = self._text_features(texts)
        cue_matrix = cues.features(texts) if self.cue_scale else None
        warnings.filterwarnings("ignore", category=ConvergenceWarning)
        for field, y in targets(examples).items():
            x = self._field_features(x_text, cue_matrix, field)
            n_labels = y.shape[1]
            coef = np.zeros((n_labels, x.shape[1]), dtype=np.float32)
            intercept = np.full(n_labels, -10.0, dtype=np.float32)  # never seen: never predicted
            if field in MULTI_LABEL:
                for j in range(n_labels):
                    if 0 < y[:, j].sum() < len(y):
                        model = self._model(seed, binary=True).fit(x, y[:, j])
                        coef[j], intercept[j] = model.coef_[0], model.intercept_[0]
            else:
                seen = np.flatnonzero(y.sum(axis=0))
                classes = y.argmax(axis=1)
                if len(seen) == 1:
                    intercept[seen[0]] = 10.0
                elif len(seen) > 1:
                    model = self._model(seed, binary=len(seen) == 2).fit(x, classes)
                    if len(model.classes_) == 2:  # binary LR keeps one row for the second class
                        coef[model.classes_[1]], intercept[model.classes_[1]] = (
                            model.coef_[0],
                            model.intercept_[0],
                        )
                        intercept[model.classes_[0]] = 0.0
                    else:
                        coef[model.classes_], intercept[model.classes_] = model.coef_, model.intercept_
            self.coef[field], self.intercept[field] = coef, intercept
        return self

    def _model(self, seed: int, binary: bool) -> LogisticRegression:
        # saga with a loose tolerance: an order of magnitude faster than lbfgs here, same held-out scores.
        # Capped iterations: the scores stop moving long before saga's own convergence test passes.
        return LogisticRegression(
            C=self.c, class_weight="balanced", solver="saga", tol=1e-3, max_iter=100, random_state=seed
        )

    def predict(self, texts: list[str]) -> dict[str, np.ndarray]:
        x_text = self._text_features(texts)
        cue_matrix = cues.features(list(texts)) if self.cue_scale else None
        out = {}
        for field in FIELDS:
            x = self._field_features(x_text, cue_matrix, field)
            logits = np.asarray(x @ self.coef[field].T) + self.intercept[field]
            if field in MULTI_LABEL:
                out[field] = 1.0 / (1.0 + np.exp(-logits))
            else:
                logits -= logits.max(axis=1, keepdims=True)
                exp = np.exp(logits)
                out[field] = exp / exp.sum(axis=1, keepdims=True)
        return out

    def to_disk(self, path: Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        vocab = {}
        for name, vectorizer in self.vectorizers.items():
            vocab[name] = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
            np.save(path / f"idf_{name}.npy", vectorizer.idf_.astype(np.float64), allow_pickle=False)
        (path / "vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False, sort_keys=True))
        for field in FIELDS:
            np.save(path / f"coef_{field}.npy", self.coef[field], allow_pickle=False)
            np.save(path / f"intercept_{field}.npy", self.intercept[field], allow_pickle=False)
        (path / "params.json").write_text(json.dumps({"c": self.c, "cue_scale": self.cue_scale}))

    @classmethod
    def from_disk(cls, path: Path) -> "TfidfHeads":
        path = Path(path)
        heads = cls(**json.loads((path / "params.json").read_text()))
        vocab = json.loads((path / "vocabulary.json").read_text())
        for name, params in VECTORIZERS.items():
            fixed = {k: v for k, v in params.items() if k not in ("min_df", "max_features")}
            vectorizer = TfidfVectorizer(**fixed, vocabulary=vocab[name])
            vectorizer.idf_ = np.load(path / f"idf_{name}.npy", allow_pickle=False)
            heads.vectorizers[name] = vectorizer
        for field in FIELDS:
            # CSR transposed once at load: a sparse × dense product per batch is the hot path.
            heads.coef[field] = np.load(path / f"coef_{field}.npy", allow_pickle=False)
            heads.intercept[field] = np.load(path / f"intercept_{field}.npy", allow_pickle=False)
        return heads


# --- spaCy bag-of-words textcat ---------------------------------------------------------------------

BOW_MODEL = {
    "@architectures": "spacy.TextCatBOW.v3",
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 262144,
}


def textcat_name(field: str) -> str:
    return f"textcat_{field}"


def cat_key(field: str, label: str) -> str:
    return f"{field}:{label}"


class BowHeads:
    kind = "bow"

    def __init__(self, epochs: int = 4):
        self.epochs = epochs
        self.nlp = None

    def fit(self, examples: list[Example], seed: int = 0) -> "BowHeads":
        fix_random_seed(seed)
        nlp = spacy.blank("xx")
        y = targets(examples)
        docs = [nlp.make_doc(ex.text) for ex in examples]
        for field, labels in LABELS.items():
            factory = "textcat_multilabel" if field in MULTI_LABEL else "textcat"
            model = dict(BOW_MODEL, exclusive_classes=field not in MULTI_LABEL)
            pipe = nlp.add_pipe(factory, name=textcat_name(field), config={"model": model})
            for label in labels:
                pipe.add_label(cat_key(field, label))
        # Each field trains on examples whose reference holds only that field's categories, so that
        # the exclusive heads' one-positive-label check sees just their own labels.
        per_field = {
            field: [
                SpacyExample.from_dict(
                    doc,
                    {"cats": {cat_key(field, lab): float(v) for lab, v in zip(labels, row, strict=False)}},
                )
                for doc, row in zip(docs, y[field], strict=False)
            ]
            for field, labels in LABELS.items()
        }
        for field in FIELDS:
            pipe = nlp.get_pipe(textcat_name(field))
            pipe.initialize(lambda f=field: per_field[f][:50], nlp=nlp)
        optimizer = nlp.create_optimizer()
        for field in FIELDS:
            name = textcat_name(field)
            for epoch in range(self.epochs):
                order = np.random.RandomState(seed + epoch).permutation(len(examples))
                batch_examples = [per_field[field][i] for i in order]
                for batch in minibatch(batch_examples, size=32):
                    nlp.update(
                        batch,
                        sgd=optimizer,
                        drop=0.1,
                        losses={},
                        annotates=[],
                        exclude=[other for other in nlp.pipe_names if other != name],
                    )
        self.nlp = nlp
        return self

    def predict(self, texts: list[str]) -> dict[str, np.ndarray]:
        out = {field: np.zeros((len(texts), len(labels))) for field, labels in LABELS.items()}
        for i, doc in enumerate(self.nlp.pipe(texts, batch_size=256)):
            for field, labels in LABELS.items():
                out[field][i] = [doc.cats.get(cat_key(field, label), 0.0) for label in labels]
        return out

"""The triage spaCy components, so that a trained triage model is one ``Language`` saved with ``to_disk``.

Order in the pipeline: ``triage_language`` → ``triage_pii`` → ``triage_urgency_rules`` → the classifier
heads (``triage_tfidf`` then ``triage_encoder``, or spaCy's ``textcat_<field>`` components when the
bag-of-words heads won) → ``triage_decision``, which turns the scores in ``doc.cats`` into the DESIGN §7
result in ``doc._.triage``.

Two passes: ``triage_encoder`` (sentence embeddings, ~100× slower than everything before it) can be
disabled (``triage_many(..., first_pass=True)``), and the decision then uses the thresholds and urgency
combiner tuned for the TF-IDF heads alone, under their own model version. A flood of submissions is
ordered by the first pass at once; the full pass follows.

Importing this module registers the factories; ``spacy.load`` needs that first.
"""

import json
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp import encoder, pii, urgency, urgency_model
from nlp import language as langid
from nlp.heads import FIELDS, LABELS, MULTI_LABEL, EncoderHeads, TfidfHeads, cat_key, fuse
from nlp.taxonomy import SERVED_LANGUAGES

for _name in ("language", "language_confidence", "pii", "rule_reasons", "urgency_signals", "triage"):
    Doc.set_extension(_name, default=None, force=True)

# Review is asked for when the model is on thin ice: unserved or unsure language, too few words to
# classify, or no domain / incident type clearly ahead.
MIN_LANGUAGE_CONFIDENCE = 0.3
MIN_WORDS = 5
MIN_TOP_PROBABILITY = 0.35


def _text(doc) -> str:
    """``doc.text`` joins every token again at each call; the components read it once per doc."""
    if "triage_text" not in doc.user_data:
        doc.user_data["triage_text"] = doc.text
    return doc.user_data["triage_text"]


@Language.factory("triage_language")
def make_language(nlp, name):
    def identify(doc):
        guess = langid.identify(_text(doc))
        doc._.language, doc._.language_confidence = guess.code, guess.confidence
        return doc

    return identify


@Language.factory("triage_pii")
def make_pii(nlp, name):
    def detect(doc):
        doc._.pii = pii.detect(_text(doc))
        return doc

    return detect


def _words(doc) -> list[str]:
    """The folded word tokens shared by the urgency rules and the cue lexicon (``urgency.tokens``)."""
    if "triage_words" not in doc.user_data:
        doc.user_data["triage_words"] = urgency.tokens(_text(doc))
    return doc.user_data["triage_words"]


class WhitespaceTokenizer:
    """The pipeline's own tokenizer: every component reads the text (``_text``), and the rules and cues
    share one folded tokenisation (``_words``), so spaCy's rule-based tokenizer (a third of the time per
    report) is replaced by a split on spaces that keeps ``doc.text`` byte-identical to the input."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = text.split(" ")
        spaces = [True] * len(words)
        for i, word in enumerate(words):
            if not word:  # consecutive spaces: a space token of its own
                words[i], spaces[i] = " ", False
        if words[-1] == " ":
            words, spaces = words[:-1], spaces[:-1]
        else:
            spaces[-1] = False
        doc = Doc(self.vocab, words=words, spaces=spaces) if words else Doc(self.vocab)
        doc.user_data["triage_text"] = text
        return doc

    def to_disk(self, path, exclude=()):
        pass

    def from_disk(self, path, exclude=()):
        return self

    def to_bytes(self, exclude=()):
        return b""

    def from_bytes(self, data, exclude=()):
        return self


@spacy.registry.tokenizers("triage_whitespace_tokenizer")
def make_whitespace_tokenizer():
    return lambda nlp: WhitespaceTokenizer(nlp.vocab)


TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "triage_whitespace_tokenizer"}}}


@Language.factory("triage_urgency_rules")
def make_urgency_rules(nlp, name):
    def rules(doc):
        doc._.urgency_signals = urgency.signals(_text(doc), _words(doc))
        doc._.rule_reasons = urgency.reasons_of(doc._.urgency_signals)
        return doc

    return rules


class _BatchedComponent:
    """A pipeline step that scores docs a batch at once (``_score``), one doc being a batch of one."""

    batch_size = 256

    def __call__(self, doc):
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int | None = None):
        batch, size = [], batch_size or self.batch_size
        for doc in docs:
            batch.append(doc)
            if len(batch) >= size:
                yield from self._score(batch)
                batch = []
        yield from self._score(batch)


class TfidfComponent(_BatchedComponent):
    """TF-IDF + logistic-regression heads; vectorises a whole batch at once in ``pipe``."""

    def __init__(self, heads: TfidfHeads | None = None):
        self.heads = heads

    batch_size = 256

    def _score(self, docs):
        if not docs:
            return
        probabilities = self.heads.predict(
            [_text(doc) for doc in docs], [doc._.rule_reasons for doc in docs], [_words(doc) for doc in docs]
        )
        for i, doc in enumerate(docs):
            for field, labels in LABELS.items():
                for j, label in enumerate(labels):
                    doc.cats[cat_key(field, label)] = float(probabilities[field][i, j])
            yield doc

    def to_disk(self, path, exclude=()):
        self.heads.to_disk(Path(path))

    def from_disk(self, path, exclude=()):
        self.heads = TfidfHeads.from_disk(Path(path))
        return self


@Language.factory("triage_tfidf")
def make_tfidf(nlp, name):
    return TfidfComponent()


ENCODED = "triage_encoded"  # doc.user_data flag: the encoder pass has fused its scores into doc.cats


class EncoderComponent(_BatchedComponent):
    """Logistic-regression heads on the multilingual encoder's embeddings (``nlp.encoder``), fused with
    the TF-IDF scores already in ``doc.cats``; embeds a batch at once."""

    def __init__(self, heads: EncoderHeads | None = None, encoder_version: str = ""):
        self.heads = heads
        self.encoder_version = encoder_version

    batch_size = 64  # an encoder batch holds every text's activations at once

    def _score(self, docs):
        if not docs:
            return
        encoded = self.heads.predict(encoder.embed([_text(doc) for doc in docs]))
        for i, doc in enumerate(docs):
            tfidf = {field: values[None, :] for field, values in field_scores(doc.cats).items()}
            fused = fuse(tfidf, {field: values[i : i + 1] for field, values in encoded.items()})
            for field, labels in LABELS.items():
                for j, label in enumerate(labels):
                    doc.cats[cat_key(field, label)] = float(fused[field][0, j])
            doc.user_data[ENCODED] = True
            yield doc

    def to_disk(self, path, exclude=()):
        path = Path(path)
        self.heads.to_disk(path)
        (path / "encoder.json").write_text(json.dumps({"encoder": self.encoder_version}))

    def from_disk(self, path, exclude=()):
        path = Path(path)
        self.encoder_version = json.loads((path / "encoder.json").read_text())["encoder"]
        if self.encoder_version != encoder.version():
            raise RuntimeError(
                f"the triage model was trained with {self.encoder_version}, {encoder.version()} is "
                "installed: retrain it (`make model`)"
            )
        self.heads = EncoderHeads.from_disk(path)
        return self


@Language.factory("triage_encoder")
def make_encoder(nlp, name):
    return EncoderComponent()


class DecisionComponent:
    """Per-label thresholds (tuned on cross-validated predictions), the urgency combiner
    (``nlp.urgency_model``) and the final triage result."""

    def __init__(
        self,
        thresholds: dict | None = None,
        model_version: str = "",
        combiner: urgency_model.Combiner | None = None,
        fallback: urgency_model.Fallback | None = None,
        first_pass: dict | None = None,
    ):
        self.thresholds = thresholds or {}
        self.model_version = model_version
        self.combiner = combiner or urgency_model.Combiner()
        self.fallback = fallback or urgency_model.Fallback()
        # With an encoder: the settings for docs it did not see (``thresholds``, ``combiner``,
        # ``model_version`` of the TF-IDF heads alone).
        self.first_pass = first_pass

    def __call__(self, doc):
        if self.first_pass and not doc.user_data.get(ENCODED):
            settings = self.first_pass
            doc._.triage = decide(
                doc, settings["thresholds"], settings["model_version"], settings["combiner"], self.fallback
            )
        else:
            doc._.triage = decide(doc, self.thresholds, self.model_version, self.combiner, self.fallback)
        return doc

    def to_disk(self, path, exclude=()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        settings = {
            "thresholds": self.thresholds,
            "model_version": self.model_version,
            "urgency_combiner": self.combiner.as_dict(),
            "unseen_language_urgency": self.fallback.as_dict(),
        }
        if self.first_pass:
            settings["first_pass"] = self.first_pass | {"combiner": self.first_pass["combiner"].as_dict()}
        (path / "decision.json").write_text(json.dumps(settings, indent=1, sort_keys=True))

    def from_disk(self, path, exclude=()):
        settings = json.loads((Path(path) / "decision.json").read_text())
        self.thresholds, self.model_version = settings["thresholds"], settings["model_version"]
        self.combiner = urgency_model.Combiner.from_dict(settings.get("urgency_combiner"))
        self.fallback = urgency_model.Fallback.from_dict(settings.get("unseen_language_urgency"))
        first = settings.get("first_pass")
        self.first_pass = first and first | {"combiner": urgency_model.Combiner.from_dict(first["combiner"])}
        return self


@Language.factory("triage_decision")
def make_decision(nlp, name):
    return DecisionComponent()


def field_scores(cats: dict) -> dict[str, np.ndarray]:
    return {
        field: np.array([cats.get(cat_key(field, lab), 0.0) for lab in labels])
        for field, labels in LABELS.items()
    }


def decide_labels(
    scores: dict[str, np.ndarray],
    rule_reasons: list[str],
    thresholds: dict,
    urgent_score: float | None = None,
    found: dict[str, bool] | None = None,
    also_urgent: bool = False,
) -> dict:
    """Labels from scores, rules and thresholds; shared by triage and threshold tuning in training.

    ``urgent_score``: the urgency combiner's probability (``nlp.urgency_model``); without one, the urgent
    head's own probability is compared with the urgent threshold. ``found``: the report's
    ``urgency.signals``, which say whether its strong reasons make it urgent on their own
    (``urgency.forces_urgency``; without them, any strong reason does). ``also_urgent``: a second
    decision that makes the report urgent too (in a language the heads were not fitted on, the combiner
    beside the rule fallback)."""
    out = {}
    for field in ("grounds", "urgency_reasons"):
        labels, th = LABELS[field], thresholds.get(field, {})
        out[field] = [lab for lab, p in zip(labels, scores[field], strict=False) if p >= th.get(lab, 0.5)]
    for field in FIELDS:
        if field not in MULTI_LABEL:
            out[field] = LABELS[field][int(np.argmax(scores[field]))]
    score = float(scores["urgent"][0]) if urgent_score is None else urgent_score
    forced = urgency.forces_urgency(found) if found else bool(set(rule_reasons) & urgency.STRONG_REASONS)
    urgent = forced or also_urgent or score >= thresholds.get("urgent", {}).get("urgent", 0.5)
    reasons = set(rule_reasons) | set(out["urgency_reasons"]) if urgent else set()
    out["urgent"] = urgent
    out["urgency_reasons"] = [r for r in LABELS["urgency_reasons"] if r in reasons]
    return out


def _rounded(values) -> dict:
    return {label: round(float(p), 4) for label, p in values}


def decide(
    doc,
    thresholds: dict,
    model_version: str,
    combiner: urgency_model.Combiner,
    fallback: urgency_model.Fallback | None = None,
) -> dict:
    scores = field_scores(doc.cats)
    found = doc._.urgency_signals or urgency.signals(_text(doc), _words(doc))
    x = urgency_model.features({field: values[None, :] for field, values in scores.items()}, [found])
    urgent_score, also_urgent = float(combiner.score(x)[0]), False
    if fallback and fallback.applies(doc._.language):
        # A language the heads were not fitted on: the rule fallback decides, and the combiner can still
        # add an urgent flag (the encoder heads carry meaning across languages). Recall first: either.
        also_urgent = urgent_score >= thresholds.get("urgent", {}).get("urgent", 0.5)
        urgent_score = float(fallback.score([found])[0])
        thresholds = thresholds | {"urgent": {"urgent": fallback.threshold}}
    labels = decide_labels(scores, doc._.rule_reasons or [], thresholds, urgent_score, found, also_urgent)
    spans = doc._.pii or []
    text = _text(doc)
    words = len(text.split())
    top_domain, top_incident = float(scores["domain"].max()), float(scores["incident_type"].max())
    needs_review = (
        doc._.language not in SERVED_LANGUAGES
        or (doc._.language_confidence or 0.0) < MIN_LANGUAGE_CONFIDENCE
        or words < MIN_WORDS
        or min(top_domain, top_incident) < MIN_TOP_PROBABILITY
    )
    return {
        "language": doc._.language,
        "grounds": labels["grounds"],
        "domain": labels["domain"],
        "incident_type": labels["incident_type"],
        "urgent": labels["urgent"],
        "urgency_reasons": labels["urgency_reasons"],
        "scores": {
            "language": round(float(doc._.language_confidence or 0.0), 4),
            "grounds": _rounded(zip(LABELS["grounds"], scores["grounds"], strict=False)),
            "domain": _rounded(zip(LABELS["domain"], scores["domain"], strict=False)),
            "incident_type": _rounded(zip(LABELS["incident_type"], scores["incident_type"], strict=False)),
            "urgent": round(urgent_score, 4),
            "urgency_reasons": _rounded(
                zip(LABELS["urgency_reasons"], scores["urgency_reasons"], strict=False)
            ),
        },
        "pii": [span.as_dict() for span in spans],
        "redacted_text": pii.redact(text, spans),
        "needs_review": bool(needs_review),
        "model_version": model_version,
    }


def triage_heads_kind(nlp) -> str:
    """Which head family a loaded pipeline carries: "tfidf" or "bow"."""
    return "tfidf" if "triage_tfidf" in nlp.pipe_names else "bow"

"""Multilingual cue words per label (``resources/cues.txt``), counted as classifier features.

A report's n-grams only tell the classifier about wordings the corpus happens to contain; a curated
cue list says that "gitano", "calé", "gypsy", "tsigane" and "غجري" all point at the same ground, so a
report written in other words, or in a language the corpus has fewer examples of, still gets the
signal. The TF-IDF heads append one feature per cue section (``log1p`` of the number of hits), and
logistic regression learns how far to trust each.

Matching runs on lower-cased, accent-folded word tokens (``urgency.fold``); a token that starts with a
``stem*`` entry is replaced by that stem first, and Arabic proclitics (و ف ب ل ك ال …) are tried
off, so that phrases and stems go through one spaCy ``PhraseMatcher``.
"""

import functools
import re
from pathlib import Path

import numpy as np
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlp import urgency
from nlp.taxonomy import URGENCY_REASONS
from nlp.urgency import fold

RESOURCE = Path(__file__).resolve().parent / "resources" / "cues.txt"
WORD = re.compile(r"\w+")
AR_PROCLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
MIN_STEM = 3
SECTION = re.compile(r"^\[(\w+):(\w+)\]$")


def _is_arabic(token: str) -> bool:
    return "\u0600" <= token[0] <= "\u06ff"


@functools.cache
def sections() -> dict[str, list[str]]:
    """``"field:label"`` → entries, in file order."""
    out: dict[str, list[str]] = {}
    current = None
    for raw in RESOURCE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = SECTION.match(line)
        if m:
            current = f"{m.group(1)}:{m.group(2)}"
            out.setdefault(current, [])
            continue
        if current is None or ":" not in line:
            raise ValueError(f"bad line in {RESOURCE.name}: {raw!r}")
        _, entries = line.split(":", 1)
        out[current].extend(e.strip() for e in entries.split(",") if e.strip())
    return out


# The urgency rules' reasons, and the pairs of context reasons that together make a report urgent far
# more often than either alone, are features too (for the urgent and urgency-reason heads).
RULE_KEYS = tuple(f"urgency:{reason}" for reason in URGENCY_REASONS) + (
    "urgency:minor+ongoing",
    "urgency:minor+violence",
    "urgency:ongoing+violence",
)


def keys(field: str | None = None) -> tuple[str, ...]:
    """Feature columns: cue sections in file order, then the urgency-rule columns."""
    return tuple(k for k in (*sections(), *RULE_KEYS) if field is None or k.startswith(f"{field}:"))


class CueMatcher:
    def __init__(self):
        self.vocab = urgency.vocab()
        self.stems: set[str] = set()
        self.words: set[str] = set()
        phrases: dict[str, list[list[str]]] = {}
        for key, entries in sections().items():
            for entry in entries:
                tokens = WORD.findall(fold(entry.rstrip("*")))
                if not tokens:
                    continue
                if entry.endswith("*") and len(tokens) == 1 and len(tokens[0]) >= MIN_STEM:
                    self.stems.add(tokens[0])
                    tokens = [tokens[0] + "*"]
                else:
                    self.words.update(tokens)
                phrases.setdefault(key, []).append(tokens)
        self._normalised: dict[str, str] = {}
        self.matcher = PhraseMatcher(self.vocab, attr="ORTH")
        for key, token_lists in phrases.items():
            self.matcher.add(key, [Doc(self.vocab, words=t) for t in token_lists])
        self.max_stem = max(map(len, self.stems), default=0)
        self.keys = tuple(sections())
        self.index = {self.vocab.strings.add(k): i for i, k in enumerate(self.keys)}

    def _stem(self, token: str) -> str | None:
        for n in range(min(len(token), self.max_stem), MIN_STEM - 1, -1):
            if token[:n] in self.stems:
                return token[:n] + "*"
        return None

    def _normalise(self, token: str) -> str:
        if token in self.words:
            return token
        stem = self._stem(token)
        if stem:
            return stem
        if _is_arabic(token):
            for prefix in AR_PROCLITICS:
                rest = token[len(prefix) :]
                if token.startswith(prefix) and len(rest) >= 2:
                    if rest in self.words:
                        return rest
                    stem = self._stem(rest)
                    if stem:
                        return stem
        return token

    def doc(self, text: str, words: list[str] | None = None) -> Doc:
        """``words``: ``urgency.tokens(text)`` when the caller has them (the same folded tokens)."""
        cache = self._normalised
        if len(cache) > 200_000:
            cache.clear()
        out = []
        for token in WORD.findall(fold(text)) if words is None else words:
            norm = cache.get(token)
            if norm is None:
                norm = cache[token] = self._normalise(token)
            out.append(norm)
        return Doc(self.vocab, words=out)

    def counts(self, text: str, words: list[str] | None = None) -> np.ndarray:
        out = np.zeros(len(self.keys), dtype=np.float32)
        for match_id, _, _ in self.matcher(self.doc(text, words)):
            out[self.index[match_id]] += 1
        return out

    def hits(self, text: str) -> dict[str, list[str]]:
        """Which cues matched, per section: for explaining a score to a caseworker or a test."""
        doc = self.doc(text)
        out: dict[str, list[str]] = {}
        for match_id, start, end in self.matcher(doc):
            out.setdefault(self.vocab.strings[match_id], []).append(doc[start:end].text)
        return out


@functools.cache
def matcher() -> CueMatcher:
    return CueMatcher()


def rule_features(reasons: list[str]) -> np.ndarray:
    found = set(reasons)
    return np.array([set(k.split(":")[1].split("+")) <= found for k in RULE_KEYS], dtype=np.float32)


def features(
    texts: list[str], reasons: list[list[str]] | None = None, words: list[list[str]] | None = None
) -> np.ndarray:
    """One row per text, one column per ``keys()``: ``log1p`` cue hit counts, then urgency-rule flags.

    ``reasons`` are the texts' ``urgency.rule_reasons`` and ``words`` their ``urgency.tokens`` when the
    caller has them already (the pipeline does: one tokenisation per report).
    """
    m = matcher()
    if not texts:
        return np.zeros((0, len(keys())), dtype=np.float32)
    words = words if words is not None else [urgency.tokens(t) for t in texts]
    if reasons is None:
        reasons = [urgency.rule_reasons(t, w) for t, w in zip(texts, words, strict=True)]
    counts = np.log1p(np.vstack([m.counts(t, w) for t, w in zip(texts, words, strict=True)]))
    return np.hstack([counts, np.vstack([rule_features(r) for r in reasons])]).astype(np.float32)

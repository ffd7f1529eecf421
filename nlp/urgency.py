"""Rule-based urgency reasons: violence, threats to life, minors, ongoing situations, self-harm.

Rules give the reasons a caseworker can read and check; a classifier probability (trained in
``nlp.training``) catches the urgent reports the rules miss. Matching runs on lower-cased,
accent-folded tokens so that "está pasando", "esta pasando" and "ESTÁ PASANDO" are one phrase.

The phrases and words are data, one file per reason or context under ``resources/urgency_<name>.txt``
(and ``urgency_ages.txt`` for the words around an age or a time ago), so that a linguist can extend them
without reading this code; this module keeps only how they are matched.
"""

import functools
import re
import unicodedata
from pathlib import Path

import spacy
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.taxonomy import SERVED_LANGUAGES, URGENCY_REASONS

RESOURCES = Path(__file__).resolve().parent / "resources"
# Context that is not a reason of its own but tells an emergency from a report of something finished: it
# happened in the last hours or days, it happened long ago (or has not happened again since), the
# reporter says they are afraid or asks for help; and a child is the target of bullying, harassment or an
# attack ("child_target", urgent on its own with a minor: ``forces_urgency``). Features of the urgency
# combiner (``nlp.training``).
CONTEXT = ("recent", "past", "fear", "child_target")
# Phrase lists are written for the served languages and for languages reporters write in before the
# triage serves them: Romanian, and Darija in Latin letters ("arabizi"; in Arabic letters it is [ar]).
LEXICON_LANGUAGES = (*SERVED_LANGUAGES, "ro", "ary")
SIGNALS = (*URGENCY_REASONS, "minor_age", *CONTEXT)
MAJORITY = 18
SECTION = re.compile(r"^\[(\w+(?::not)?)\]$")


@functools.cache
def _bmp_marks() -> dict[int, None]:
    """``str.translate`` table deleting the nonspacing marks (category Mn) of the Basic Multilingual Plane."""
    return {cp: None for cp in range(0x10000) if unicodedata.category(chr(cp)) == "Mn"}


ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def fold(text: str) -> str:
    """Lower-case and strip accents, keeping Arabic letters intact (their marks are optional vowels)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    if ASTRAL.search(decomposed):  # rare (emoji, historic scripts): the per-character test
        kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    else:  # one C-level pass instead of a Python test per character
        kept = decomposed.translate(_bmp_marks())
    return unicodedata.normalize("NFC", kept)


WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """The folded word tokens the urgency rules and the cue lexicon both match on (one pass per report)."""
    return WORD.findall(fold(text))


@functools.cache
def vocab() -> Vocab:
    return spacy.blank("xx").vocab


ARABIC_CONJUNCTIONS = ("و", "ف")
MIN_ARABIC_STEM = 4


def match_form(word: str) -> str:
    """The form a word is matched in: Arabic glues "and"/"so" to the next word ("وضربوني", "and they hit
    me"), so a leading و or ف is dropped when at least four letters remain ("ولدي", my son, keeps its
    و). Applied alike to a report's words and to the phrases, so a phrase means what it says."""
    if word[:1] in ARABIC_CONJUNCTIONS and len(word) - 1 >= MIN_ARABIC_STEM:
        return word[1:]
    return word


def make_doc(words: list[str]) -> Doc:
    return Doc(vocab(), words=[match_form(w) for w in words])


@functools.cache
def sections(name: str) -> dict[str, tuple[str, ...]]:
    """``resources/urgency_<name>.txt``: section (``es``, ``es:not``, ``age_unit`` …) → its lines, in file
    order. The files are the rules' vocabulary, written for linguists (each explains its format)."""
    path = RESOURCES / f"urgency_{name}.txt"
    out: dict[str, list[str]] = {}
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        section = SECTION.match(line)
        if section:
            current = out.setdefault(section.group(1), [])
        elif current is None or not tokens(line):
            raise ValueError(f"{path.name}: a line outside a [section] or without words: {raw!r}")
        else:
            current.append(line)
    return {key: tuple(lines) for key, lines in out.items()}


def phrases(name: str, exceptions: bool = False) -> tuple[str, ...]:
    """The phrases of ``urgency_<name>.txt`` in every language, or with ``exceptions`` its ``[xx:not]``
    ones: one pipeline serves all languages, and a phrase in one language is practically never an
    innocent word sequence in another."""
    return tuple(
        p for key, lines in sections(name).items() if key.endswith(":not") == exceptions for p in lines
    )


@functools.cache
def wordlist(role: str) -> frozenset[str]:
    """A word list of ``urgency_ages.txt`` (``age_unit``, ``ago_before`` …), folded like a report's
    tokens; a phrase's tokens are joined by spaces."""
    return frozenset(" ".join(tokens(w)) for w in sections("ages")[role])


@functools.cache
def _matchers() -> tuple[PhraseMatcher, Matcher, PhraseMatcher, PhraseMatcher]:
    reasons = PhraseMatcher(vocab(), attr="ORTH")
    exceptions = PhraseMatcher(vocab(), attr="ORTH")
    for reason in URGENCY_REASONS:
        reasons.add(reason, [make_doc(tokens(p)) for p in phrases(reason)])
        if phrases(reason, exceptions=True):
            exceptions.add(reason, [make_doc(tokens(p)) for p in phrases(reason, exceptions=True)])
    ages = Matcher(vocab())
    # "14 años", "aged 15", "15-year-old" (tokens 15 year old): the number decides whether a minor is
    # involved.
    ages.add("age", [[{"LIKE_NUM": True}, {"ORTH": {"IN": sorted(wordlist("age_unit"))}}]])
    ages.add("age", [[{"ORTH": {"IN": sorted(wordlist("age_before"))}}, {"LIKE_NUM": True}]])
    context = PhraseMatcher(vocab(), attr="ORTH")
    for name in CONTEXT:
        context.add(name, [make_doc(tokens(p)) for p in phrases(name)])
    return reasons, ages, exceptions, context


def _says_long_ago(words: list[str]) -> bool:
    """ "hace dos años", "fa tres mesos", "six years ago", "il y a dix ans", "قبل خمس سنوات": a unit of
    years or months (``ago_unit``) with an ``ago_before`` word or phrase just before the word before it
    (the number, in any wording), or an ``ago_after`` word after it (a plain scan: a spaCy ``Matcher``
    with a wildcard cost 2 ms per report)."""
    units, before, after = wordlist("ago_unit"), wordlist("ago_before"), wordlist("ago_after")
    lengths = {len(b.split()) for b in before}
    for i, word in enumerate(words):
        if word not in units or i < 2:
            continue
        if any(i - 1 - n >= 0 and " ".join(words[i - 1 - n : i - 1]) in before for n in lengths) or (
            i + 1 < len(words) and words[i + 1] in after
        ):
            return True
    return False


def _age_mentions_minor(doc, matches) -> bool:
    not_before, not_after = wordlist("not_age_before"), wordlist("not_age_after")
    for _, start, end in matches:
        digits = re.findall(r"\d+", doc[start:end].text)
        if not digits or int(digits[0]) >= MAJORITY:
            continue
        before = {t.text for t in doc[max(start - 2, 0) : start]}
        after = doc[end].text if end < len(doc) else ""
        if before & not_before or after in not_after:
            continue
        return True
    return False


# Reasons that are urgent on their own; "minor" and "ongoing" are context, urgent only together with
# the classifier or another reason (a housing refusal that mentions "mis hijos" is not an emergency).
STRONG_REASONS = frozenset({"violence", "threat_to_life", "self_harm"})


def signals(text: str, words: list[str] | None = None) -> dict[str, bool]:
    """Every rule signal of ``SIGNALS``: the reasons' phrases (less those inside an exception), an age
    under 18, and the time and fear context; ``words``: ``tokens(text)`` if known."""
    doc = make_doc(tokens(text) if words is None else words)
    phrases, ages, exceptions, context = _matchers()
    strings = doc.vocab.strings
    excluded: dict[str, list[tuple[int, int]]] = {}
    for match_id, start, end in exceptions(doc):
        excluded.setdefault(strings[match_id], []).append((start, end))
    found = set()
    for match_id, start, end in phrases(doc):
        reason = strings[match_id]
        if not any(s <= start and end <= e for s, e in excluded.get(reason, ())):
            found.add(reason)
    if _age_mentions_minor(doc, ages(doc)):
        found.add("minor_age")
    found.update(strings[match_id] for match_id, _, _ in context(doc))
    if _says_long_ago([t.text for t in doc]):
        found.add("past")
    return {name: name in found for name in SIGNALS}


def forces_urgency(found: dict[str, bool]) -> bool:
    """A strong reason — violence, a threat to life, self-harm, or a child as the target (a minor and a
    ``child_target`` phrase) — makes a report urgent on its own, unless the report places the events
    long ago and nothing in it says they happened in the last days: a beating years ago, a death threat
    last year that was never repeated. Those are left to the combiner, which sees the time cues too."""
    child = found["child_target"] and (found["minor"] or found["minor_age"])
    strong = child or any(found[r] for r in STRONG_REASONS)
    return strong and not (found["past"] and not found["recent"])


def reasons_of(found: dict[str, bool]) -> list[str]:
    """The urgency reasons named by ``signals``, in taxonomy order (an age under 18 is a minor)."""
    return [r for r in URGENCY_REASONS if found[r] or (r == "minor" and found["minor_age"])]


def rule_reasons(text: str, words: list[str] | None = None) -> list[str]:
    """Urgency reasons found by the rules, in taxonomy order; ``words``: ``tokens(text)`` if known."""
    return reasons_of(signals(text, words))

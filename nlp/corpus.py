"""Load the hand-written triage corpus and caseworker corrections as plain examples.

Corpus lines carry personal data inline as ``[[LABEL|surface]]``; loading strips the markup into the
plain text a reporter would have typed plus character spans, so that the same example trains the
classifier heads and scores the personal-data detector.
"""

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nlp.taxonomy import DOMAINS, GROUNDS, INCIDENT_TYPES, PII_LABELS, URGENCY_REASONS

CORPUS_DIR = Path(__file__).resolve().parent / "data" / "corpus"
MARKUP = re.compile(r"\[\[([A-Z_]+)\|([^\[\]|]+)\]\]")
HELDOUT_SHARE = 20  # percent of stories kept out of training, chosen by a hash of the story key


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    language: str
    grounds: tuple[str, ...]
    domain: str
    incident_type: str
    urgent: bool
    urgency_reasons: tuple[str, ...]
    kind: str = "report"
    spans: tuple[Span, ...] = field(default=())
    # Lines that re-tell one scenario (an es report and its ca re-telling…) share a story key; every
    # split and fold keeps a story on one side (nlp/data/README.md). A line without one is its own story.
    story: str = ""

    @property
    def group(self) -> str:
        return self.story or self.id


def strip_markup(marked: str) -> tuple[str, tuple[Span, ...]]:
    """Return the plain text and the spans of ``[[LABEL|surface]]`` markup."""
    parts, spans, pos, out_len = [], [], 0, 0
    for match in MARKUP.finditer(marked):
        before = marked[pos : match.start()]
        parts.append(before)
        out_len += len(before)
        label, surface = match.group(1), match.group(2)
        if label not in PII_LABELS:
            raise ValueError(f"unknown personal-data label {label!r}")
        spans.append(Span(out_len, out_len + len(surface), label))
        parts.append(surface)
        out_len += len(surface)
        pos = match.end()
    parts.append(marked[pos:])
    return "".join(parts), tuple(spans)


def example_from_dict(record: dict) -> Example:
    """Validate one corpus-format record (corpus line or caseworker correction) against the codes."""
    text, spans = strip_markup(record["text"])
    grounds = tuple(record.get("grounds") or ())
    reasons = tuple(record.get("urgency_reasons") or ())
    checks = [
        (set(grounds) <= set(GROUNDS), "grounds"),
        (record["domain"] in DOMAINS, "domain"),
        (record["incident_type"] in INCIDENT_TYPES, "incident_type"),
        (set(reasons) <= set(URGENCY_REASONS), "urgency_reasons"),
    ]
    for ok, name in checks:
        if not ok:
            raise ValueError(f"{record.get('id')}: unknown code in {name}")
    return Example(
        id=str(record["id"]),
        text=text,
        language=record.get("language", ""),
        grounds=grounds,
        domain=record["domain"],
        incident_type=record["incident_type"],
        urgent=bool(record.get("urgent", bool(reasons))),
        urgency_reasons=reasons,
        kind=record.get("kind", "report"),
        spans=spans,
        story=str(record.get("story") or record["id"]),
    )


def corpus_files(corpus_dir: Path | None = None) -> list[Path]:
    return sorted(Path(corpus_dir or CORPUS_DIR).glob("*.jsonl"))


def read_jsonl(path: Path) -> Iterator[dict]:
    """Records of a corpus file; a line that is cut off (the file is still being written) is skipped."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue


def load_corpus(corpus_dir: Path | None = None) -> list[Example]:
    examples, seen = [], set()
    for path in corpus_files(corpus_dir):
        for record in read_jsonl(path):
            try:
                example = example_from_dict(record)
            except (KeyError, ValueError):
                continue
            if example.id in seen:
                continue
            seen.add(example.id)
            examples.append(example)
    return examples


def load_extra(records: Iterable[dict]) -> list[Example]:
    """Caseworker corrections, in the corpus format; they always go to training, never to held-out."""
    return [example_from_dict(record) for record in records]


def is_heldout(story: str) -> bool:
    # A hash of the story key (not a random draw) keeps a story, with all its re-tellings, on the same
    # side as the corpus grows.
    digest = hashlib.sha256(story.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < HELDOUT_SHARE


def split(examples: Iterable[Example]) -> tuple[list[Example], list[Example]]:
    train, heldout = [], []
    for example in examples:
        (heldout if is_heldout(example.group) else train).append(example)
    return train, heldout


def corpus_hash(corpus_dir: Path | None = None) -> str:
    digest = hashlib.sha256()
    for path in corpus_files(corpus_dir):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()

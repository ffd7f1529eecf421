"""Reconstruct which corpus lines re-tell the same story, and write a ``story`` key on every line.

The writers re-told many scenarios in another language with new people and wording (ca re-tells es;
fr re-tells en; ar re-tells en and fr) but recorded no links. A re-telling shares with its original
what translation keeps: place names, numbers, quoted Spanish insults and loanwords, and the labels.
For every line of a re-telling language this scores each possible original on

- character 3–5-gram cosine of the transliterated texts (``anyascii``: Arabic becomes Latin letters, so
  "روسافا" and "Russafa" share n-grams; strong between es and ca, weaker en–fr, weak with ar);
- overlap of "anchors" (numbers and words in Latin script of 4+ letters that are rare in the corpus,
  weighted by inverse frequency): what a translator copies as it is;
- label agreement: grounds overlap, same domain, same incident type, same urgent flag;

and links it to its best original when the labels agree (a shared ground, and the same domain or
incident type), the weighted score passes ``LINK_SCORE`` and the text stands out from the other
candidates (z-score of the cosine ≥ ``MIN_TEXT_Z``) or rare anchors are shared (≥ ``MIN_ANCHOR``).
The weights and cut-offs were set by reading the weakest links of each language pair. Linked lines share the story of
their original (union-find, so an ar line linked to an fr line that re-tells an en line joins that
story). A story is named by its earliest line's id in the order es, en, ca, fr, ar.

Erring towards linking is the safe side: two stories wrongly joined only make the folds a little
coarser, while a missed link lets a re-telling leak between training and evaluation.

Usage: ``python nlp/data/corpus/_tools_story/link.py [--dry-run]`` (prints the links and counts;
rewrites the ``.jsonl`` files in place, adding or updating ``story`` after ``id``). Run it after
``build.py`` of either writer (which rewrites the files without the key).
"""

import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from anyascii import anyascii
from sklearn.feature_extraction.text import TfidfVectorizer

CORPUS = Path(__file__).resolve().parent.parent
MARKUP = re.compile(r"\[\[[A-Z_]+\|([^\[\]|]+)\]\]")
ORDER = ("es", "en", "ca", "fr", "ar")
# Which language may re-tell which (the writers' notes; ar lines turned out to re-tell fr ones too).
ORIGINALS = {"ca": ("es",), "fr": ("en",), "ar": ("en", "fr")}
LINK_SCORE = 0.7
# Labels alone agree for many unrelated lines (every neighbour-noise negative): a link also needs its
# text to stand out from the other candidates (z-score) or shared rare anchors.
MIN_TEXT_Z, MIN_ANCHOR = 3.5, 0.3
ANCHOR = re.compile(r"\d+|[A-Za-zÀ-ÿ]{4,}")


def plain(text: str) -> str:
    return MARKUP.sub(lambda m: m[1], text)


def anchors(record: dict) -> set[str]:
    text = plain(record["text"])
    if record["language"] == "ar":
        return {a.lower() for a in ANCHOR.findall(text)}
    # In Latin-script texts: numbers and capitalised words past the sentence start (names of places,
    # institutions, quoted Spanish), not the language's own common words.
    out = set(re.findall(r"\d+", text))
    for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-Ý][\wÀ-ÿ]{3,}", text):
        out.add(m[0].lower())
    out.update(w.lower() for q in re.findall(r"\"([^\"]+)\"", text) for w in re.findall(r"\w{4,}", q))
    return out


def label_agreement(a: dict, b: dict) -> float:
    ga, gb = set(a["grounds"]), set(b["grounds"])
    grounds = len(ga & gb) / len(ga | gb) if ga | gb else 1.0
    return (
        0.4 * grounds
        + 0.25 * (a["domain"] == b["domain"])
        + 0.25 * (a["incident_type"] == b["incident_type"])
        + 0.1 * (a["urgent"] == b["urgent"])
    )


def labels_compatible(a: dict, b: dict) -> bool:
    shared = set(a["grounds"]) & set(b["grounds"]) or not (a["grounds"] or b["grounds"])
    return bool(shared) and (a["domain"] == b["domain"] or a["incident_type"] == b["incident_type"])


def main(dry_run: bool) -> None:
    files = {lang: CORPUS / f"{lang}.jsonl" for lang in ORDER}
    records = {
        lang: [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        for lang, path in files.items()
    }
    everything = [r for lang in ORDER for r in records[lang]]
    texts = [anyascii(plain(r["text"])).lower() for r in everything]
    vectors = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2
    ).fit_transform(texts)
    row = {r["id"]: i for i, r in enumerate(everything)}
    anchor_sets = {r["id"]: anchors(r) for r in everything}
    df = Counter(a for s in anchor_sets.values() for a in s)
    idf = {a: math.log(len(everything) / n) for a, n in df.items()}

    parent = {r["id"]: r["id"] for r in everything}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    links = []
    for lang, sources in ORIGINALS.items():
        candidates = [r for s in sources for r in records[s]]
        cand_rows = [row[r["id"]] for r in candidates]
        for record in records[lang]:
            sims = (vectors[cand_rows] @ vectors[row[record["id"]]].T).toarray()[:, 0]
            # How far a candidate stands out from all the others: cross-language cosines are low in
            # absolute terms (en-fr, anything-ar) but the original still stands out.
            spread = (sims - sims.mean()) / (sims.std() or 1.0)
            mine = anchor_sets[record["id"]]
            best = None
            for c, sim, z in zip(candidates, sims, spread, strict=True):
                if not labels_compatible(record, c):
                    continue
                shared = mine & anchor_sets[c["id"]]
                # Anchors found in most lines (Valencia, 2024…) say nothing; rare ones say a lot.
                anchor = min(1.0, sum(idf[a] for a in shared) / 12)
                score = 0.06 * min(z, 8.0) + 0.5 * anchor + 0.5 * label_agreement(record, c)
                if best is None or score > best[0]:
                    best = (score, c["id"], z, anchor)
            if best and best[0] >= LINK_SCORE and (best[2] >= MIN_TEXT_Z or best[3] >= MIN_ANCHOR):
                links.append((record["id"], best[1], *best))
                parent[find(record["id"])] = find(best[1])

    rank = {r["id"]: i for i, r in enumerate(everything)}
    members: dict[str, list[str]] = {}
    for r in everything:
        members.setdefault(find(r["id"]), []).append(r["id"])
    story = {m: min(ms, key=rank.get) for ms in members.values() for m in ms}
    for target, source, score, _, sim, anchor in links:
        print(f"{target} -> {source}  score {score:.2f}  text_z {sim:.2f}  anchors {anchor:.2f}")
    sizes = Counter(len(ms) for ms in members.values())
    print(
        f"{len(links)} links, {len(members)} stories over {len(everything)} lines; sizes {dict(sorted(sizes.items()))}"
    )
    for lang in ORIGINALS:
        linked = {t for t, *_ in links if t.startswith(lang)}
        print(f"  {lang}: {len(linked)} of {len(records[lang])} lines linked to an original")
    if dry_run:
        return
    for lang, path in files.items():
        with path.open("w", encoding="utf-8") as fh:
            for r in records[lang]:
                out = {"id": r["id"], "story": story[r["id"]]} | {
                    k: v for k, v in r.items() if k not in ("id", "story")
                }
                fh.write(json.dumps(out, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(dry_run="--dry-run" in sys.argv[1:])

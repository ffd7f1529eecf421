"""Ground detection on public hate-speech sets (Multilingual HateCheck, MLMA), never trained on.

The sets are short social-media posts, not incident narratives, and live outside the repository
(``../shared/data/nlp``; licences beside the files: CC BY 4.0 for HateCheck, MIT for MLMA). Only their
target labels are used, mapped to our grounds below; a case counts as found when the mapped ground is
among the triage's predicted grounds. Cases whose target maps to no ground (MLMA "other", "individual")
are left out. HateCheck is also read for robustness: recall per functionality family (misspellings,
slurs, threats…) and the share of its threats that the triage flags urgent.
"""

import csv
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

# HateCheck ``target_ident`` → our ground. Indigenous people, Black people, refugees and immigrants are
# all racism in DESIGN §6 (ethnic or national origin, skin colour, migrant status).
HATECHECK_GROUNDS = {
    "black people": "racism",
    "indigenous people": "racism",
    "refugees": "racism",
    "immigrants": "racism",
    "jews": "antisemitism",
    "muslims": "anti_muslim",
    "gay people": "sexual_orientation",
    "trans people": "gender_identity",
    "women": "sex_gender",
    "disabled people": "disability",
}
HATECHECK_FILES = {
    "es": "hatecheck_cases_final_spanish.csv",
    "fr": "hatecheck_cases_final_french.csv",
    "ar": "hatecheck_cases_final_arabic.csv",
}
# MLMA ``group`` (the targeted group; its ``target`` column is coarser: "origin" mixes race and
# nationality, "religion" does not say which) → our ground. "other" and "individual" name no group.
MLMA_GROUNDS = {
    "arabs": "racism",
    "african_descent": "racism",
    "hispanics": "racism",
    "asians": "racism",
    "indian/hindu": "racism",
    "immigrants": "racism",
    "refugees": "racism",
    "jews": "antisemitism",
    "muslims": "anti_muslim",
    "christian": "religion",
    "women": "sex_gender",
    "gay": "sexual_orientation",
    "special_needs": "disability",
    "left_wing_people": "ideology",
}
MLMA_FILES = {"en": "en_dataset_with_stop_words.csv", "fr": "fr_dataset.csv", "ar": "ar_dataset.csv"}
# HateCheck functionalities grouped by what they test.
FAMILIES = (
    ("spelling", ("spell_",)),
    ("slur", ("slur_",)),
    ("threat", ("threat_",)),
    ("derogation", ("derog_",)),
)


def family(functionality: str) -> str:
    for name, prefixes in FAMILIES:
        if functionality.startswith(prefixes):
            return name
    return "other"


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def hatecheck_cases(root: Path) -> Iterable[tuple[str, str, str, str]]:
    """(language, text, ground, functionality) of every hateful case with a mapped target."""
    for language, name in HATECHECK_FILES.items():
        path = Path(root) / "multilingual-hatecheck" / name
        if not path.exists():
            continue
        for row in _rows(path):
            ground = HATECHECK_GROUNDS.get(row["target_ident"].strip().lower())
            if row["label_gold"] == "hateful" and ground:
                yield language, row["test_case"], ground, row["functionality"]


def mlma_cases(root: Path) -> Iterable[tuple[str, str, str]]:
    """(language, text, ground) of every MLMA tweet aimed at a mapped group and not rated "normal"."""
    for language, name in MLMA_FILES.items():
        path = Path(root) / "mlma" / name
        if not path.exists():
            continue
        for row in _rows(path):
            ground = MLMA_GROUNDS.get(row["group"].strip().lower())
            if ground and row["sentiment"].strip() != "normal":
                yield language, row["tweet"], ground


def _recall(found: Counter, total: Counter) -> dict:
    return {
        key: {"recall": round(found[key] / total[key], 4), "support": total[key]} for key in sorted(total)
    }


def evaluate(root: Path, triage_many: Callable[[list[str]], Iterable[dict]]) -> dict:
    """Recall of the mapped ground per set, language and ground (and HateCheck per functionality family,
    with the share of threats flagged urgent); ``triage_many`` triages a list of texts."""
    out: dict = {}
    cases = list(hatecheck_cases(root))
    if cases:
        results = list(triage_many([text for _, text, _, _ in cases]))
        found, total = defaultdict(Counter), defaultdict(Counter)
        for (language, _, ground, functionality), result in zip(cases, results, strict=True):
            hit = ground in result["grounds"]
            for key in (("ground", ground), ("family", family(functionality)), ("all", "all")):
                total[language][key] += 1
                found[language][key] += hit
            if family(functionality) == "threat":
                total[language][("urgent", "threat")] += 1
                found[language][("urgent", "threat")] += bool(result["urgent"])
        out["hatecheck"] = {language: _split(found[language], total[language]) for language in total}
    cases = list(mlma_cases(root))
    if cases:
        results = list(triage_many([text for _, text, _ in cases]))
        found, total = defaultdict(Counter), defaultdict(Counter)
        for (language, _, ground), result in zip(cases, results, strict=True):
            for key in (("ground", ground), ("all", "all")):
                total[language][key] += 1
                found[language][key] += ground in result["grounds"]
        out["mlma"] = {language: _split(found[language], total[language]) for language in total}
    return out


def _split(found: Counter, total: Counter) -> dict:
    """{"all": …, "ground": {racism: …}, "family": {…}, "urgent": {threat: …}} from (kind, key) counts."""
    out: dict = {}
    for kind in sorted({k for k, _ in total}):
        keys = [key for k, key in total if k == kind]
        out[kind] = _recall(
            Counter({k: found[(kind, k)] for k in keys}), Counter({k: total[(kind, k)] for k in keys})
        )
    out["all"] = out["all"]["all"]
    return out

"""Is a rendered page fully in its language? Checked against the translation catalogue (locale/<lang>/
LC_MESSAGES/django.po), so that the check starts passing the day the catalogue is complete and fails
again as soon as a new string is left untranslated.

A page has an untranslated string when an English source text (a msgid) of the catalogue shows on a page
in another language while the catalogue translates it into something else, or does not translate it at all.
Short msgids ("Email", "Status:") are left out: they occur inside other words and sentences.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import polib
from django.conf import settings

MIN_CHARS = 16  # shorter fragments match by chance inside longer translated text
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}|\{[^}]*\}")


def _po(language: str) -> polib.POFile:
    return polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"))


@functools.lru_cache(maxsize=8)
def _sources(language: str) -> tuple[tuple[str, bool], ...]:
    """(English fragment, translated differently in `language`) for every msgid of the catalogue."""
    rows = []
    for entry in _po(language):
        if entry.obsolete:
            continue
        translated = entry.translated() and "fuzzy" not in entry.flags
        texts = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            same = translated and text in translations  # a name or a number, the same in both languages
            for fragment in PLACEHOLDER.split(text):
                fragment = " ".join(fragment.split())
                if len(fragment) >= MIN_CHARS and not same:
                    rows.append((fragment, translated))
    return tuple(rows)


def untranslated_strings(text: str, language: str) -> list[str]:
    """English source texts of the catalogue that appear in `text`, a page rendered in `language`."""
    if language == "en":
        return []
    visible = " ".join(text.split())
    return sorted({fragment for fragment, _translated in _sources(language) if fragment in visible})


def catalogue_complete(language: str) -> bool:
    """Every message of the language's catalogue translated and none fuzzy (what msgfmt --statistics says)."""
    po = _po(language)
    return not po.untranslated_entries() and not po.fuzzy_entries()

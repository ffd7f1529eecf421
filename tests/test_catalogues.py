"""The interface catalogues are complete in every language (issue 15): msgfmt counts every message of each
locale/<lang>/LC_MESSAGES/django.po as translated (none fuzzy, none untranslated), makemessages over today's
code would bring no new msgid, the committed .mo files are the compiled .po, plural forms follow each
language's rule, and translations keep the placeholders and HTML tags of their msgid.

A test that fails here names the language; `scripts/make-messages` then shows the new msgids in the .po."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The interface languages and how many plural forms each has (Arabic: zero, one, two, few, many, other).
NPLURALS = {"es": 2, "ca": 2, "ar": 6, "fr": 2, "ro": 3, "en": 2}
LANGUAGES = list(NPLURALS)
# What a translation must carry over unchanged: %-placeholders, {}-placeholders and HTML tags.
TOKENS = re.compile(r"%\(\w+\)[sd]|%[sd]|%%|\{\w*\}|</?[a-zA-Z][^>]*>")


def po_path(root: Path, lang: str) -> Path:
    return root / "locale" / lang / "LC_MESSAGES" / "django.po"


def msgfmt_statistics(po: Path) -> dict[str, int]:
    """msgfmt's own count of the catalogue; --check also fails on a format string that does not match."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
    )
    assert result.returncode == 0, result.stderr
    counts = dict.fromkeys(("translated", "fuzzy", "untranslated"), 0)
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    return counts


def compiled(po: Path, tmp_path: Path) -> dict:
    """The catalogue as Django reads it: msgid (or (msgid, plural index)) -> msgstr."""
    mo = tmp_path / f"{po.parent.parent.name}.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)
    return read_mo(mo)


def waiting_msgids(po: Path) -> list[str]:
    """The msgids of a catalogue that still need a translator (untranslated or fuzzy)."""
    found = []
    for selection in ("--untranslated", "--only-fuzzy"):
        command = ["msgattrib", selection, "--no-wrap", "--no-location", str(po)]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        found += [m for m in re.findall(r'^msgid "(.*)"$', out, re.MULTILINE) if m]
    return found


def read_mo(mo: Path) -> dict:
    with mo.open("rb") as f:
        catalog = dict(gettext.GNUTranslations(f)._catalog)
    catalog.pop("", None)  # the header
    return catalog


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang):
    counts = msgfmt_statistics(po_path(REPO, lang))
    assert counts["translated"] > 0
    assert (counts["fuzzy"], counts["untranslated"]) == (0, 0), (
        f"{lang}: {counts['fuzzy']} fuzzy and {counts['untranslated']} untranslated messages "
        f"({counts['translated']} translated); translate them in {po_path(REPO, lang).relative_to(REPO)}"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_committed_mo_is_the_compiled_po(lang, tmp_path):
    mo = po_path(REPO, lang).with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(REPO)} is missing: run scripts/make-messages --compile"
    assert read_mo(mo) == compiled(po_path(REPO, lang), tmp_path), (
        f"{mo.relative_to(REPO)} is older than its .po: run scripts/make-messages --compile"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_follow_the_language(lang, tmp_path):
    header = po_path(REPO, lang).read_text(encoding="utf-8")
    assert f"nplurals={NPLURALS[lang]};" in header.replace(" ", "")
    catalog = compiled(po_path(REPO, lang), tmp_path)
    plural_msgids = {key[0] for key in catalog if isinstance(key, tuple)}
    assert plural_msgids, "no plural message to check"
    for msgid in plural_msgids:
        forms = [catalog.get((msgid, index)) for index in range(NPLURALS[lang])]
        assert all(forms), f"{lang}: {msgid!r} lacks a plural form: {forms}"


def test_arabic_plural_rule_has_six_forms():
    """The rule Django applies from the catalogue's header: 0, 1, 2, 3-10, 11-99, 100+ each have a form."""
    with po_path(REPO, "ar").with_suffix(".mo").open("rb") as f:
        arabic = gettext.GNUTranslations(f)
    numbers = (0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111)
    assert [arabic.plural(n) for n in numbers] == [0, 1, 2, 3, 3, 4, 4, 5, 5, 3, 4]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_placeholders_and_tags(lang, tmp_path):
    wrong = []
    for key, msgstr in compiled(po_path(REPO, lang), tmp_path).items():
        msgid = key[0] if isinstance(key, tuple) else key
        expected, found = Counter(TOKENS.findall(msgid)), Counter(TOKENS.findall(msgstr))
        if isinstance(key, tuple):
            # A plural form may leave out the number it spells as a word ("حالتان", two cases), add nothing.
            differs = bool(found - expected)
        else:
            differs = found != expected
        if differs:
            wrong.append((msgid, msgstr))
    assert not wrong, f"{lang}: placeholders or tags differ from the msgid: {wrong[:5]}"


def test_makemessages_finds_nothing_new(tmp_path):
    """scripts/make-messages run over a copy of today's tree leaves every catalogue as it is: no msgid is
    added (untranslated) or dropped (obsolete)."""
    copy = tmp_path / "tree"
    shutil.copytree(
        REPO,
        copy,
        symlinks=True,
        ignore=shutil.ignore_patterns(".git", ".venv", "var", "node_modules", "__pycache__", ".*_cache"),
    )
    result = subprocess.run(
        [str(copy / "scripts" / "make-messages")],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "PY": sys.executable},
    )
    assert result.returncode == 0, result.stderr
    for lang in LANGUAGES:
        before, after = msgfmt_statistics(po_path(REPO, lang)), msgfmt_statistics(po_path(copy, lang))
        assert after == before, (
            f"{lang}: makemessages changes the catalogue {before} -> {after}: run scripts/make-messages "
            f"and translate the new messages, e.g. {waiting_msgids(po_path(copy, lang))[:5]}"
        )
        new = read_mo(po_path(copy, lang).with_suffix(".mo"))
        assert new.keys() == read_mo(po_path(REPO, lang).with_suffix(".mo")).keys()

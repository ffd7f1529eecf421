"""The urgency rules' vocabulary files (nlp/resources/urgency_*.txt): they parse, say what they mean to,
and every phrase a linguist adds does trigger its reason or context."""

import pytest

from nlp import urgency
from nlp.taxonomy import SERVED_LANGUAGES, URGENCY_REASONS

PHRASE_FILES = (*URGENCY_REASONS, *urgency.CONTEXT)
AGE_ROLES = {
    "age_unit",
    "age_before",
    "not_age_before",
    "not_age_after",
    "ago_before",
    "ago_after",
    "ago_unit",
}


@pytest.fixture
def resources(tmp_path, monkeypatch):
    """A resources directory of the test's own, read afresh (the loader caches what it read)."""
    monkeypatch.setattr(urgency, "RESOURCES", tmp_path)
    urgency.sections.cache_clear()
    yield tmp_path
    urgency.sections.cache_clear()


@pytest.mark.parametrize("name", PHRASE_FILES)
def test_each_phrase_file_has_every_served_language_and_no_duplicates(name):
    found = urgency.sections(name)
    languages = {key.removesuffix(":not") for key in found}
    assert set(SERVED_LANGUAGES) <= languages <= set(urgency.LEXICON_LANGUAGES), name
    for key, lines in found.items():
        assert lines, f"{name} [{key}] is empty"
        repeated = {line for line in lines if lines.count(line) > 1}
        assert not repeated, f"{name} [{key}] lists {sorted(repeated)} twice"


@pytest.mark.parametrize("name", (*urgency.STRONG_REASONS, "minor", "child_target", "past"))
def test_the_strong_reasons_are_written_in_romanian_and_darija_too(name):
    # The safety net must hold for reporters the classifier was never fitted on.
    assert {"ro", "ary"} <= set(urgency.sections(name)), name


@pytest.mark.parametrize("name", PHRASE_FILES)
def test_every_phrase_triggers_its_reason_or_context_on_its_own(name):
    for key, lines in urgency.sections(name).items():
        if key.endswith(":not"):
            continue
        for phrase in lines:
            assert urgency.signals(phrase)[name], f"{name} [{key}] {phrase!r}"
            assert urgency.signals(phrase.upper())[name], f"{name} [{key}] {phrase.upper()!r}"


@pytest.mark.parametrize("name", URGENCY_REASONS)
def test_an_exception_silences_its_reason(name):
    for key, lines in urgency.sections(name).items():
        if key.endswith(":not"):
            for phrase in lines:
                assert not urgency.signals(phrase)[name], f"{name} [{key}] {phrase!r}"


def test_only_reasons_have_exceptions():
    # signals() applies [xx:not] sections to the urgency reasons only; one in a context file would be
    # silently ignored.
    for name in urgency.CONTEXT:
        assert not urgency.phrases(name, exceptions=True), name


def test_age_words_are_single_words_in_their_roles():
    found = urgency.sections("ages")
    assert set(found) == AGE_ROLES
    for role, lines in found.items():
        assert len(set(lines)) == len(lines), role
        if role != "ago_before":  # the only role matched as a phrase ("il y a")
            assert all(len(urgency.tokens(line)) == 1 for line in lines), role


def test_age_and_time_ago_words_match_any_case_and_accents():
    assert urgency.signals("Tiene 12 AÑOS y la insultan.")["minor_age"]
    assert not urgency.signals("Hace 12 AÑOS que vivo aquí.")["minor_age"]
    assert urgency.signals("HACE TRES AÑOS me insultó.")["past"]
    assert urgency.signals("Il y a trois ans, on m'a frappé.")["past"]  # a phrase of [ago_before]


def test_files_are_found_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    urgency.sections.cache_clear()
    assert "tengo miedo" in urgency.sections("fear")["es"]


def test_comments_blank_lines_and_surrounding_spaces_are_not_phrases(resources):
    (resources / "urgency_fear.txt").write_text(
        "# a comment\n[es]\n  tengo miedo  \n\n# x\n", encoding="utf-8"
    )
    assert urgency.sections("fear") == {"es": ("tengo miedo",)}


@pytest.mark.parametrize("text", ["tengo miedo\n[es]\n", "[es]\n¡¿…?!\n", "[es: not]\nx\n"])
def test_a_malformed_file_is_refused_with_its_name(resources, text):
    (resources / "urgency_fear.txt").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="urgency_fear.txt"):
        urgency.sections("fear")

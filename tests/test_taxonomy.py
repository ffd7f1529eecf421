"""The fixed codes of DESIGN §6 and their mappings to the official lists."""

import pytest

from observatory import taxonomy as t

DESIGN_CODES = {
    "grounds": "racism antigypsyism antisemitism anti_muslim religion sexual_orientation gender_identity "
    "sex_gender disability aporophobia age health language ideology other",
    "domain": "housing employment education health social_services public_administration police "
    "goods_services transport public_space online neighbourhood other",
    "incident_type": "denial_of_service unequal_treatment harassment threat assault property_damage "
    "hate_speech other",
    "urgency_reasons": "violence threat_to_life minor ongoing self_harm",
    "reporter_role": "victim witness relative organisation",
    "legal_classification": "criminal_offence administrative_offence non_criminal_incident "
    "not_discrimination undetermined",
    "redress": "information_provided psychosocial_support legal_advice mediation service_restored apology "
    "compensation administrative_sanction police_complaint prosecutor_referral court_ruling_favourable "
    "court_ruling_unfavourable ombudsman_referral no_redress reporter_withdrew",
}


@pytest.mark.parametrize("name", sorted(DESIGN_CODES))
def test_code_list_matches_design_exactly_and_in_order(name):
    assert t.CODE_LISTS[name].values == tuple(DESIGN_CODES[name].split())


def test_every_list_has_unique_codes_and_a_label_for_each():
    for lst in [*t.CODE_LISTS.values(), *t.OFFICIAL_LISTS.values()]:
        assert len(set(lst.values)) == len(lst)
        assert all(c.msgid and c.label_in("en") for c in lst)


@pytest.mark.parametrize("scheme", t.SCHEMES)
def test_every_ground_maps_to_a_category_of_each_official_list(scheme):
    mapping = t.GROUNDS.mapping(scheme)
    assert set(mapping) == set(t.GROUNDS.values)
    assert set(mapping.values()) <= set(t.OFFICIAL_LISTS[scheme].values)


def test_comva_names_the_categories_valencia_reports_in():
    assert t.COMVA_CATEGORIES.values[:11] == (
        "racisme",
        "romafobia",
        "lgtbifobia",
        "disfobia",
        "aporofobia",
        "religio",
        "llengua_cultura",
        "malalties_rares_fisics",
        "genere",
        "serofobia",
        "edatisme",
    )


def test_choices_are_django_ready_pairs():
    choices = t.DOMAINS.choices()
    assert [code for code, _ in choices] == list(t.DOMAINS.values)
    assert all(len(pair) == 2 for pair in choices)


def test_validation_rejects_unknown_codes_and_normalises_multi_label_order():
    assert t.GROUNDS.validate("racism") == "racism"
    with pytest.raises(ValueError):
        t.GROUNDS.validate("racist")
    assert t.GROUNDS.validate_many(["age", "racism", "age"]) == ("racism", "age")
    with pytest.raises(ValueError):
        t.GROUNDS.validate_many(["racism", "nope"])


def test_remap_counts_to_comva_keeps_the_total_and_joins_grounds():
    counts = {
        "racism": 10,
        "antisemitism": 2,
        "anti_muslim": 3,
        "sexual_orientation": 4,
        "gender_identity": 1,
    }
    comva = t.remap_counts(counts)
    assert list(comva) == list(t.COMVA_CATEGORIES.values)
    assert comva["racisme"] == 10 and comva["religio"] == 5 and comva["lgtbifobia"] == 5
    assert sum(comva.values()) == sum(counts.values())


def test_remap_codes_counts_a_case_once_per_category():
    assert t.remap_codes(["antisemitism", "anti_muslim", "racism"]) == ("racisme", "religio")
    assert t.remap_codes(["ideology"], t.MINISTRY_INTERIOR) == ("ideologia",)

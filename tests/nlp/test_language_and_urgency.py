from nlp.language import identify
from nlp.urgency import rule_reasons


def test_served_languages_are_identified():
    assert identify("Ayer en el autobús un hombre me insultó por llevar el velo").code == "es"
    assert identify("Ahir a l'autobús un home em va insultar per portar el vel").code == "ca"
    assert identify("Yesterday on the bus a man insulted me for wearing the veil").code == "en"
    assert identify("Hier dans le bus un homme m'a insulté parce que je porte le voile").code == "fr"
    assert identify("أمس في الحافلة شتمني رجل لأنني أرتدي الحجاب").code == "ar"


def test_unserved_language_is_named_not_forced_into_a_served_one():
    guess = identify("Ieri în autobuz un bărbat m-a insultat pentru că port batic")
    assert guess.code == "ro" and not guess.served


def test_text_without_letters_has_undetermined_language():
    assert identify("😀😀 123 !!").code == "und"


def test_each_urgency_reason_is_found_by_the_rules():
    assert "violence" in rule_reasons("Me pegaron una paliza en la calle")
    assert "threat_to_life" in rule_reasons("He said he is going to kill you, he had a knife")
    assert "minor" in rule_reasons("Ma fille a 14 ans")
    assert "ongoing" in rule_reasons("Está pasando ahora mismo")
    assert "self_harm" in rule_reasons("Ya no quiero vivir")


def test_accents_and_case_do_not_matter():
    assert rule_reasons("ESTÁ PASANDO AHORA MISMO") == rule_reasons("esta pasando ahora mismo")

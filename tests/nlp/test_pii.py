from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.pii import detect, redact


def labels(text):
    return {(text[s.start : s.end], s.label) for s in detect(text)}


def test_dni_with_valid_letter_is_a_national_id():
    assert ("12345678Z", "NATIONAL_ID") in labels("Mi DNI es 12345678Z, lo tengo aquí.")


def test_dni_with_wrong_letter_is_not_a_national_id():
    assert not any(label == "NATIONAL_ID" for _, label in labels("Mi DNI es 12345678A, lo tengo aquí."))


def test_nie_is_validated_with_its_prefix():
    assert ("X5037655B", "NATIONAL_ID") in labels("NIE X5037655B")
    assert not any(label == "NATIONAL_ID" for _, label in labels("NIE X5037655C"))


def test_iban_with_spaces_is_found_whole():
    assert ("ES91 2100 0418 4502 0005 1332", "IBAN") in labels(
        "Pagué desde ES91 2100 0418 4502 0005 1332 ayer"
    )


def test_international_and_local_spanish_phones():
    found = labels("Llamadme al +34 688 301 447 o al 634 112 908, o al fijo 96 382 14 55.")
    assert {("+34 688 301 447", "PHONE"), ("634 112 908", "PHONE"), ("96 382 14 55", "PHONE")} <= found


def test_email_plate_passport_and_address():
    found = labels(
        "Escribid a marta.pardo@gmail.com. Matrícula 4821 KBD. Pasaporte AB1234567. Vivo en Calle Jesús 52."
    )
    assert ("marta.pardo@gmail.com", "EMAIL") in found
    assert ("4821 KBD", "LICENCE_PLATE") in found
    assert ("AB1234567", "PASSPORT") in found
    assert ("Calle Jesús 52", "ADDRESS") in found


def test_names_after_cues_in_each_served_language():
    for text, name in [
        ("Me llamo Youssef El Amrani y vivo aquí.", "Youssef El Amrani"),
        ("Bon dia, em dic Jordi Montoya.", "Jordi Montoya"),
        ("My name is Chinedu Okafor.", "Chinedu Okafor"),
        ("Je m'appelle Isabelle Girard.", "Isabelle Girard"),
        ("اسمي فاطمة الزهراء", "فاطمة الزهراء"),
        ("Me atendió el Sr. Ferrer en la ventanilla.", "Sr. Ferrer"),
    ]:
        assert (name, "PERSON") in labels(text), text


def test_place_spelt_like_a_name_is_not_a_person():
    assert not any(label == "PERSON" for _, label in labels("Fuimos a un bar en el Carmen y a la Marina."))


def test_a_detected_name_is_redacted_everywhere_it_appears():
    text = "Me llamo Youssef El Amrani. Youssef no ha vuelto a salir de casa."
    assert "Youssef" not in redact(text, detect(text))


def test_redaction_replaces_spans_with_their_label():
    text = "Mi correo es ana@example.org."
    assert redact(text, detect(text)) == "Mi correo es [EMAIL]."


PIECES = st.sampled_from(
    [
        "Me llamo Fatou Diallo",
        "12345678Z",
        "X5037655B",
        "ES91 2100 0418 4502 0005 1332",
        "+34 688 301 447",
        "634112908",
        "ana@example.org",
        "Calle Sueca 12",
        "4821 KBD",
        "Sr. García",
        "en el Carmen",
        "😀",
        "اسمي أحمد",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=8),
    st.sampled_from([" ", ", ", ". ", "", "\n"]),
)
def test_redacted_text_never_contains_a_detected_span(parts, separator):
    text = separator.join(parts)
    spans = detect(text)
    redacted = redact(text, spans)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] not in redacted
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))

import pytest

from observatory.crypto.receipts import (
    ALPHABET,
    LENGTH,
    RANDOM_BITS,
    InvalidReceipt,
    format_receipt,
    lookup_value,
    new_receipt,
    normalise_receipt,
    reporter_wrap_key,
)

SAMPLES = [new_receipt() for _ in range(20)]


def invalid_code(text: str) -> str:
    with pytest.raises(InvalidReceipt) as caught:
        normalise_receipt(text)
    return caught.value.code


def test_receipt_has_at_least_128_random_bits():
    assert RANDOM_BITS >= 128
    assert len(ALPHABET) == 32 and len(set(ALPHABET)) == 32
    receipts = {new_receipt() for _ in range(2000)}
    assert len(receipts) == 2000


def test_receipt_uses_every_character_of_the_alphabet_in_every_data_position():
    receipts = [new_receipt() for _ in range(3000)]
    for position in range(LENGTH - 1):
        assert {receipt[position] for receipt in receipts} == set(ALPHABET)


def test_receipt_avoids_ambiguous_letters():
    assert not set("ILOU") & set("".join(SAMPLES))


def test_formatted_receipt_is_grouped_by_four_and_normalises_back():
    receipt = SAMPLES[0]
    shown = format_receipt(receipt)
    assert [len(group) for group in shown.split("-")] == [4, 4, 4, 4, 4, 4, 3]
    assert normalise_receipt(shown) == receipt


def test_receipt_typed_loosely_is_accepted():
    receipt = SAMPLES[1]
    typed = " ".join(format_receipt(receipt).lower().split("-"))
    assert normalise_receipt(typed) == receipt
    assert normalise_receipt("  " + receipt.lower() + "\n") == receipt
    assert normalise_receipt(format_receipt(receipt).replace("-", "\u2013")) == receipt


def test_lookalike_letters_are_read_as_digits():
    receipt = next(r for r in (new_receipt() for _ in range(10_000)) if "0" in r and "1" in r)
    typed = receipt.replace("0", "o").replace("1", "l", 1).replace("1", "I")
    assert normalise_receipt(typed) == receipt


def test_arabic_indic_digits_are_accepted():
    receipt = SAMPLES[2]
    arabic = "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in receipt)
    assert normalise_receipt(arabic) == receipt


def test_every_single_substitution_is_detected():
    for receipt in SAMPLES:
        for position in range(LENGTH):
            for char in ALPHABET:
                if char != receipt[position]:
                    typo = receipt[:position] + char + receipt[position + 1 :]
                    assert invalid_code(typo) == "check", typo


def test_every_adjacent_transposition_is_detected():
    for receipt in SAMPLES:
        for position in range(LENGTH - 1):
            a, b = receipt[position], receipt[position + 1]
            if a != b:
                swapped = receipt[:position] + b + a + receipt[position + 2 :]
                assert invalid_code(swapped) == "check", swapped


def test_wrong_length_and_alphabet_have_their_own_codes():
    receipt = SAMPLES[3]
    assert invalid_code(receipt[:-1]) == "length"
    assert invalid_code(receipt + "0") == "length"
    assert invalid_code("") == "length"
    assert invalid_code(receipt[:-1] + "U") == "alphabet"
    assert invalid_code(receipt[:-1] + "#") == "alphabet"


def test_derived_values_are_deterministic_independent_and_format_blind():
    receipt = SAMPLES[4]
    assert lookup_value(receipt) == lookup_value(format_receipt(receipt).lower())
    assert len(lookup_value(receipt)) == len(reporter_wrap_key(receipt)) == 32
    assert lookup_value(receipt) != reporter_wrap_key(receipt)
    assert lookup_value(receipt) != lookup_value(SAMPLES[5])


def test_derivation_refuses_a_mistyped_receipt():
    receipt = SAMPLES[6]
    with pytest.raises(InvalidReceipt):
        lookup_value(receipt[:-1] + ("0" if receipt[-1] != "0" else "1"))

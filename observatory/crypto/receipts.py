"""Reporter receipts: the only thing a reporter keeps to come back to a report (DESIGN §4).

A receipt is 26 random Crockford base32 characters (130 bits) and one check character, shown as
`XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXX`. The alphabet has digits and capital letters only (no I, L, O, U),
so it can be read aloud or copied by hand whatever the reporter's language.

The check character is Damm's algorithm over the field GF(32): it detects every single mistyped
character and every swap of two neighbours, and unlike Crockford's mod-37 symbol it needs no extra
symbols (*~$=U) that are hard to type on many phone keyboards.

At 130 bits a fast KDF is enough: no one can enumerate receipts, so HKDF keeps intake and login cheap.
"""

import secrets
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from observatory.crypto import contexts

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_CHARS = 26
RANDOM_BITS = DATA_CHARS * 5  # 130
LENGTH = DATA_CHARS + 1
GROUP = 4

_VALUE = {char: value for value, char in enumerate(ALPHABET)}
# Crockford's decoding rules for look-alikes; U is left out on purpose and stays an error.
_LOOKALIKES = {"O": "0", "I": "1", "L": "1"}
# Besides any whitespace: the dashes and dots people and phone keyboards put between groups.
_SEPARATORS = frozenset("-_.\u2010\u2011\u2012\u2013\u2014\u2212")


class InvalidReceipt(ValueError):
    """`code` is one of `length`, `alphabet`, `check`; the UI shows a translated message for each."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _times_x(value: int) -> int:
    # Multiply by x in GF(2^5) modulo the primitive polynomial x^5 + x^2 + 1.
    value <<= 1
    return value ^ 0b100101 if value & 0b100000 else value


def _damm(values: list[int]) -> int:
    # Damm's quasigroup a*b = x·a + b (addition is XOR) is totally anti-symmetric because x != 1:
    # (c*a)*b == (c*b)*a only when a == b, which is what catches adjacent transpositions.
    interim = 0
    for value in values:
        interim = _times_x(interim) ^ value
    return interim


def _check_char(data: str) -> str:
    # The check value c makes interim*c == 0, i.e. c = x·interim (in characteristic 2, -v == v).
    return ALPHABET[_times_x(_damm([_VALUE[char] for char in data]))]


# --- Check-coded codes: receipts here, staff recovery keys in observatory.crypto.user_keys -----------


def new_code(data_chars: int) -> str:
    """`data_chars` random characters (5 bits each) and a check character, canonical (no separators)."""
    number = secrets.randbits(5 * data_chars)
    data = "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(data_chars))
    return data + _check_char(data)


def format_code(canonical: str) -> str:
    """Groups of four separated by hyphens, for showing, printing and copying by hand."""
    return "-".join(canonical[i : i + GROUP] for i in range(0, len(canonical), GROUP))


def normalise_code(text: str, length: int) -> str:
    """The canonical code for what someone typed, or `InvalidReceipt` with the reason as its code."""
    folded = "".join(_fold(char) for char in unicodedata.normalize("NFKC", text).upper())
    chars = [_LOOKALIKES.get(char, char) for char in folded if not (char.isspace() or char in _SEPARATORS)]
    if any(char not in _VALUE for char in chars):
        raise InvalidReceipt("alphabet")
    if len(chars) != length:
        raise InvalidReceipt("length")
    if _damm([_VALUE[char] for char in chars]) != 0:
        raise InvalidReceipt("check")
    return "".join(chars)


# --- Receipts -------------------------------------------------------------------------------------


def new_receipt() -> str:
    """A fresh canonical receipt (27 characters, no separators)."""
    return new_code(DATA_CHARS)


def format_receipt(canonical: str) -> str:
    return format_code(canonical)


def _fold(char: str) -> str:
    # Arabic-Indic and other decimal digits become ASCII; full-width letters become ASCII by NFKC.
    digit = unicodedata.decimal(char, None)
    return str(digit) if digit is not None else char


def normalise_receipt(text: str) -> str:
    """The canonical receipt for what a reporter typed, or `InvalidReceipt` saying what is wrong."""
    return normalise_code(text, LENGTH)


def _derive(receipt: str, info: bytes) -> bytes:
    canonical = normalise_receipt(receipt)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(canonical.encode())


def lookup_value(receipt: str) -> bytes:
    """What the database stores to find the report for a receipt. Reveals nothing about the wrap key."""
    return _derive(receipt, contexts.RECEIPT_LOOKUP)


def reporter_wrap_key(receipt: str) -> bytes:
    """The key that seals the reporter's private key. Never stored."""
    return _derive(receipt, contexts.RECEIPT_REPORTER_KEY)

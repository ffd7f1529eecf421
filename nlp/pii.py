"""Personal-data detection and redaction for report narratives.

Checksummed and parsable identifiers (DNI/NIE letter, IBAN, phone numbers with Spain as the default
region) come from python-stdnum and phonenumbers; names, addresses, passports and plates need patterns
and cue words, and a caseworker reviews every redaction. Detectors propose candidate spans; one
overlap-resolution step keeps the most specific, and every other occurrence of a detected surface is
redacted too, so the redacted text never contains a detected span.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.es import dni as stdnum_dni
from stdnum.es import nie as stdnum_nie

RESOURCES = Path(__file__).resolve().parent / "resources"

# When candidates overlap, the earlier label wins: a checksum-valid IBAN beats the phone-like digit
# groups inside it, and an address beats the saint's name inside a street name.
PRIORITY = ("EMAIL", "IBAN", "NATIONAL_ID", "PASSPORT", "PHONE", "LICENCE_PLATE", "ADDRESS", "PERSON")


@dataclass(frozen=True, order=True)
class PiiSpan:
    start: int
    end: int
    label: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "label": self.label}


@functools.lru_cache(maxsize=65_536)
def _fold(word: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFD", word.casefold()) if unicodedata.category(ch) != "Mn"
    )


@functools.cache
def _wordlist(name: str) -> frozenset[str]:
    lines = (RESOURCES / name).read_text(encoding="utf-8").splitlines()
    return frozenset(_fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def first_names() -> frozenset[str]:
    return _wordlist("first_names.txt")


def surnames() -> frozenset[str]:
    return _wordlist("surnames.txt")


# --- structured identifiers -------------------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
DNI_NIE = re.compile(r"\b(?:[XYZxyz][-\s]?\d{7}|\d{8})[-\s]?[A-Za-z]\b")
# Up to 34 characters in groups of four, separated by nothing, spaces or dashes.
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{1,4}){3,8}\b")
PHONE_HINT = re.compile(r"\d[\d\s().-]{6,}\d")
PHONE_REGIONS = ("ES", "FR", "MA", "GB")
# Written in international form, a number is a phone even in ranges phonenumbers calls unassigned.
INTERNATIONAL_PHONE = re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\d){6,13}\b")
PLATE = re.compile(
    r"\b\d{4}[\s-]?[BCDFGHJKLMNPRSTVWXYZ]{3}\b"  # since 2000: 1234 BCD
    r"|\b[A-Z]{1,2}[\s-]\d{4}[\s-][A-Z]{1,2}\b"  # provincial: V-1234-AB
)
PASSPORT_CUE = re.compile(
    r"(?i:pasaporte|passport|passeport|passaport|جواز(?:\s+السفر)?)(?:\s+(?:n[ºo°.]*|num\.?|número|number|"
    r"numéro|núm\.?|رقم)\s*)?[\s:#]*"
)
PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{6,9}\b")
SPANISH_PASSPORT = re.compile(r"\b[A-Z]{3}\d{6}\b")


def _emails(text):
    for m in EMAIL.finditer(text):
        yield PiiSpan(m.start(), m.end(), "EMAIL")


def _national_ids(text):
    for m in DNI_NIE.finditer(text):
        value = m.group()
        # The control letter is what tells a DNI/NIE from any eight digits and a letter.
        if stdnum_dni.is_valid(value) or stdnum_nie.is_valid(value):
            yield PiiSpan(m.start(), m.end(), "NATIONAL_ID")


def _iban_ok(value: str) -> bool:
    try:
        stdnum_iban.validate(value, check_country=False)
    except ValueError:
        return False
    return True


def _ibans(text):
    for m in IBAN.finditer(text):
        value = m.group()
        # A greedy match may swallow a following word or number: shorten group by group until valid.
        while value:
            # The ISO 7064 mod-97 check only: national check digits inside the BBAN are often mistyped
            # by people and invented in our corpus, and a wrong one does not make the account anonymous.
            if _iban_ok(value):
                yield PiiSpan(m.start(), m.start() + len(value), "IBAN")
                break
            cut = max(value.rfind(" "), value.rfind("-"))
            value = value[:cut] if cut > 4 else ""


def _digit_windows(text: str) -> list[tuple[int, int]]:
    """Stretches around digit runs, widened to whitespace so that the matcher sees a "+" or "(" before
    the number and the same word boundaries as in the whole text; overlapping stretches merged."""
    windows: list[tuple[int, int]] = []
    for m in PHONE_HINT.finditer(text):
        before = max(m.start() - 1, 0)
        start = max(text.rfind(" ", 0, before), text.rfind("\n", 0, before)) + 1
        ends = (text.find(" ", m.end() + 1), text.find("\n", m.end() + 1))
        end = min((i for i in ends if i >= 0), default=len(text))
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _phones(text):
    # phonenumbers scans the whole text it is given, several times (one per region): only digit
    # windows are handed to it.
    for start, end in _digit_windows(text):
        window = text[start:end]
        for region in PHONE_REGIONS:
            for match in phonenumbers.PhoneNumberMatcher(window, region):
                yield PiiSpan(start + match.start, start + match.end, "PHONE")
    for m in INTERNATIONAL_PHONE.finditer(text):
        try:
            number = phonenumbers.parse(m.group(), None)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            yield PiiSpan(m.start(), m.end(), "PHONE")


def _plates(text):
    for m in PLATE.finditer(text):
        yield PiiSpan(m.start(), m.end(), "LICENCE_PLATE")


def _passports(text):
    for cue in PASSPORT_CUE.finditer(text):
        m = PASSPORT_NUMBER.match(text, cue.end())
        if m and any(ch.isdigit() for ch in m.group()):
            yield PiiSpan(m.start(), m.end(), "PASSPORT")
    for m in SPANISH_PASSPORT.finditer(text):
        yield PiiSpan(m.start(), m.end(), "PASSPORT")


# --- addresses -------------------------------------------------------------------------------------

STREET_TYPES = (
    r"calle|c/|c\.|avenida|avda\.?|av\.|plaza|pza\.?|paseo|pº|camino|carretera|ronda|traves[ií]a|pasaje|"
    r"glorieta|carrer|cr\.|avinguda|av\.|pla[cç]a|passeig|cam[ií]|passatge|travessia|"
    r"rue|boulevard|bd|all[ée]e|impasse|chemin|quai|cours|"
    r"street|road|avenue|lane|square"
)
NAME_WORD = (
    r"(?:[A-ZÀ-ÖØ-Þ0-9][\w'’.-]*|de|del|la|las|los|el|dels|de\s+la|d['’]\w+|l['’]\w+|i|y|les|du|des|of|the)"
)
HOUSE_NUMBER = (
    r"(?:n[ºo°.]*\s*|núm\.?\s*|number\s*)?\d{1,4}(?:\s?[A-Za-z])?\b"
    r"(?:,?\s*(?:\d{1,2}\s?[ºª°]|pta\.?\s*\d+|puerta\s*\d+|piso\s*\d+|bajo|porta\s*\d+))*"
)
ADDRESS = re.compile(
    rf"(?i:\b(?:{STREET_TYPES}))\s*(?:{NAME_WORD}\s+){{0,5}}{NAME_WORD},?\s+{HOUSE_NUMBER}"
    # English and French put the number first: "12 Baker Street", "5 rue de la Paix".
    rf"|\b\d{{1,4}}(?:\s?bis|\s?ter)?,?\s+(?i:rue|avenue|boulevard|place|chemin|all[ée]e|impasse|quai)"
    rf"\s+(?:{NAME_WORD}\s+){{0,4}}{NAME_WORD}"
    rf"|\b\d{{1,4}}\s+(?:[A-Z][\w'-]*\s+){{1,3}}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Way|Square)\b"
    # Arabic: "شارع" + name words + number (Western or Arabic-Indic digits).
    r"|شارع(?:\s+[^\s\d٠-٩،,.]+){1,4}،?\s*(?:رقم\s*)?[\d٠-٩]{1,4}"
)


def _addresses(text):
    for m in ADDRESS.finditer(text):
        yield PiiSpan(m.start(), m.end(), "ADDRESS")


# --- person names ----------------------------------------------------------------------------------

CAPITALISED = r"[A-ZÀ-ÖØ-ÞĂÂÎȘȚŞŢ][\w'’-]+"
PARTICLE = r"(?:de|del|de la|van|von|da|dos|el|El|Al|al|Ben|ben|bin|Ould|i|y)"
NAME_SEQUENCE = rf"{CAPITALISED}(?:\s+(?:{PARTICLE}\s+)?{CAPITALISED}){{0,3}}"
ARABIC_WORD = r"[\u0621-\u064A]+"
TITLE = re.compile(
    r"\b(?:Sr|Sra|Srta|Dr|Dra|Mr|Mrs|Ms|Mme|Mlle|Dª)\.?\s+|\b(?:Don|Doña|Senyor|Senyora|Monsieur|Madame|M\.)\s+"
)
# A cue that is followed by a name in practically every report: the capitalised words after it are
# taken as the name, whether or not the gazetteer knows them.
STRONG_CUES = re.compile(
    r"(?i:\b(?:me\s+llamo|mi\s+nombre\s+es|mi\s+nombre|me\s+dicen|se\s+llama|su\s+nombre\s+es|em\s+dic|"
    r"es\s+diu|el\s+meu\s+nom\s+[ée]s|(?:my|his|her|their)\s+(?:real\s+|full\s+)?name\s+is|my\s+name|"
    r"name|nombre|nom|je\s+m['’]appelle|(?:il|elle)\s+s['’]appelle|mon\s+nom\s+est|un\s+tal|una\s+tal|"
    r"llamad[oa]|de\s+nombre|anomenad[ao]|que\s+es\s+diu|named|called|un\s+certain|une\s+certaine|"
    r"nomm[ée]e?|apellidos?|cognoms?|surname|last\s+name|nom\s+de\s+famille|thanks|thank\s+you|"
    r"regards|gracias|un\s+saludo|saludos|atentamente|gràcies|salutacions|merci|cordialement))"
    r"\s*[:,(\"«“]*\s*"
)
# Weak cues ("soy", "I'm", "my friend") are as often followed by "gitana" or "Muslim": one following
# word must be a known first name or surname, or two capitalised words must follow.
WEAK_CUES = re.compile(
    r"(?i:\b(?:soy|sóc|i['’]m|i\s+am|je\s+suis|moi\s+c['’]est|amigo|amiga|hijo|hija|marido|mujer|"
    r"herman[oa]|prim[oa]|madre|padre|t[ií][oa]|friend|son|daughter|husband|wife|brother|sister|cousin|"
    r"mother|father|uncle|aunt|fill|filla|germ[àa]|germana|cos[ií]na?|mare|pare|ami|amie|fils|fille|"
    r"fr[èe]re|s[œo]eur|cousine?|m[èe]re|p[èe]re|mari|femme|neighbou?r|vecin[oa]|ve[iï]na?|voisine?|"
    r"compañer[oa]|colleague|jefe|boss|encargad[oa]|manager|propietari[oa]|landlord|owner|dueñ[oa]))"
    r",?\s+"
)
ARABIC_CUES = re.compile(r"(?:اسمي|إسمي|السيد|السيدة|أنا|يدعى|تدعى|اسمه|اسمها)\s+")
NAME_AT = re.compile(NAME_SEQUENCE)
CAPITALISED_WORD = re.compile(rf"\b{CAPITALISED}")
ARABIC_NAME_AT = re.compile(rf"{ARABIC_WORD}(?:\s+{ARABIC_WORD}){{0,2}}")
STREET_BEFORE = re.compile(rf"(?i:\b(?:{STREET_TYPES}|san|sant|santa|sainte?|st\.?)\s+(?:{NAME_WORD}\s+)*)$")
# Articles before a capitalised word point to a place ("en el Carmen", "at the Marina"), not a person.
ARTICLE_BEFORE = re.compile(r"(?i:\b(?:el|la|los|las|del|al|the|of|le|les|du|des|de\s+la|l['’]|d['’]))\s*$")
# Capitalised words that follow a cue but are not names (sentence starts, demonyms, religions).
NOT_NAMES = frozenset(
    _fold(w)
    for w in (
        "The This That And But When Then He She They We It I You My Your His Her Our Their Please Hello "
        "Hola Bon Bonjour Gracias Thanks Merci Yo El La Los Las Un Una Le Les Il Elle Nous Vous Ils Elles "
        "Mi Su Es No Sí Si Yes Also Today Yesterday Ayer Hoy Ahir Avui Hier Aujourd'hui Valencia València "
        "Spain España Espanya Espagne Spanish Español Española Muslim Musulmán Musulmana Jewish Judío Judía "
        "Black Negro Negra Gitano Gitana Roma Gay Lesbian Lesbiana Trans Moroccan Marroquí Senegalese "
        "Romanian Rumano Rumana Nigerian Colombian Venezuelan Pakistani Ukrainian Arab Árabe African "
        "Africano Africana Christian Catholic Evangelical Sikh Hindu Deaf Blind Sordo Sorda Ciego Ciega "
        "Is Was Are De Del En Of In On At To For From With Para Por Con Sin Y O Et Ou Pour Avec Dans Sur "
        "Nada Nothing Rien Res Nobody Nadie Personne Ningú Sorry Perdón Pardon Desde Since Depuis Des Des "
        "I I'm I’m Im Hi Dear Estimados Estimadas Bonjour Buenos Buenas Bona Bones Ok Okay Vale "
        "Matrícula Matricula Email E-mail Mail Correo Tel Teléfono Telf Telèfon Phone Tél Téléphone Móvil "
        "Mòbil Mobile Portable DNI NIE Contacto Contacte Contact"
    ).split()
)


# A name signed at the end of a report, or before the contact details: "… Tom Halliday, +44 7911 …".
SIGNATURE = re.compile(
    rf"(?:^|(?<=[.!?\"»”)])\s+|\n)({CAPITALISED}(?:\s+(?:{PARTICLE}\s+)?{CAPITALISED}){{1,3}})"
    r"\s*(?:$|\n|,\s*(?=\+|\d|[\w.+-]+@))"
)


# A name signed at the very end, with nothing or only contact details after it: one capitalised word
# ("… Carmen, 96 354 21 10"), or one to three Arabic words ("… سلمى الكتاني 688 402 731").
SIGNATURE_START = r"(?:^|(?<=[.!?؟»\"”)])\s+|\n)"
LONE_SIGNATURE = re.compile(rf"{SIGNATURE_START}({CAPITALISED})(?=,?\s*(?:\+\d|\d{{2,}}\s?\d|[\w.+-]+@))")
ARABIC_SIGNATURE = re.compile(
    rf"{SIGNATURE_START}({ARABIC_WORD}(?:\s+{ARABIC_WORD}){{0,2}})(?=\s*$|\s+[+\dA-Za-z])"
)
CONTACT = re.compile(
    r"\s*(?:$|\+?\d|[\w.+-]*[@\d.][\w.+-]*|(?i:calle|c/|avda|avenida|carrer|pla[cç]a|dni|nie|tel))"
)
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
CONTACT_TAIL_CHARS = 80
NOT_ARABIC_NAMES = frozenset(
    "شكرا شكراً مساعدة ساعدوني الله السلام عليكم اسمي إسمي أنا السيد السيدة اسمه اسمها".split()
)


def _contact_tail(text: str, end: int) -> bool:
    """Only contact details (or nothing) follow: no other words in the report's own script."""
    tail = text[end:]
    return len(tail) <= CONTACT_TAIL_CHARS and not ARABIC_LETTER.search(tail) and bool(CONTACT.match(tail))


@functools.cache
def place_names() -> frozenset[str]:
    return _wordlist("place_names.txt")


NOT_NAME_ENDS = NOT_NAMES | {"de", "del", "la", "el", "i", "y"}


def _name_end(text: str, start: int) -> int | None:
    """End of the name starting at ``start``, dropping trailing words that are not names."""
    m = NAME_AT.match(text, start)
    if not m:
        return None
    words = list(re.finditer(r"\S+", m.group()))
    while words and _fold(words[-1].group()) in NOT_NAME_ENDS:
        words.pop()
    if not words or _fold(words[0].group()) in NOT_NAMES:
        return None
    if _fold(m.group()[: words[-1].end()]) in place_names():
        return None
    return start + words[-1].end()


def _with_title(text: str, start: int) -> int:
    """A title right before a name is redacted with it: "Dr. Qureshi" identifies as much as "Qureshi"."""
    window = text[max(0, start - 12) : start]
    for m in TITLE.finditer(window):
        if m.end() == len(window):
            return start - len(window) + m.start()
    return start


def _persons(text):
    names, family, places = first_names(), surnames(), place_names()
    for cue in STRONG_CUES.finditer(text):
        end = _name_end(text, cue.end())
        if end:
            yield PiiSpan(cue.end(), end, "PERSON")
    for m in TITLE.finditer(text):
        end = _name_end(text, m.end())
        if end:
            yield PiiSpan(m.start(), end, "PERSON")
    for m in SIGNATURE.finditer(text):
        end = _name_end(text, m.start(1))
        if end:
            yield PiiSpan(m.start(1), end, "PERSON")
    for m in LONE_SIGNATURE.finditer(text):
        end = _name_end(text, m.start(1))
        if end and _contact_tail(text, end) and _fold(m.group(1)) not in place_names():
            yield PiiSpan(m.start(1), end, "PERSON")
    for m in ARABIC_SIGNATURE.finditer(text):
        if _contact_tail(text, m.end(1)) and not set(m.group(1).split()) & NOT_ARABIC_NAMES:
            yield PiiSpan(m.start(1), m.end(1), "PERSON")
    for cue in ARABIC_CUES.finditer(text):
        m = ARABIC_NAME_AT.match(text, cue.end())
        if m:
            yield PiiSpan(m.start(), m.end(), "PERSON")
    for cue in WEAK_CUES.finditer(text):
        m = NAME_AT.match(text, cue.end())
        if not m:
            continue
        words = [_fold(w) for w in m.group().split()]
        known = any(w in names or w in family for w in words)
        if known or (len(words) > 1 and not set(words) & NOT_NAMES):
            end = _name_end(text, cue.end())
            if end:
                yield PiiSpan(cue.end(), end, "PERSON")
    # Without a cue: a known first name, or any capitalised word followed by a known surname; not
    # after a street type ("Calle San Vicente") or an article ("el Carmen").
    # The gazetteer test comes first: it is cheap and rejects most words, the context regexes are not.
    for word in CAPITALISED_WORD.finditer(text):
        m = NAME_AT.match(text, word.start())
        folded = [_fold(t) for t in m.group().split()]
        if folded[0] in places:
            continue
        if folded[0] in names or (len(folded) > 1 and folded[1] in family and folded[0] not in NOT_NAMES):
            before = text[max(0, word.start() - 60) : word.start()]
            if STREET_BEFORE.search(before) or ARTICLE_BEFORE.search(before[-12:]):
                continue
            end = _name_end(text, word.start())
            if end:
                yield PiiSpan(_with_title(text, word.start()), end, "PERSON")


DETECTORS = (_emails, _ibans, _national_ids, _passports, _phones, _plates, _addresses, _persons)


# --- resolution and redaction ----------------------------------------------------------------------


def _resolve(candidates: list[PiiSpan]) -> list[PiiSpan]:
    rank = {label: i for i, label in enumerate(PRIORITY)}
    kept: list[PiiSpan] = []
    for span in sorted(set(candidates), key=lambda s: (rank[s.label], s.start - s.end, s.start)):
        if all(span.end <= other.start or span.start >= other.end for other in kept):
            kept.append(span)
    return sorted(kept)


def _other_occurrences(text: str, spans: list[PiiSpan]) -> list[PiiSpan]:
    """The same name or number written again elsewhere ("… Youssef … Youssef") is redacted as well."""
    extra = []
    for span in spans:
        surfaces = {text[span.start : span.end]}
        if span.label == "PERSON":
            surfaces |= {w for w in surfaces.copy().pop().split() if len(w) >= 3 and w[0].isupper()}
        for surface in surfaces:
            extra.extend(PiiSpan(start, start + len(surface), span.label) for start in _whole(text, surface))
    return extra


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what a regex word character is in a str pattern


def _whole(text: str, surface: str):
    """Starts of ``surface`` in ``text`` not inside a longer word (as ``(?<!\\w)surface(?!\\w)``), without
    compiling a regular expression per surface and report."""
    if not surface:
        return
    start = text.find(surface)
    while start >= 0:
        end = start + len(surface)
        if (start == 0 or not _is_word_char(text[start - 1])) and (
            end == len(text) or not _is_word_char(text[end])
        ):
            yield start
        start = text.find(surface, start + 1)


def detect(text: str) -> list[PiiSpan]:
    """Non-overlapping personal-data spans, sorted by position."""
    candidates = [span for detector in DETECTORS for span in detector(text)]
    spans = _resolve(candidates)
    return _resolve(spans + _other_occurrences(text, spans))


def redact(text: str, spans: list[PiiSpan]) -> str:
    out, pos = [], 0
    for span in sorted(spans):
        out.append(text[pos : span.start])
        out.append(f"[{span.label}]")
        pos = span.end
    out.append(text[pos:])
    redacted = "".join(out)
    # Joining the pieces can, in contrived texts, recreate a detected surface across a boundary; the
    # promise is that no detected span survives, so remove any that does.
    placeholders = {f"[{label}]" for label in PRIORITY}
    for span in spans:
        surface = text[span.start : span.end]
        if surface.strip() and not any(surface in p for p in placeholders):
            for _ in range(3):
                if surface not in redacted:
                    break
                redacted = redacted.replace(surface, f"[{span.label}]")
    return redacted

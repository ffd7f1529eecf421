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
from schwifty import IBAN as SchwiftyIban
from schwifty.exceptions import SchwiftyException
from stdnum.es import dni as stdnum_dni
from stdnum.es import nie as stdnum_nie

RESOURCES = Path(__file__).resolve().parent / "resources"

# When candidates overlap, the earlier label wins: a checksum-valid IBAN beats the phone-like digit
# groups inside it, and an address beats the saint's name inside a street name.
PRIORITY = (
    "EMAIL",
    "IBAN",
    "NATIONAL_ID",
    "PASSPORT",
    "PHONE",
    "HANDLE",
    "LICENCE_PLATE",
    "ADDRESS",
    "PERSON",
)


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
# Eight digits (or X/Y/Z and seven) and the control letter, written together or grouped with dots,
# spaces or dashes as people copy them from the card: 48291736Q, 48.291.736-Q, 48 291 736 Q, X-1234567-L.
DNI_NIE = re.compile(
    r"(?<![\w.-])(?:[XYZxyz][-\s.]?\d{7}|[XYZxyz][-\s.]?\d[.\s]?\d{3}[.\s]?\d{3}|\d{8}|\d{2}[.\s]\d{3}[.\s]\d{3})"
    r"[-\s.]?[A-Za-z](?!\w)"
)
ID_SEPARATORS = re.compile(r"[-\s.]")
# Up to 34 characters in groups of four, separated by nothing, spaces or dashes, in any case
# ("es9121000418450200051332" pasted from a banking app).
IBAN = re.compile(r"(?i:\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{1,4}){3,8}\b)")
# A social-media handle: "@" not inside an e-mail address, then 2–30 letters, digits, "_" or ".".
HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])(?![\w@])")
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


def _handles(text):
    for m in HANDLE.finditer(text):
        yield PiiSpan(m.start(), m.end(), "HANDLE")


def _national_ids(text):
    for m in DNI_NIE.finditer(text):
        value = ID_SEPARATORS.sub("", m.group())
        # The control letter is what tells a DNI/NIE from any eight digits and a letter.
        if stdnum_dni.is_valid(value) or stdnum_nie.is_valid(value):
            yield PiiSpan(m.start(), m.end(), "NATIONAL_ID")


def _iban_ok(value: str) -> bool:
    # schwifty checks the country's IBAN length and the ISO 7064 mod-97 digits, in any case and spacing.
    try:
        SchwiftyIban(re.sub(r"[\s-]", "", value).upper(), validate_bban=False)
    except SchwiftyException:
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
ARABIC_STREETS = r"(?:شارع|زنقة|ساحة|طريق|درب|أفينيدا|افينيدا|كايي|كالي|بلاصا|ممر)"
# Words that end an Arabic street name: "زنقة من 3" is "a street for 3 [months]", not an address.
ARABIC_NOT_STREET_NAMES = r"(?:من|مع|في|ف|البارح|اليوم|منذ|قبل|بعد|هادي|كل|حتى|عند)"
NAME_WORD = (
    r"(?:[A-ZÀ-ÖØ-Þ0-9][\w'’.-]*|de|del|la|las|los|el|dels|de\s+la|d['’]\w+|l['’]\w+|i|y|les|du|des|of|the)"
)
HOUSE_NUMBER = (
    r"(?:n[ºo°.]*\s*|núm\.?\s*|n[úu]mero\s*|num\.?\s*|number\s*|numéro\s*)?\d{1,4}(?:[A-Za-z]\b|\s[A-Za-z](?=\s*(?:$|[,.;)])))?\b"
    # Floor and door, as Spanish and Valencian addresses give them: "3º B", "2ª", "piso 3", "pta. 4",
    # "puerta 12", "escalera 2", "bajo", "2n 3a", "porta 5".
    r"(?:,?\s*(?:\d{1,2}\s?[ºª°](?:\s?[A-Za-z]\b)?|\d{1,2}\s?(?:r|n|t|a|er|o)\b|pta\.?\s*\d+|"
    r"puerta\s*\d+[A-Za-z]?|piso\s*\d+|planta\s*\d+|escalera\s*\d+|esc\.?\s*\d+|bajo|porta\s*\d+|"
    r"pis\s*\d+|[A-Za-z]\b(?=\s*(?:$|[,.;)])))"
    r")*"
)
# Lower-case street names ("calle sueca 12", "avenida del puerto número 112"): words of three letters
# or more (or the particles of NAME_WORD), never the short function words that would run an address
# over a sentence ("calle y me pegaron 3 veces").
LOWER_NAME_WORD = (
    r"(?:(?!(?:desde|hace|hasta|durante|porque|cuando|para|cada|todos|todas|pour|depuis|pendant|chaque|"
    r"tous|since|for|from|with|wait|outside|after|before|during|every|each|des|durant|quan|perqu[eè]|"
    r"amb|sin|con|por|fins|hui|hoy|ayer|ahir|today|yesterday|hier|aujourd)\b)[a-zà-öø-ÿ][\w'’.-]{2,})"
)
ADDRESS = re.compile(
    rf"(?i:\b(?:{STREET_TYPES}))\s*(?:(?:{NAME_WORD}|{LOWER_NAME_WORD})\s+){{0,5}}"
    rf"(?:{NAME_WORD}|{LOWER_NAME_WORD}),?\s+{HOUSE_NUMBER}"
    # English and French put the number first: "12 Baker Street", "5 rue de la Paix".
    rf"|\b\d{{1,4}}(?:\s?bis|\s?ter)?,?\s+(?i:rue|avenue|boulevard|place|chemin|all[ée]e|impasse|quai)"
    rf"\s+(?:{NAME_WORD}\s+){{0,4}}{NAME_WORD}"
    rf"|\b\d{{1,4}}\s+(?:[A-Z][\w'-]*\s+){{1,3}}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Way|Square)\b"
    # Arabic: a street word (standard, Moroccan, or the Spanish word written in Arabic letters) + name
    # words + number (Western or Arabic-Indic digits), then optionally the floor or flat.
    rf"|{ARABIC_STREETS}(?:\s+(?!{ARABIC_NOT_STREET_NAMES}(?!\S))[^\s\d٠-٩،,.]+){{1,4}}،?\s*(?:رقم\s*)?[\d٠-٩]{{1,4}}"
    r"(?:،?\s*(?:الطابق|طابق|الشقة|شقة|رقم)\s*[\d٠-٩]{1,3})*"
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
    r"regards|gracias|un\s+saludo|saludos|atentamente|gràcies|salutacions|merci|cordialement|"
    r"m[ăa]\s+numesc|numele\s+meu\s+(?:este|e)|smiti|ismi))"
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
ARABIC_CUES = re.compile(r"(?:اسمي|إسمي|السيد|السيدة|يدعى|تدعى|اسمه|اسمها)\s+")
# "أنا" (I am) is followed far more often by what the reporter is — "مغربية", "لاجئة سورية", "خايفة" —
# than by a name: only a known first name after it is taken (redacting "مغربية" would hide the ground).
ARABIC_WEAK_CUES = re.compile(r"(?:أنا|انا)\s+")
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
        "Mòbil Mobile Portable DNI NIE Contacto Contacte Contact "
        # What a reporter says they are — the ground itself — must never be redacted as a name.
        "Marroquí Marroquina Argelino Argelina Senegalés Senegalesa Rumano Rumana Română Român Rumanian "
        "Gitano Gitana Gitanos Gitanas Payo Paya Judío Judía Jueu Jueva Juif Juive Musulmán Musulmana "
        "Musulmà Musulmane Musulman Marocain Marocaine Algérien Algérienne Sénégalais Sénégalaise "
        "Roumain Roumaine Tunisien Tunisienne Syrien Syrienne Syrian Algerian Tunisian Ecuadorian "
        "Ecuatoriano Ecuatoriana Colombiano Colombiana Venezolano Venezolana Peruano Peruana Boliviano "
        "Boliviana Brasileño Brasileña Brasileiro Brasileira Brazilian Brésilien Brésilienne Ucraniano "
        "Ucraniana Pakistaní Nigeriano Nigeriana Chino China Chinese Latino Latina Negre Negra Noir Noire "
        "Refugiado Refugiada Refugee Réfugié Réfugiée Migrante Immigrant Inmigrante Sin Papeles "
        "Lesbienne Bisexual Bisexuel Transgénero Transgender Discapacitado Discapacitada Disabled "
        "Handicapé Handicapée Autista Autistic Autiste Seropositivo Seropositiva Séropositif Séropositive"
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
    "شكرا شكراً مساعدة ساعدوني الله السلام عليكم اسمي إسمي أنا السيد السيدة اسمه اسمها "
    # Nationalities, origins, religions, what a reporter is: the ground, never a name.
    "مغربي مغربية جزائري جزائرية تونسي تونسية سوري سورية مصري مصرية عربي عربية أمازيغي أمازيغية "
    "سنغالي سنغالية روماني رومانية غجري غجرية مسلم مسلمة يهودي يهودية مسيحي مسيحية لاجئ لاجئة "
    "مهاجر مهاجرة أسود سوداء كحل كحلة امرأة مثلي مثلية ترانس عابرة معاق معاقة".split()
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


LOWER_WORD = re.compile(r"[a-zà-öø-ÿăâîșțşţ][\w'’-]*")
LOWER_PARTICLES = frozenset({"de", "del", "la", "i", "y", "el", "al", "ben", "bin", "van", "da", "dos"})
EXPLICIT_CUE = re.compile(
    r"(?i:me\s+llamo|mi\s+nombre\s+es|em\s+dic|el\s+meu\s+nom\s+[ée]s|my\s+name\s+is|"
    r"je\s+m['’]appelle|mon\s+nom\s+est|m[ăa]\s+numesc|numele\s+meu\s+(?:este|e)|smiti|ismi)\s*[:,]?\s*$"
)


def _lower_name_end(text: str, start: int) -> int | None:
    """End of a name typed in lower case after an explicit cue ("me llamo maría josé fernández"): words
    the gazetteer knows, with particles between them; the first must be a known first name."""
    names, family = first_names(), surnames()
    pos, end, count = start, None, 0
    while count < 5:
        m = LOWER_WORD.match(text, pos)
        if not m:
            break
        word = _fold(m.group())
        if word in LOWER_PARTICLES and end is not None:
            pass
        elif (word in names) if end is None else (word in names or word in family):
            end = m.end()
        else:
            break
        count += 1
        gap = re.match(r"[ \t]+", text[m.end() :])
        if not gap:
            break
        pos = m.end() + gap.end()
    return end


# Words that end an Arabic name: prepositions and conjunctions ("رشيد مرابط من أوريولس", from Orriols).
ARABIC_NAME_STOPS = frozenset("من في على عند مع و ف هو هي أنا انا كنت ساكن ساكنة عمري".split())


def _arabic_name_end(text: str, start: int) -> int | None:
    """End of the one to three Arabic words of a name at ``start``, without the words that end a name
    (``ARABIC_NAME_STOPS``) or what a reporter says they are (``NOT_ARABIC_NAMES``)."""
    m = ARABIC_NAME_AT.match(text, start)
    if not m:
        return None
    end = None
    for word in re.finditer(r"\S+", m.group()):
        w = word.group()
        if {w, w[1:] if w[:1] == "و" else w} & (ARABIC_NAME_STOPS | NOT_ARABIC_NAMES):
            break
        end = start + word.end()
    return end


def _persons(text):
    names, family, places = first_names(), surnames(), place_names()
    for cue in STRONG_CUES.finditer(text):
        end = _name_end(text, cue.end())
        if not end and EXPLICIT_CUE.search(text[max(0, cue.start() - 2) : cue.end()]):
            end = _lower_name_end(text, cue.end())
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
        end = _arabic_name_end(text, cue.end())
        if end:
            yield PiiSpan(cue.end(), end, "PERSON")
    for cue in ARABIC_WEAK_CUES.finditer(text):
        end = _arabic_name_end(text, cue.end())
        if end and _fold(text[cue.end() : end].split()[0]) in names:
            yield PiiSpan(cue.end(), end, "PERSON")
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


DETECTORS = (_emails, _ibans, _national_ids, _passports, _phones, _handles, _plates, _addresses, _persons)


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

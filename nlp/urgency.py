"""Rule-based urgency reasons: violence, threats to life, minors, ongoing situations, self-harm.

Rules give the reasons a caseworker can read and check; a classifier probability (trained in
``nlp.training``) catches the urgent reports the rules miss. Matching runs on lower-cased,
accent-folded tokens so that "está pasando", "esta pasando" and "ESTÁ PASANDO" are one phrase.
"""

import functools
import re
import unicodedata

import spacy
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.taxonomy import URGENCY_REASONS

# Phrases per reason, all served languages together: one pipeline serves them all, and a phrase in one
# language is practically never an innocent word sequence in another.
PHRASES = {
    "violence": [
        # es
        "me pego",
        "me pegaron",
        "nos pegaron",
        "le pegaron",
        "le pego",
        "la pego",
        "lo pego",
        "me pegan",
        "pegaron a",
        "me agredio",
        "me agredieron",
        "nos agredieron",
        "le agredieron",
        "agresion",
        "agredido",
        "agredida",
        "paliza",
        "patada",
        "patadas",
        "punetazo",
        "punetazos",
        "golpe",
        "golpes",
        "golpearon",
        "me golpeo",
        "empujon",
        "me empujo",
        "sangre",
        "sangrando",
        "herida",
        "heridas",
        "puntos de sutura",
        "nariz rota",
        "me tiraron al suelo",
        "bofetada",
        "me escupio",
        "me apunalo",
        "navajazo",
        "me quemaron",
        "me han pegado",
        "le han pegado",
        "nos han pegado",
        "me sangra",
        "sangraba",
        "magullado",
        "magullada",
        "moratones",
        "hematomas",
        "fractura",
        "me han tirado al suelo",
        "me rompieron",
        # ca
        "em va pegar",
        "ens van pegar",
        "li van pegar",
        "em van pegar",
        "cop de puny",
        "cops de puny",
        "puntada",
        "puntades",
        "agressio",
        "agredit",
        "agredida",
        "pallissa",
        "sang",
        "ferit",
        "ferida",
        "em van empenyer",
        "bufetada",
        "em van tirar a terra",
        "m'han pegat",
        "li han pegat",
        "m'han agredit",
        "em sagna",
        "blaus",
        "colp de puny",
        "colps",
        "fractura",
        # en
        "punched",
        "punch",
        "hit me",
        "hit him",
        "hit her",
        "kicked",
        "beaten",
        "beat me",
        "beat him",
        "beat up",
        "assaulted",
        "attacked me",
        "attacked us",
        "attacked him",
        "attacked her",
        "slapped",
        "pushed me",
        "broken nose",
        "nose is broken",
        "bleeding",
        "blood",
        "stitches",
        "injured",
        "injuries",
        "black eye",
        "cut lip",
        "stabbed",
        "knocked me down",
        "spat on me",
        "bruises",
        "broken tooth",
        "grabbed and slapped",
        "threw me to the ground",
        "fractured",
        "bruised",
        "kicking",
        "punching",
        "beating",
        "knocked",
        "dragged",
        "strangled",
        "choked",
        # fr
        "m'a frappe",
        "ils m'ont frappe",
        "frappe",
        "frappee",
        "coups",
        "coup de poing",
        "coups de pied",
        "agresse",
        "agressee",
        "agression",
        "tabasse",
        "gifle",
        "saignait",
        "sang",
        "blesse",
        "blessee",
        "poignarde",
        "m'a pousse",
        "cracher",
        "frapper",
        "frappent",
        "m'ont frappe",
        "coup de pied",
        "coups de poing",
        "ecchymoses",
        "fracture",
        "etrangle",
        # ar
        "ضربني",
        "ضربوني",
        "ضربه",
        "ضربوه",
        "ضربها",
        "اعتداء",
        "اعتدى",
        "اعتدوا",
        "لكمة",
        "لكمني",
        "ركلني",
        "دم",
        "جرح",
        "مجروح",
        "طعن",
        "صفعني",
        "دفعني",
        "كدمات",
        "يضربني",
        "ضربتني",
        "نزيف",
    ],
    "threat_to_life": [
        "te voy a matar",
        "os vamos a matar",
        "te vamos a matar",
        "os voy a matar",
        "os matamos",
        "te mato",
        "matarte",
        "mataros",
        "matarnos",
        "matarla",
        "matarlo",
        "quemaros",
        "quemarlos",
        "quemarlos vivos",
        "quemar vivos",
        "hay que matar",
        "deberian morir",
        "estas muerto",
        "estais muertos",
        "cuchillo",
        "navaja",
        "pistola",
        "arma",
        "amenaza de muerte",
        "amenazas de muerte",
        "te vamos a violar",
        "os vamos a quemar",
        "los vamos a quemar",
        "te vamos a quemar",
        "quemarlos",
        "gasolina",
        "poner una bomba",
        "una bomba",
        "apunalarte",
        "acabar contigo",
        "et matare",
        "us matarem",
        "et matarem",
        "matar-te",
        "matar-vos",
        "ganivet",
        "amenaces de mort",
        "us cremarem",
        "et cremarem",
        "cremar-vos",
        "cremar-los",
        "kill you",
        "kill us",
        "kill him",
        "kill her",
        "kill them",
        "will kill",
        "gonna kill",
        "going to kill",
        "you're dead",
        "you are dead",
        "should all die",
        "knife",
        "gun",
        "death threat",
        "death threats",
        "burn you",
        "burn your house",
        "put your head on a pike",
        "slit your throat",
        "i will find you",
        "stab you",
        "shoot you",
        "hang you",
        "a bomb",
        "petrol",
        "gasoline",
        "leave in a box",
        "finish me",
        "bury them",
        "te tuer",
        "vous tuer",
        "je vais te tuer",
        "on va te tuer",
        "on va vous tuer",
        "couteau",
        "pistolet",
        "menace de mort",
        "menaces de mort",
        "tu es mort",
        "egorger",
        "bruler vif",
        "te bruler",
        "vous bruler",
        "on va te bruler",
        "te pendre",
        "vous pendre",
        "t'egorger",
        "poignarder",
        "une bombe",
        "de l'essence",
        "سأقتلك",
        "سنقتلك",
        "سنقتلكم",
        "نقتلك",
        "نقتلكم",
        "يقتلك",
        "القتل",
        "قتلك",
        "سكين",
        "مسدس",
        "تهديد بالقتل",
        "بالقتل",
        "سنحرقكم",
        "سأذبحك",
        "نحرقكم",
        "سنحرقك",
        "نذبحك",
        "قنبلة",
        "بنزين",
    ],
    "minor": [
        "mi hijo",
        "mi hija",
        "mis hijos",
        "nuestro hijo",
        "nuestra hija",
        "menor",
        "menores",
        "nino",
        "nina",
        "ninos",
        "ninas",
        "el nen",
        "la nena",
        "el meu fill",
        "la meua filla",
        "la meva filla",
        "el meu fill",
        "els meus fills",
        "menors",
        "alumno",
        "alumna",
        "instituto",
        "institut",
        "colegio",
        "escola",
        "my son",
        "my daughter",
        "our son",
        "our daughter",
        "my kids",
        "my children",
        "child",
        "children",
        "minor",
        "teenager",
        "kid",
        "kids",
        "school",
        "classmates",
        "mon fils",
        "ma fille",
        "mes enfants",
        "enfant",
        "enfants",
        "mineur",
        "mineure",
        "college",
        "lycee",
        "ابني",
        "ابنتي",
        "أطفالي",
        "اطفالي",
        "طفل",
        "طفلة",
        "قاصر",
        "المدرسة",
        "ولدي",
        "بنتي",
    ],
    # Abuse that is still going on. Single words such as "now", "ahora", "ara", "keep", "toujours" or
    # "maintenant" were dropped (they fired on 17, 11, 6, 4 and 8 training reports, most not urgent):
    # the phrases say that it continues or happened again.
    "ongoing": [
        "ahora mismo",
        "esta pasando",
        "sigue pasando",
        "sigue haciendo",
        "siguen haciendo",
        "todavia",
        "cada dia",
        "cada noche",
        "cada manana",
        "cada semana",
        "todos los dias",
        "todas las noches",
        "otra vez",
        "de nuevo",
        "no paran",
        "no para de",
        "ya van",
        "anoche tambien",
        "hoy tambien",
        "estan aqui",
        "esta aqui",
        "siguen ahi",
        "sigo viviendo con",
        "ara mateix",
        "encara",
        "cada nit",
        "cada mati",
        "cada setmana",
        "tots els dies",
        "una altra vegada",
        "continua passant",
        "no paren",
        "hui tambe",
        "right now",
        "still",
        "every day",
        "every night",
        "every morning",
        "every week",
        "every evening",
        "keeps",
        "again",
        "all the time",
        "happens all the time",
        "still happening",
        "still going on",
        "ongoing",
        "for months",
        "for weeks",
        "they are outside",
        "outside my door",
        "won't stop",
        "doesn't stop",
        "en ce moment",
        "tous les jours",
        "tous les soirs",
        "chaque jour",
        "chaque nuit",
        "chaque soir",
        "chaque matin",
        "encore",
        "ca continue",
        "continue de",
        "continuent",
        "tout le temps",
        "depuis des mois",
        "depuis des semaines",
        "je vis toujours avec",
        "الآن",
        "الان",
        "كل يوم",
        "كل نهار",
        "كل ليلة",
        "كل صباح",
        "كل مرة",
        "كل سيمانة",
        "مازال",
        "ما زال",
        "لا يزال",
        "لسا",
        "مستمر",
        "عاودو",
        "مرة أخرى",
    ],
    "self_harm": [
        "quitarme la vida",
        "suicidarme",
        "suicidio",
        "no quiero vivir",
        "no quiero seguir viviendo",
        "me quiero morir",
        "quiero morirme",
        "hacerme dano",
        "autolesion",
        "autolesiones",
        "cortarme",
        "tomarme todas las pastillas",
        "pastillas",
        "acabar con todo",
        "no aguanto mas",
        "mejor muerto",
        "mejor muerta",
        "hacerme cortes",
        "me corto",
        "matarme",
        "desaparecer y no volver",
        "treure'm la vida",
        "suicidar-me",
        "no vull viure",
        "em vull morir",
        "fer-me mal",
        "desapareixer",
        "matar-me",
        "kill myself",
        "end my life",
        "suicide",
        "suicidal",
        "self-harm",
        "self harm",
        "hurt myself",
        "want to die",
        "don't want to live",
        "rather not exist",
        "not exist",
        "end it all",
        "cutting myself",
        "cut myself",
        "better if i was gone",
        "better off without me",
        "me suicider",
        "me tuer",
        "mettre fin a mes jours",
        "envie de mourir",
        "me faire du mal",
        "mieux sans moi",
        "me couper",
        "je veux mourir",
        "أنتحر",
        "انتحر",
        "الانتحار",
        "انتحار",
        "أريد أن أموت",
        "اريد ان اموت",
        "أؤذي نفسي",
        "نقتل راسي",
        "n9tel rasi",
    ],
}
# Phrases that contain a reason's phrase without meaning it: a match inside one of these does not count
# ("de golpe" is "all at once", "blood pressure" is a check-up, "when I was a child" is the reporter).
EXCEPTIONS = {
    "violence": [
        "de golpe",
        "golpe de calor",
        "golpe de estado",
        "analisis de sangre",
        "analisi de sang",
        "blood pressure",
        "blood test",
        "prise de sang",
        "tension",
    ],
    "minor": [
        "cuando era nino",
        "cuando era nina",
        "de pequeno",
        "de pequena",
        "quan era xiquet",
        "quan era xiqueta",
        "when i was a child",
        "when i was a kid",
        "as a child",
        "quand j'etais enfant",
        "quand j'etais petit",
        "quand j'etais petite",
    ],
}

# Context that is not a reason of its own but tells an emergency from a report of something finished: it
# happened in the last hours or days, it happened long ago (or has not happened again since), the
# reporter says they are afraid or asks for help. Features of the urgency combiner (``nlp.training``).
CONTEXT = {
    "recent": [
        "hoy",
        "ayer",
        "anoche",
        "esta manana",
        "esta tarde",
        "esta noche",
        "hace un rato",
        "hace media hora",
        "hace una hora",
        "esta semana",
        "este fin de semana",
        "hui",
        "ahir",
        "anit",
        "este mati",
        "esta vesprada",
        "esta nit",
        "fa una estona",
        "fa mitja hora",
        "aquesta setmana",
        "today",
        "yesterday",
        "tonight",
        "last night",
        "this morning",
        "this afternoon",
        "this evening",
        "this week",
        "an hour ago",
        "minutes ago",
        "aujourd'hui",
        "hier",
        "cette nuit",
        "ce soir",
        "ce matin",
        "cet apres-midi",
        "cette semaine",
        "il y a une heure",
        "اليوم",
        "البارح",
        "البارحة",
        "أمس",
        "امس",
        "الليلة",
        "هذا الصباح",
        "هاد الصباح",
        "هذا الأسبوع",
    ],
    "past": [
        "hace un ano",
        "hace dos anos",
        "hace anos",
        "hace meses",
        "hace unos meses",
        "hace tiempo",
        "el ano pasado",
        "hace un mes",
        "desde entonces no",
        "no ha vuelto",
        "no lo he vuelto a ver",
        "fa un any",
        "fa dos anys",
        "fa anys",
        "fa mesos",
        "l'any passat",
        "fa un mes",
        "des d'aleshores no",
        "no ha tornat",
        "years ago",
        "a year ago",
        "last year",
        "months ago",
        "a month ago",
        "since then nothing",
        "hasn't done anything since",
        "never did anything",
        "that was last",
        "back in",
        "il y a un an",
        "il y a deux ans",
        "l'annee derniere",
        "l'an dernier",
        "il y a des mois",
        "il y a un mois",
        "depuis il n'a rien",
        "قبل سنة",
        "قبل سنوات",
        "السنة الماضية",
        "العام الماضي",
        "قبل شهور",
        "قبل شهر",
    ],
    "fear": [
        "tengo miedo",
        "me da miedo",
        "tengo mucho miedo",
        "estoy aterrada",
        "estoy aterrado",
        "ayudadme",
        "necesito ayuda",
        "no he dormido",
        "no puedo dormir",
        "tinc por",
        "em fa por",
        "ajudeu-me",
        "i'm scared",
        "i am scared",
        "i'm afraid",
        "i am afraid",
        "terrified",
        "please help",
        "help us",
        "help me",
        "i can't sleep",
        "shaking",
        "j'ai peur",
        "aidez-moi",
        "aidez-nous",
        "je tremble",
        "خايف",
        "خايفة",
        "خائف",
        "خائفة",
        "ساعدوني",
        "عافاكم",
    ],
}
SIGNALS = (*URGENCY_REASONS, "minor_age", *CONTEXT)

AGE_WORDS = {"anos", "years", "year", "ans", "anys", "yo", "عاما", "عام", "سنة", "سنوات", "سنين"}
# "hace 14 años", "fa 10 anys", "since 2019", "for 12 years", "depuis 15 ans", "منذ 10 سنوات": a duration
# or a time ago, not somebody's age; "10 years ago", "10 años después", "12 years here" likewise.
NOT_AGE_BEFORE = {
    "hace",
    "fa",
    "desde",
    "des",
    "dels",
    "depuis",
    "since",
    "for",
    "llevo",
    "porte",
    "durante",
    "durant",
    "pendant",
    "منذ",
    "قبل",
    "هادي",
    "lleva",
    "fai",
}
NOT_AGE_AFTER = {
    "ago",
    "despues",
    "later",
    "mes",
    "plus",
    "apres",
    "aqui",
    "here",
    "ici",
    "aci",
    "en",
    "in",
    "de",
    "d",
    "of",
    "a",
}
MAJORITY = 18
# "hace dos años", "fa tres mesos", "six years ago", "il y a dix ans", "قبل خمس سنوات": any one word for
# the number, so that spelt-out numbers count too.
AGO_BEFORE = {"hace", "fa", "قبل", "هادي"}
AGO_UNITS = {
    "anos",
    "ano",
    "anys",
    "any",
    "meses",
    "mesos",
    "years",
    "months",
    "ans",
    "mois",
    "سنوات",
    "سنين",
    "سنة",
    "عام",
    "شهور",
    "أشهر",
}


@functools.cache
def _bmp_marks() -> dict[int, None]:
    """``str.translate`` table deleting the nonspacing marks (category Mn) of the Basic Multilingual Plane."""
    return {cp: None for cp in range(0x10000) if unicodedata.category(chr(cp)) == "Mn"}


ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def fold(text: str) -> str:
    """Lower-case and strip accents, keeping Arabic letters intact (their marks are optional vowels)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    if ASTRAL.search(decomposed):  # rare (emoji, historic scripts): the per-character test
        kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    else:  # one C-level pass instead of a Python test per character
        kept = decomposed.translate(_bmp_marks())
    return unicodedata.normalize("NFC", kept)


WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """The folded word tokens the urgency rules and the cue lexicon both match on (one pass per report)."""
    return WORD.findall(fold(text))


@functools.cache
def vocab() -> Vocab:
    return spacy.blank("xx").vocab


def make_doc(words: list[str]) -> Doc:
    return Doc(vocab(), words=words)


@functools.cache
def _matchers() -> tuple[PhraseMatcher, Matcher, PhraseMatcher, PhraseMatcher]:
    phrases = PhraseMatcher(vocab(), attr="ORTH")
    for reason in URGENCY_REASONS:
        phrases.add(reason, [make_doc(tokens(p)) for p in PHRASES[reason]])
    ages = Matcher(vocab())
    # "14 años", "aged 15", "15-year-old" (tokens 15 year old): the number decides whether a minor is
    # involved.
    ages.add("age", [[{"LIKE_NUM": True}, {"ORTH": {"IN": sorted(AGE_WORDS)}}]])
    ages.add("age", [[{"ORTH": {"IN": ["aged", "age", "edad", "edat"]}}, {"LIKE_NUM": True}]])
    exceptions = PhraseMatcher(vocab(), attr="ORTH")
    for reason, entries in EXCEPTIONS.items():
        exceptions.add(reason, [make_doc(tokens(p)) for p in entries])
    context = PhraseMatcher(vocab(), attr="ORTH")
    for name, entries in CONTEXT.items():
        context.add(name, [make_doc(tokens(p)) for p in entries])
    return phrases, ages, exceptions, context


def _says_long_ago(words: list[str]) -> bool:
    """ "hace dos años", "fa tres mesos", "six years ago", "il y a dix ans", "قبل خمس سنوات": a unit of
    years or months with "hace" / "fa" / "قبل" / "هادي" two words before it, "ago" after it, or "il y a"
    before the number (a plain scan: a spaCy ``Matcher`` with a wildcard cost 2 ms per report)."""
    for i, word in enumerate(words):
        if word not in AGO_UNITS or i < 2:
            continue
        if (
            words[i - 2] in AGO_BEFORE
            or words[i + 1 : i + 2] == ["ago"]
            or words[i - 4 : i - 1] == ["il", "y", "a"]
        ):
            return True
    return False


def _age_mentions_minor(doc, matches) -> bool:
    for _, start, end in matches:
        digits = re.findall(r"\d+", doc[start:end].text)
        if not digits or int(digits[0]) >= MAJORITY:
            continue
        before = {t.text for t in doc[max(start - 2, 0) : start]}
        after = doc[end].text if end < len(doc) else ""
        if before & NOT_AGE_BEFORE or after in NOT_AGE_AFTER:
            continue
        return True
    return False


# Reasons that are urgent on their own; "minor" and "ongoing" are context, urgent only together with
# the classifier or another reason (a housing refusal that mentions "mis hijos" is not an emergency).
STRONG_REASONS = frozenset({"violence", "threat_to_life", "self_harm"})


def signals(text: str, words: list[str] | None = None) -> dict[str, bool]:
    """Every rule signal of ``SIGNALS``: the reasons' phrases (less those inside an exception), an age
    under 18, and the time and fear context; ``words``: ``tokens(text)`` if known."""
    doc = make_doc(tokens(text) if words is None else words)
    phrases, ages, exceptions, context = _matchers()
    strings = doc.vocab.strings
    excluded: dict[str, list[tuple[int, int]]] = {}
    for match_id, start, end in exceptions(doc):
        excluded.setdefault(strings[match_id], []).append((start, end))
    found = set()
    for match_id, start, end in phrases(doc):
        reason = strings[match_id]
        if not any(s <= start and end <= e for s, e in excluded.get(reason, ())):
            found.add(reason)
    if _age_mentions_minor(doc, ages(doc)):
        found.add("minor_age")
    found.update(strings[match_id] for match_id, _, _ in context(doc))
    if _says_long_ago([t.text for t in doc]):
        found.add("past")
    return {name: name in found for name in SIGNALS}


def forces_urgency(found: dict[str, bool]) -> bool:
    """A strong reason makes a report urgent on its own, unless the report places the events long ago
    and nothing in it says they happened in the last days: a beating years ago, a death threat last
    year that was never repeated. Those are left to the combiner, which sees the time cues too."""
    strong = any(found[r] for r in STRONG_REASONS)
    return strong and not (found["past"] and not found["recent"])


def reasons_of(found: dict[str, bool]) -> list[str]:
    """The urgency reasons named by ``signals``, in taxonomy order (an age under 18 is a minor)."""
    return [r for r in URGENCY_REASONS if found[r] or (r == "minor" and found["minor_age"])]


def rule_reasons(text: str, words: list[str] | None = None) -> list[str]:
    """Urgency reasons found by the rules, in taxonomy order; ``words``: ``tokens(text)`` if known."""
    return reasons_of(signals(text, words))

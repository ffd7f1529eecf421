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
        "et matare",
        "us matarem",
        "et matarem",
        "matar-te",
        "matar-vos",
        "ganivet",
        "amenaces de mort",
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
    "ongoing": [
        "ahora mismo",
        "ahora",
        "esta pasando",
        "sigue pasando",
        "todavia",
        "aun",
        "cada dia",
        "cada noche",
        "todos los dias",
        "todas las noches",
        "esta semana",
        "otra vez",
        "de nuevo",
        "siguen",
        "sigue",
        "no paran",
        "ya van",
        "cada semana",
        "anoche tambien",
        "hoy tambien",
        "estan aqui",
        "esta aqui",
        "ara mateix",
        "ara",
        "cada dia",
        "cada nit",
        "encara",
        "tots els dies",
        "aquesta setmana",
        "continua",
        "right now",
        "now",
        "still",
        "every day",
        "every night",
        "every week",
        "keeps",
        "keep",
        "again",
        "happening",
        "ongoing",
        "this week",
        "for months",
        "for weeks",
        "they are outside",
        "outside my door",
        "last one today",
        "last one yesterday",
        "three times",
        "en ce moment",
        "maintenant",
        "toujours",
        "tous les jours",
        "chaque jour",
        "chaque nuit",
        "encore",
        "cette semaine",
        "continue",
        "depuis des mois",
        "الآن",
        "الان",
        "كل يوم",
        "كل ليلة",
        "مازال",
        "ما زال",
        "لا يزال",
        "مستمر",
        "هذا الأسبوع",
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
        "treure'm la vida",
        "suicidar-me",
        "no vull viure",
        "em vull morir",
        "fer-me mal",
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
        "me suicider",
        "me tuer",
        "mettre fin a mes jours",
        "envie de mourir",
        "je veux mourir",
        "أنتحر",
        "انتحر",
        "الانتحار",
        "انتحار",
        "أريد أن أموت",
        "اريد ان اموت",
        "أؤذي نفسي",
    ],
}
AGE_WORDS = {"anos", "years", "year", "ans", "anys", "yo", "عاما", "سنة", "سنوات"}
MAJORITY = 18


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
def _matchers() -> tuple[PhraseMatcher, Matcher]:
    phrases = PhraseMatcher(vocab(), attr="ORTH")
    for reason in URGENCY_REASONS:
        phrases.add(reason, [make_doc(tokens(p)) for p in PHRASES[reason]])
    ages = Matcher(vocab())
    # "14 años", "aged 15", "15-year-old" (tokens 15 year old): the number decides whether a minor is
    # involved.
    ages.add("age", [[{"LIKE_NUM": True}, {"ORTH": {"IN": sorted(AGE_WORDS)}}]])
    ages.add("age", [[{"ORTH": {"IN": ["aged", "age", "edad", "edat"]}}, {"LIKE_NUM": True}]])
    return phrases, ages


def _age_mentions_minor(doc, matches) -> bool:
    for _, start, end in matches:
        digits = re.findall(r"\d+", doc[start:end].text)
        if digits and int(digits[0]) < MAJORITY:
            return True
    return False


# Reasons that are urgent on their own; "minor" and "ongoing" are context, urgent only together with
# the classifier or another reason (a housing refusal that mentions "mis hijos" is not an emergency).
STRONG_REASONS = frozenset({"violence", "threat_to_life", "self_harm"})


def rule_reasons(text: str, words: list[str] | None = None) -> list[str]:
    """Urgency reasons found by the rules, in taxonomy order; ``words``: ``tokens(text)`` if known."""
    doc = make_doc(tokens(text) if words is None else words)
    phrases, ages = _matchers()
    found = {doc.vocab.strings[match_id] for match_id, _, _ in phrases(doc)}
    if "minor" not in found and _age_mentions_minor(doc, ages(doc)):
        found.add("minor")
    return [reason for reason in URGENCY_REASONS if reason in found]

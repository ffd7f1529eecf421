"""Personal data written the way people really type it, in every language reporters use: dotted and
spaced DNI/NIE, IBANs in lower case without spaces, names in lower case after a cue, social-media
handles, addresses with number, floor and door, Arabic-script addresses; and the words that say what a
reporter is (nationality, religion, the ground itself) that must never be redacted.

Targets (issue 17): structured identifiers ≥ 0.98 redacted, names ≥ 0.85, no ground word redacted.
Each case is in the corpus markup (``[[LABEL|surface]]``); a span counts as redacted when its surface
no longer appears in the redacted text.
"""

import pytest

from nlp.corpus import strip_markup
from nlp.pii import detect, redact
from nlp.taxonomy import STRUCTURED_PII

STRUCTURED = [
    # es
    "Mi DNI es [[NATIONAL_ID|48.291.736-Q]] y no me lo quisieron mirar.",
    "dni [[NATIONAL_ID|48 291 736 Q]], lo pongo por si hace falta",
    "Tengo NIE [[NATIONAL_ID|X-5037655-B]] desde 2019.",
    "mi nie es [[NATIONAL_ID|x5037655b]] en minúsculas",
    "Me cobraron dos veces, mi cuenta [[IBAN|es9121000418450200051332]].",
    "IBAN: [[IBAN|ES91-2100-0418-4502-0005-1332]]",
    "En Instagram me insulta [[HANDLE|@vlc_patriota88]] cada día.",
    "Llamadme al [[PHONE|634.112.908]] por la tarde.",
    "escribidme a [[EMAIL|laura.gimeno87@hotmail.es]] porfa",
    # ca
    "El meu DNI és [[NATIONAL_ID|48.291.736-Q]] i el del meu home [[NATIONAL_ID|12345678-Z]].",
    "Compte per a la devolució: [[IBAN|es91 2100 0418 4502 0005 1332]].",
    "L'usuari [[HANDLE|@valencia.neta]] va publicar la meua foto.",
    "Telefoneu-me al [[PHONE|+34 688 301 447]].",
    # en
    "My NIE is [[NATIONAL_ID|Y.1234567.X]] and they still refused.",
    "Refund to [[IBAN|gb82west12345698765432]] please.",
    "The account [[HANDLE|@spain_first_1939]] keeps tagging me.",
    "Call me on [[PHONE|+44 7911 123456]] or email [[EMAIL|tom.h@protonmail.com]].",
    # fr
    "Mon NIE : [[NATIONAL_ID|Z 7654321 H]]. Ils ont refusé quand même.",
    "Voici mon IBAN [[IBAN|FR7630006000011234567890189]] pour le remboursement.",
    "Le compte [[HANDLE|@reconquista_vlc]] a partagé mon adresse.",
    "Mon numéro : [[PHONE|06 12 34 56 78]].",
    # ar
    "رقم النيي ديالي [[NATIONAL_ID|X5037655B]] والموظف ما بغاش يشوفو.",
    "الحساب [[HANDLE|@vlc_patriota88]] كيسبني كل نهار فإنستغرام.",
    "رقمي [[PHONE|634 112 955]]، عيطو ليا من فضلكم.",
    "الإيبان ديالي [[IBAN|ES9121000418450200051332]].",
    # ro
    "NIE-ul meu este [[NATIONAL_ID|X-5037655-B]] și tot nu m-au primit.",
    "Contul [[HANDLE|@romani_afara]] mă jignește pe TikTok.",
    "Numărul meu: [[PHONE|+40 721 234 567]].",
    # Darija in Latin letters
    "nmra dyali [[PHONE|0612345678]] 3iyto lia",
    "had l compte [[HANDLE|@moro_fuera]] kaysebni kol nhar",
]

NAMES = [
    "Hola, me llamo [[PERSON|maría josé fernández]] y vivo en Russafa.",
    "me llamo [[PERSON|youssef]] y trabajo en el puerto",
    "Mi nombre es [[PERSON|Rafael Heredia Jiménez]].",
    "Soy [[PERSON|Fatima Zahra Benali]], marroquí, y esto pasó ayer.",
    "em dic [[PERSON|jordi puig i ferrer]] i soc de Patraix",
    "Em dic [[PERSON|Núria Llorens]] i la veïna em va insultar.",
    "My name is [[PERSON|Grace Okafor]], I am Nigerian.",
    "my name is [[PERSON|fatima]] and i need help",
    "Je m'appelle [[PERSON|Mamadou Sylla]], je suis sénégalais.",
    "je m'appelle [[PERSON|karim]] j'ai 19 ans",
    "اسمي [[PERSON|يوسف العمراني]]، مغربي وعندي عقد عمل.",
    "أنا [[PERSON|رشيد مرابط]] من أوريولس.",
    "Mă numesc [[PERSON|Ionuț Popescu]] și lucrez în construcții.",
    "ma numesc [[PERSON|maria ionescu]] si sunt româncă",
    "smiti [[PERSON|youssef]] w ana mghribi",
    "La encargada, [[PERSON|Sra. Pastor]], me dijo que no.",
]

# What the reporter is, or the group targeted: must survive redaction.
GROUND_WORDS = [
    ("أنا مغربية ومتزوجة بإسباني.", "مغربية"),
    ("أنا لاجئة سورية، عندي طفلين.", "سورية"),
    ("أنا مسلمة ولابسة الحجاب.", "مسلمة"),
    ("انا جزائري وعندي وراق.", "جزائري"),
    ("Soy Gitana y en la tienda me siguieron.", "Gitana"),
    ("Soy Marroquí y me dijeron que me volviera a mi país.", "Marroquí"),
    ("I'm Romanian and the landlord hung up.", "Romanian"),
    ("Je suis Algérienne, étudiante à la UPV.", "Algérienne"),
    ("Sóc Musulmana i porte mocador.", "Musulmana"),
    ("I am Black and Muslim, the guard stopped only me.", "Muslim"),
    ("Sunt româncă și mi-au zis să plec acasă.", "româncă"),
]


def _redacted_share(cases: list[str], labels) -> tuple[float, list[str]]:
    found = total = 0
    missed = []
    for marked in cases:
        text, spans = strip_markup(marked)
        redacted = redact(text, detect(text))
        for span in spans:
            if span.label in labels:
                total += 1
                surface = text[span.start : span.end]
                if surface not in redacted:
                    found += 1
                else:
                    missed.append(surface)
    return found / total, missed


def test_structured_identifiers_are_redacted_in_every_language():
    share, missed = _redacted_share(STRUCTURED, STRUCTURED_PII)
    assert share >= 0.98, missed


def test_names_are_redacted_in_every_language_even_in_lower_case():
    share, missed = _redacted_share(NAMES, {"PERSON"})
    assert share >= 0.85, missed


@pytest.mark.parametrize(("text", "word"), GROUND_WORDS)
def test_what_a_reporter_is_is_never_redacted(text, word):
    assert word in redact(text, detect(text))


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Vivo en la avenida del Puerto número 112, 3º B, en el Grao.",
            "avenida del Puerto número 112, 3º B",
        ),
        ("vivo en calle sueca 12 piso 3 y los vecinos…", "calle sueca 12 piso 3"),
        ("Visc al carrer de Sant Vicent, 45, 2n 3a, a Russafa.", "carrer de Sant Vicent, 45, 2n 3a"),
        ("Our flat is at c/ Alboraia 14, pta 5.", "c/ Alboraia 14, pta 5"),
        ("ساكنة ف زنقة ابن بطوطة رقم 14 الطابق 2 فبنيماكليت.", "زنقة ابن بطوطة رقم 14 الطابق 2"),
        ("عنواني أفينيدا بلاسكو إيبانيز 23", "أفينيدا بلاسكو إيبانيز 23"),
    ],
)
def test_spanish_valencian_and_arabic_addresses_with_floor_and_door(text, address):
    assert any(s.label == "ADDRESS" and text[s.start : s.end] == address for s in detect(text)), [
        (text[s.start : s.end], s.label) for s in detect(text)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "En la calle desde hace 2 años nadie me saluda.",
        "calle y me pegaron 3 veces",
        "On m'insulte dans la rue depuis 3 mois.",
        "Écrivez à marta@example.com",  # an e-mail is not a handle
        "Me llamo la atención el cartel de la puerta.",
    ],
)
def test_look_alikes_are_not_taken_for_addresses_or_handles(text):
    labels = {s.label for s in detect(text)}
    assert not labels & {"ADDRESS", "HANDLE", "PERSON"}

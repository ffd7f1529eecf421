"""The demo's public pages in the six languages (cms.demo builds them).

Each language module holds the same structure: HOME, REPORT, PAGES (by key) and ORGANISATIONS (by
key). The Spanish texts are the source; every other language must have the same blocks in the same
order, with as many paragraphs in each text, because each translated string is matched to the place it
holds in the Spanish page (tests/cms/test_demo_site.py checks it). Phone numbers and web addresses are
copied from the Spanish page whatever the translation says.

What is facts and what is illustrative: the legal texts cite only articles we are sure of. The
directory lists organisations that exist in València, but their languages, services and points on the
map are illustrative; no phone number or street address is given unless it is certain (112, 016, 091,
092, 062), and each entry sends the reader to the organisation's official website.
"""

from cms.demo_content import ar, ca, en, es, fr, ro

SOURCE_LANGUAGE = "es"
CONTENT = {"es": es, "ca": ca, "ar": ar, "fr": fr, "ro": ro, "en": en}

# The information pages under the home page, in this order, with the same slug in every language: the
# language switcher then swaps only the /xx/ prefix, on any page.
PAGE_SLUGS = {
    "what_happens": "que-pasa-con-mi-informe",
    "equal_treatment": "igualdad-de-trato",
    "hate_crime": "delitos-de-odio",
    "police": "denunciar",
    "undocumented": "sin-papeles",
    "directory": "organizaciones-de-apoyo",
    "privacy": "privacidad",
    "legal": "aviso-legal",
}

# What does not change with the language. Points (longitude, latitude) are only roughly right.
ORGANISATIONS = {
    "cruz_roja": {
        "services": ["social", "housing", "interpreting", "psychological"],
        "all_grounds": True,
        "grounds": [],
        "languages": ["es", "ca", "en", "fr", "ar"],
        "point": (-0.3822, 39.4646),
        "phone": "",
        "website": "https://www.cruzroja.es/",
    },
    "cear": {
        "services": ["legal", "psychological", "social", "housing", "employment", "interpreting"],
        "all_grounds": False,
        "grounds": ["racism", "anti_muslim", "religion", "sexual_orientation", "gender_identity"],
        "languages": ["es", "ca", "en", "fr", "ar"],
        "point": (-0.3700, 39.4650),
        "phone": "",
        "website": "https://www.cear.es/",
    },
    "accem": {
        "services": ["legal", "social", "housing", "employment"],
        "all_grounds": False,
        "grounds": ["racism", "anti_muslim", "religion"],
        "languages": ["es", "en", "fr", "ar", "uk", "ru"],
        "point": (-0.3900, 39.4760),
        "phone": "",
        "website": "https://www.accem.es/",
    },
    "valencia_acoge": {
        "services": ["legal", "employment", "social"],
        "all_grounds": False,
        "grounds": ["racism", "anti_muslim", "aporophobia"],
        "languages": ["es", "ca", "en", "fr", "ar", "wo"],
        "point": (-0.3640, 39.4780),
        "phone": "",
        "website": "",
    },
    "fsg": {
        "services": ["employment", "legal", "social", "accompaniment"],
        "all_grounds": False,
        "grounds": ["antigypsyism"],
        "languages": ["es", "ca", "ro"],
        "point": (-0.3850, 39.4560),
        "phone": "",
        "website": "https://www.gitanos.org/",
    },
    "lambda": {
        "services": ["legal", "psychological", "social", "accompaniment"],
        "all_grounds": False,
        "grounds": ["sexual_orientation", "gender_identity", "sex_gender"],
        "languages": ["es", "ca", "en"],
        "point": (-0.3770, 39.4740),
        "phone": "",
        "website": "",
    },
    "mci": {
        "services": ["legal", "accompaniment", "psychological"],
        "all_grounds": True,
        "grounds": [],
        "languages": ["es", "ca"],
        "point": (-0.3560, 39.4700),
        "phone": "",
        "website": "",
    },
    "oavd": {
        "services": ["legal", "psychological", "social", "accompaniment"],
        "all_grounds": True,
        "grounds": [],
        "languages": ["es", "ca"],
        "point": (-0.3555, 39.4590),
        "phone": "",
        "website": "",
    },
}

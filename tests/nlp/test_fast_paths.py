"""The hand-written fast paths give the same answers as the library code they replace."""

import re

import numpy as np
import phonenumbers
import spacy
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp import pii
from nlp.heads import VECTORIZERS, Vectorizer
from nlp.pipeline import WhitespaceTokenizer

TEXTS = [
    "Me insultaron en el autobús de la EMT por ser marroquí; el conductor no hizo nada.",
    "The landlord said   no foreigners.\nCall me on +34 612 345 678 or 96 354 21 10, Tom.",
    "On m'a refusé l'entrée de la boîte de nuit à cause de ma couleur de peau. A a a.",
    "قال لي صاحب الشقة إنه لا يؤجر للعرب، رقمي 688 402 731",
    "x",
    "",
]


def test_vectorizer_matches_scikit_learn():
    for name, params in VECTORIZERS.items():
        fitted = TfidfVectorizer(**dict(params, min_df=1)).fit(TEXTS)
        ours = Vectorizer.from_sklearn(name, fitted)
        expected = fitted.transform(TEXTS + ["unseen wörds only"]).toarray()
        got = ours.transform(TEXTS + ["unseen wörds only"]).toarray()
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, expected, atol=1e-6)


def test_whitespace_tokenizer_keeps_the_text():
    tokenizer = WhitespaceTokenizer(spacy.blank("xx").vocab)
    for text in TEXTS + [" ", "  two  spaces ", "trailing\n"]:
        assert tokenizer(text).text == text


def test_phone_windows_find_what_the_whole_text_finds():
    for text in TEXTS:
        whole = {
            (m.start, m.end)
            for region in pii.PHONE_REGIONS
            for m in phonenumbers.PhoneNumberMatcher(text, region)
        }
        assert whole <= {(span.start, span.end) for span in pii._phones(text)}


def test_whole_word_occurrences_match_the_regex():
    text = "Ana y Anabel; ana, Ana. _Ana Ana_ Ana"
    for surface in ("Ana", "ana", "Ana y"):
        expected = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text)]
        assert list(pii._whole(text, surface)) == expected


def test_fold_matches_the_per_character_definition():
    import unicodedata

    from nlp.urgency import fold

    def reference(text):
        decomposed = unicodedata.normalize("NFD", text.casefold())
        kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
        return unicodedata.normalize("NFC", kept)

    for text in TEXTS + ["Ça va 😀 كَتَبَ ÉÀÇ ß ﬁ 𝔸 e\u0301", "Ǆ ǰ İ ÀÉÎÕÜ"]:
        assert fold(text) == reference(text)

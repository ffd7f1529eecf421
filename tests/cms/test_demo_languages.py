"""The demo's public site in six languages (issue 15, "Done when"): the home page of every language links
to the information pages and the directory, no English is left on the pages of the other five, and the
directory filters by ground, language and service and sorts by distance from a neighbourhood."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.contrib.gis.geos import Point

from cms.demo_content import CONTENT, ORGANISATIONS, PAGE_SLUGS
from tests.factories import wagtail_roots
from tests.i18n.catalogue import MIN_CHARS, untranslated_strings

SIX = ["es", "ca", "ar", "fr", "ro", "en"]
DIRECTORY = PAGE_SLUGS["directory"]


@pytest.fixture
def demo(transactional_db, settings, tmp_path, boundaries):
    """Built as `make demo` builds it: committed, so that what Wagtail defers to the commit runs."""
    from observatory.demo import load_demo

    settings.VAR_DIR = tmp_path
    wagtail_roots()
    load_demo()


class _Text(HTMLParser):
    """What a reader sees of a page: its text, without scripts and styles, entities decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _texts(value) -> list[str]:
    """Every sentence-sized piece of text in a demo content structure (dicts, lists, tuples, HTML)."""
    if isinstance(value, str):
        pieces = re.split(r"<[^>]+>", value)
        return [" ".join(unescape(piece).split()) for piece in pieces]
    if isinstance(value, dict):
        return [text for part in value.values() for text in _texts(part)]
    if isinstance(value, (list, tuple)):
        return [text for part in value for text in _texts(part)]
    return []


def _demo_texts(language: str) -> set[str]:
    module = CONTENT[language]
    return {
        text
        for part in (module.HOME, module.REPORT, module.PAGES, module.ORGANISATIONS)
        for text in _texts(part)
        if len(text) >= MIN_CHARS
    }


def english_left(text: str, language: str) -> list[str]:
    """English texts of the demo (cms/demo_content/en.py) shown on a page that should be in `language`."""
    own = " | ".join(_demo_texts(language))
    # Names ("Policía Nacional") and numbers are the same in every language: left out where the
    # language's own texts contain them.
    return sorted(fragment for fragment in _demo_texts("en") if fragment in text and fragment not in own)


def test_english_left_finds_an_english_sentence_on_a_page():
    """The check itself: an English demo sentence is found, the same sentence translated is not."""
    english = _demo_texts("en")
    # One that holds no other English text: a heading repeated inside a longer sentence is found too.
    sentence = min(
        text for text in english - _demo_texts("fr") if not any(o != text and o in text for o in english)
    )
    assert english_left(f"<p>Bonjour. {sentence}</p>", "fr") == [sentence]
    assert english_left(" ".join(_demo_texts("fr")), "fr") == []


def test_every_home_page_links_to_the_information_pages_and_no_english_is_left(client, demo):
    """One test for the whole demo: it is built committed (~20 s) and the flush after it drops Wagtail's
    root page, which a second build would need. The directory is checked by `_check_directory`."""
    for language in SIX:
        home = client.get(f"/{language}/")
        assert home.status_code == 200, language
        html = home.content.decode()
        for key, slug in PAGE_SLUGS.items():
            assert f'href="/{language}/{slug}/"' in html, (language, key)
        assert f'href="/{language}/informar/"' in html, language

        paths = ["/", "/informar/", "/mailbox/"] + [f"/{slug}/" for slug in PAGE_SLUGS.values()]
        for path in paths:
            response = client.get(f"/{language}{path}")
            assert response.status_code == 200, (language, path)
            text = visible_text(response.content.decode())
            if language != "en":
                assert english_left(text, language) == [], (language, path)
                assert untranslated_strings(text, language) == [], (language, path)
            # Every page has its own language's texts, not the Spanish source's (the translation is live).
            key = next((key for key, slug in PAGE_SLUGS.items() if f"/{slug}/" == path), None)
            if key:
                assert " ".join(CONTENT[language].PAGES[key]["title"].split()) in text, (language, path)
            if key == "directory":
                for organisation in CONTENT[language].ORGANISATIONS.values():
                    assert " ".join(organisation["name"].split()) in text, (language, organisation["name"])
        _check_directory(client, language)


def _listed(html: str) -> list[str]:
    return [unescape(name) for name in re.findall(r'<li class="organisation">\s*<h3>(.*?)</h3>', html)]


def _names(language: str, keys) -> list[str]:
    return sorted(CONTENT[language].ORGANISATIONS[key]["name"] for key in keys)


def _check_directory(client, language: str) -> None:
    """The directory filters by ground, language and service and sorts by distance from a neighbourhood."""
    from observatory.geography.models import Neighbourhood

    url = f"/{language}/{DIRECTORY}/"

    def listed(**query) -> list[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return _listed(response.content.decode())

    assert sorted(listed()) == _names(language, ORGANISATIONS)
    by_ground = [k for k, o in ORGANISATIONS.items() if o["all_grounds"] or "antigypsyism" in o["grounds"]]
    assert sorted(listed(ground="antigypsyism")) == _names(language, by_ground)
    assert len(by_ground) < len(ORGANISATIONS)
    by_language = [k for k, o in ORGANISATIONS.items() if "ro" in o["languages"]]
    assert sorted(listed(language="ro")) == _names(language, by_language)
    by_service = [k for k, o in ORGANISATIONS.items() if "interpreting" in o["services"]]
    assert sorted(listed(service="interpreting")) == _names(language, by_service)
    both = [k for k in by_service if "ar" in ORGANISATIONS[k]["languages"]]
    assert sorted(listed(service="interpreting", language="ar")) == _names(language, both)

    # Nearest first, from a point inside the chosen neighbourhood, measured here in metres (UTM 30N).
    for neighbourhood in Neighbourhood.objects.order_by("code")[::30]:
        origin = neighbourhood.geom.point_on_surface.transform(25830, clone=True)

        def metres(key, origin=origin):
            return (
                Point(*ORGANISATIONS[key]["point"], srid=4326).transform(25830, clone=True).distance(origin)
            )

        expected = [CONTENT[language].ORGANISATIONS[k]["name"] for k in sorted(ORGANISATIONS, key=metres)]
        assert listed(near=neighbourhood.code) == expected, neighbourhood.name

"""Demo content of the cms app, called by observatory.demo.load_demo (idempotent).

The public site of the demo: the report form, the information pages, the directory of support
organisations, each in the six languages. The Spanish pages are the source; the other five are
wagtail-localize translations of them, so an editor opening one in the admin gets the field-by-field
translation editor, with every string already translated, and sees what goes out of date when the
Spanish page changes. The texts are in cms/demo_content/<language>.py.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from cms.demo_content import CONTENT, ORGANISATIONS, PAGE_SLUGS, SOURCE_LANGUAGE
from cms.directory import DirectoryPage, SupportOrganisation
from cms.models import ContentPage, HomePage, ReportPage

REPORT_SLUG = "informar"
# Kept for callers of add_report_page (the report form on its own, as the intake tests build it).
REPORT_INTRO = CONTENT[SOURCE_LANGUAGE].REPORT["intro"]
REPORT_HELP = CONTENT[SOURCE_LANGUAGE].REPORT["help_text"]
# Block ids derive from these, so that a page and its translations have the same ids (see `_stream`).
_BLOCK_NAMESPACE = uuid.UUID("6f1d3c2e-8a4b-4f7e-9c61-0d5e2b7a9f10")


def add_report_page(home) -> ReportPage:
    """The report page under `home`, created once; a second call returns the existing page unchanged."""
    existing = ReportPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    texts = CONTENT[SOURCE_LANGUAGE].REPORT
    page = ReportPage(
        title=texts["title"], slug=REPORT_SLUG, intro=texts["intro"], help_text=texts["help_text"]
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def add_public_site(home: HomePage) -> None:
    """Everything under the (Spanish) home page, then its translations into every other language."""
    report = add_report_page(home)
    pages: list[Page] = [home, report]
    for key, slug in PAGE_SLUGS.items():
        pages.append(_add_source_page(home, key, slug))
    organisations = [_add_source_organisation(key) for key in ORGANISATIONS]
    for code, _name in settings.LANGUAGES:
        if code == SOURCE_LANGUAGE:
            continue
        locale = Locale.objects.get(language_code=code)
        for page in pages:  # parents first: a translation needs its parent's translation
            _translate(page, locale, _page_in(page, code))
        for organisation in organisations:
            _translate(organisation, locale, _organisation_in(organisation, code))
    # Inside a transaction wagtail-localize publishes each translation at commit, from the page as it was
    # saved: a home page translated before its children is written back with numchild 0, and Wagtail then
    # routes nothing under it (every /ca/… page but the form answered 404). Count the children again once
    # those publications have run (callbacks run in the order registered; at once without a transaction).
    transaction.on_commit(_count_children_again)


def _count_children_again() -> None:
    Page.fix_tree(fix_paths=False)


# --- The source pages -------------------------------------------------------------------------------


def _stream(key: str, blocks: list[tuple[str, object]]) -> list[dict]:
    """StreamField data with ids from the page key and each block's place, equal in every language."""

    def block_id(*place) -> str:
        return str(uuid.uuid5(_BLOCK_NAMESPACE, "/".join(map(str, (key, *place)))))

    stream = []
    for index, (block_type, value) in enumerate(blocks):
        if isinstance(value, dict):
            value = {
                name: (
                    [
                        {"type": "item", "value": item, "id": block_id(index, name, position)}
                        for position, item in enumerate(part)
                    ]
                    if isinstance(part, list)
                    else part
                )
                for name, part in value.items()
            }
        stream.append({"type": block_type, "value": value, "id": block_id(index)})
    return stream


def _fields(key: str, language: str) -> dict:
    texts = CONTENT[language].PAGES[key]
    if key == "directory":
        return {"title": texts["title"], "summary": texts["summary"], "intro": texts["intro"]}
    return {"title": texts["title"], "summary": texts["summary"], "body": _stream(key, texts["body"])}


def _add_source_page(home: HomePage, key: str, slug: str) -> Page:
    model = DirectoryPage if key == "directory" else ContentPage
    existing = model.objects.child_of(home).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **_fields(key, SOURCE_LANGUAGE))
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _add_source_organisation(key: str) -> SupportOrganisation:
    facts = ORGANISATIONS[key]
    source_locale = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    existing = SupportOrganisation.objects.filter(
        locale=source_locale, website=facts["website"], name=_org_texts(key, SOURCE_LANGUAGE)["name"]
    ).first()
    if existing is not None:
        return existing
    longitude, latitude = facts["point"]
    return SupportOrganisation.objects.create(
        locale=source_locale,
        services=facts["services"],
        all_grounds=facts["all_grounds"],
        grounds=facts["grounds"],
        languages=facts["languages"],
        location=Point(longitude, latitude, srid=4326),
        phone=facts["phone"],
        website=facts["website"],
        **_org_texts(key, SOURCE_LANGUAGE),
    )


def _org_texts(key: str, language: str) -> dict:
    return CONTENT[language].ORGANISATIONS[key]


# --- Translations -----------------------------------------------------------------------------------


def _page_in(page: Page, language: str) -> Page:
    """An unsaved copy of `page` holding the texts of `language`, to read its strings from."""
    content = CONTENT[language]
    page = page.specific
    if isinstance(page, HomePage):
        return HomePage(slug=page.slug, **content.HOME)
    if isinstance(page, ReportPage):
        return ReportPage(slug=page.slug, **content.REPORT)
    key = next(key for key, slug in PAGE_SLUGS.items() if slug == page.slug)
    return type(page)(slug=page.slug, **_fields(key, language))


def _organisation_in(organisation: SupportOrganisation, language: str) -> SupportOrganisation:
    key = next(key for key in ORGANISATIONS if _org_texts(key, SOURCE_LANGUAGE)["name"] == organisation.name)
    return SupportOrganisation(**_org_texts(key, language))


def _strings(instance) -> list[StringSegmentValue]:
    return [segment for segment in extract_segments(instance) if isinstance(segment, StringSegmentValue)]


def _translate(source_object, locale: Locale, translated) -> None:
    """Translate `source_object` into `locale` with wagtail-localize, each string taken from the same
    place in `translated` (the same object written in that language), and publish the translation."""
    existing = source_object.get_translation_or_none(locale)
    if existing is not None and not getattr(existing, "alias_of_id", None):
        return  # already there (a second run of the demo, or an editor's own translation)
    # An alias (a copy that follows the Spanish page, made by wagtail-localize when a page is created) is
    # turned into a real translation by save_target below.
    pairs = list(zip(_strings(source_object), _strings(translated), strict=True))
    for original, rendered in pairs:
        if original.path != rendered.path:
            raise ValueError(f"{source_object}: {original.path} is {rendered.path} in {locale.language_code}")
    texts = {(original.path, original.string.data): rendered.string.data for original, rendered in pairs}
    source, _created = TranslationSource.get_or_create_from_instance(source_object)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": texts[(segment.context.path, segment.string.data)],
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    translation.save_target(publish=True)
    target = source_object.get_translation(locale)
    if isinstance(target, Page) and not target.live:
        # A former alias keeps the alias's unpublished state after save_target: publish its revision.
        target.get_latest_revision().publish()

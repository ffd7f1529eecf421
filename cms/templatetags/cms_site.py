"""Template helpers of the public pages: dialling links, short web addresses, distances, and the page's
own translations for the language switcher."""

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from observatory import i18n

register = template.Library()


@register.filter
def tel_href(number: str) -> str:
    """`+34 963 00 00 00` -> `+34963000000`, what a tel: link dials."""
    return "".join(ch for ch in str(number) if ch.isdigit() or ch == "+")


@register.filter
def website_label(url: str) -> str:
    """The host name a reader recognises: https://www.cear.es/ -> cear.es."""
    host = urlsplit(str(url)).hostname or str(url)
    return host.removeprefix("www.")


@register.filter
def kilometres(metres) -> str:
    """A distance as the reader's language writes it: 1.2 km / 1,2 km; under a kilometre, in metres."""
    metres = float(metres)
    if metres < 1000:
        return _("%(metres)s m") % {"metres": number_format(round(metres / 50) * 50)}
    return _("%(km)s km") % {"km": number_format(round(metres / 1000, 1), decimal_pos=1)}


@register.simple_tag(takes_context=True)
def page_language_links(context, page) -> list[dict]:
    """The language switcher for a Wagtail page: each other language links to the page's translation,
    whose slug may differ; a language without a live translation falls back to the same path under its
    prefix (observatory.i18n), which Wagtail serves from the default tree or answers 404."""
    request = context.get("request")
    links = {link["code"]: link for link in i18n.language_links(request, translation.get_language())}
    if not links or page is None:
        return list(links.values())
    for other in page.get_translations().live().select_related("locale"):
        code = other.locale.language_code
        if code in links:
            links[code] = {**links[code], "url": other.get_url(request)}
    return [links[code] for code, _name in settings.LANGUAGES if code in links]

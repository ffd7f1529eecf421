"""Template tags of the public site's languages (observatory.i18n)."""

from django import template
from django.utils import translation

from observatory import i18n

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """`{% language_links as links %}`: the other languages of this page (code, name, url)."""
    return i18n.language_links(context.get("request"), translation.get_language())

"""Translated messages that quote a limit defined in code, so that the text follows the constant."""

from django.utils.formats import number_format
from django.utils.functional import lazy


def _fill(message, numbers: dict[str, int]) -> str:
    return message % {name: number_format(value, force_grouping=True) for name, value in numbers.items()}


_fill_lazy = lazy(_fill, str)


def with_numbers(message, **numbers: int):
    """`message` (a gettext_lazy string with %(name)s placeholders) filled with `numbers` written as the
    reader's language writes them (10,000 / 10.000). Lazy: translated and filled when shown, not at import,
    so a form field defined at import still speaks the language of each request."""
    return _fill_lazy(message, numbers)

"""What every public form of the intake shares: the check that text is readable, the error summary
that screen readers and keyboard users jump from, and the limits the messages quote.

Every message a reporter can see is translatable, said in plain words, and attached to its field.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reports_intake import uploads

MAX_FILE_MB = uploads.MAX_FILE_BYTES // (1024 * 1024)  # as the messages quote it
TEXT_TOO_LONG = _("Please shorten the text to %(max)s characters or fewer.")

# What a browser replaces bytes that are not UTF-8 with; a real reporter never types it (bad input test).
REPLACEMENT_CHARACTER = "\ufffd"
# Unicode's control characters (category Cc: C0, DEL, C1) but for the line breaks and tab a textarea sends.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def readable_text(value: str) -> None:
    if REPLACEMENT_CHARACTER in value:
        raise ValidationError(
            _("Some characters could not be read. Please type the text again or paste it from another app."),
            code="unreadable",
        )
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("The text contains invisible control characters. Please remove them."), code="control"
        )


def typed_text_follows_writer(fields) -> None:
    """`dir="auto"` on every field a person types into: Arabic typed into a left-to-right page (or Spanish
    into an Arabic one) is laid out in its own direction, punctuation included. Set once on a form class's
    fields, which every form built from it copies."""
    for field in fields.values():
        widget = field.widget
        if isinstance(widget, (forms.Textarea, forms.TextInput, forms.DateInput, forms.EmailInput)):
            widget.attrs.setdefault("dir", "auto")


class AccessibleFormMixin:
    """Error-summary links for a GOV.UK-style summary at the top of the page.

    Django 5.2 already puts `aria-invalid` and `aria-describedby` (`<id>_helptext`, `<id>_error`) on
    single inputs; radio and checkbox groups get them on their `<fieldset>` in the template.
    """

    template_fields: tuple[str, ...] = ()

    def error_links(self) -> list[tuple[str, str]]:
        links = []
        for message in self.non_field_errors():
            links.append(("", message))
        for bound in self:
            for message in bound.errors:
                anchor = f"{bound.auto_id}_0" if bound.field.widget.use_fieldset else bound.auto_id
                links.append((anchor, message))
        return links

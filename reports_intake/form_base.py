"""What every public form of the intake shares: the check that text is readable, the error summary
that screen readers and keyboard users jump from, and the limits the messages quote.

Every message a reporter can see is translatable, said in plain words, and attached to its field.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
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


# --- Markup -------------------------------------------------------------------------------------------
# One field as the intake shows it — label, hint, errors, the control — built here rather than in an
# included template: the step pages include a field a dozen times and a radio button or a checkbox
# each, and the template language's includes, loops and lookups were most of a step page's CPU time.
# tests/reports_intake/test_step_markup.py holds the markup to what the templates wrote.


def _messages(bound) -> str:
    """The hint (`<id>_helptext`) and the errors (`<id>_error`) that aria-describedby points to."""
    parts = []
    if bound.help_text:
        parts.append(format_html('<p class="hint" id="{}_helptext">{}</p>', bound.auto_id, bound.help_text))
    if bound.errors:
        label = _("Error:")
        parts.append(
            format_html(
                '<div class="field-error" id="{}_error">{}</div>',
                bound.auto_id,
                format_html_join(
                    "",
                    '<p><span class="visually-hidden">{}</span> {}</p>',
                    ((label, e) for e in bound.errors),
                ),
            )
        )
    return mark_safe("\n".join(parts))  # noqa: S308 (every part built by format_html)


def _described_by(bound, *, help_text: bool = True) -> str:
    ids = []
    if help_text and bound.help_text:
        ids.append(f"{bound.auto_id}_helptext")
    if bound.errors:
        ids.append(f"{bound.auto_id}_error")
    return format_html(' aria-describedby="{}"', " ".join(ids)) if ids else ""


def render_field(bound, *, conditional: dict[str, list] | None = None) -> str:
    """A field's block. `conditional` maps a radio option's value to the fields shown under it (the day
    under "On a day I know"); a group with such fields is described by its errors only, its options'
    fields carrying their own hints."""
    error_class = " field-has-error" if bound.errors else ""
    widget = bound.field.widget
    if widget.use_fieldset:
        options = []
        for option in bound:
            options.append(
                format_html(
                    '<div class="choice">{} <label for="{}">{}</label></div>',
                    option.tag(),
                    option.id_for_label,
                    option.choice_label,
                )
            )
            nested = (conditional or {}).get(str(option.data["value"]))
            if nested:
                inner = mark_safe("\n".join(render_field(field) for field in nested))  # noqa: S308
                options.append(format_html('<div class="conditional">\n{}\n</div>', inner))
        body = format_html(
            "<fieldset{}>\n<legend>{}</legend>\n{}\n{}\n</fieldset>",
            mark_safe(_described_by(bound, help_text=conditional is None)),  # noqa: S308
            bound.label,
            _messages(bound),
            mark_safe("\n".join(options)),  # noqa: S308
        )
    elif bound.widget_type == "checkbox":
        body = format_html(
            '{}\n<div class="choice">{} <label for="{}">{}</label></div>',
            _messages(bound),
            bound.as_widget(),
            bound.id_for_label,
            bound.label,
        )
    else:
        body = format_html(
            '<label for="{}">{}</label>\n{}\n{}',
            bound.id_for_label,
            bound.label,
            _messages(bound),
            bound.as_widget(),
        )
    return format_html('<div class="field{}">\n{}\n</div>', error_class, body)

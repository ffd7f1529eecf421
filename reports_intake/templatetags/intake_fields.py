"""`{{ form.narrative|field_block }}`: one field of an intake form, as reports_intake.form_base renders it."""

from django import template

from reports_intake.form_base import render_field

register = template.Library()


@register.filter
def field_block(bound):
    """The fields a form shows under one of this field's options (`conditional_fields`) go with it."""
    shown_under = getattr(bound.form, "conditional_fields", {}).get(bound.name)
    if shown_under is None:
        return render_field(bound)
    form = bound.form
    return render_field(
        bound, conditional={value: [form[n] for n in names] for value, names in shown_under.items()}
    )

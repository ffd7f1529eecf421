"""Forms of the caseworker pages. Choices are the fixed codes of observatory.taxonomy: what a form
accepts is exactly what the actions accept."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from observatory.accounts.models import Organisation
from observatory.casework.models import Case
from observatory.taxonomy import (
    DOMAINS,
    GROUNDS,
    INCIDENT_TYPES,
    LEGAL_CLASSIFICATIONS,
    REASONS_NOT_REPORTED,
    REDRESS_ACTIONS,
    REPORTED_TO_POLICE,
    police_flag,
)

ANY = [("", _("Any"))]


def iso_date_input() -> forms.DateInput:
    """A browser date picker: `<input type="date">` needs its value as YYYY-MM-DD whatever the language
    (with the locale's format, 14/03/2026, the browser shows an empty field)."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


SORT_CHOICES = [
    ("queue", _("Urgent first, then by deadline")),
    ("received", _("Received, oldest first")),
    ("-received", _("Received, newest first")),
    ("deadline", _("Deadline, earliest first")),
    ("-deadline", _("Deadline, latest first")),
    ("id", _("Case id")),
    ("-id", _("Case id, descending")),
]


class CaseFilterForm(forms.Form):
    """The case list's search box, filters and sort order (GET). Every filter is a column of Case or
    Report with an index behind it (casework.queue.filtered_cases)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_(
            "Case id (first characters), ground, domain, status, neighbourhood, district or organisation. "
            "The report's text is encrypted and cannot be searched."
        ),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + list(Case.Status.choices))
    urgent = forms.ChoiceField(
        label=_("Urgent"), required=False, choices=ANY + [("yes", _("Urgent")), ("no", _("Not urgent"))]
    )
    ground = forms.ChoiceField(label=_("Ground"), required=False, choices=ANY + GROUNDS.choices())
    domain = forms.ChoiceField(label=_("Domain"), required=False, choices=ANY + DOMAINS.choices())
    district = forms.ChoiceField(label=_("District"), required=False, choices=ANY)
    received_from = forms.DateField(label=_("Received from"), required=False, widget=iso_date_input())
    received_to = forms.DateField(label=_("Received until"), required=False, widget=iso_date_input())
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    unconfirmed = forms.BooleanField(label=_("Labels to confirm only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = ANY + [(d.code, d.name) for d in districts]


class LabelsForm(forms.Form):
    """Confirm or correct triage's suggestions, field by field (prefilled with the suggestion)."""

    grounds = forms.MultipleChoiceField(
        label=_("Grounds"), choices=GROUNDS.choices(), widget=forms.CheckboxSelectMultiple
    )
    domain = forms.ChoiceField(label=_("Domain"), choices=DOMAINS.choices())
    incident_type = forms.ChoiceField(label=_("Incident type"), choices=INCIDENT_TYPES.choices())
    urgent = forms.BooleanField(label=_("Urgent"), required=False)


class ActionForm(forms.Form):
    code = forms.ChoiceField(label=_("Action or redress"), choices=REDRESS_ACTIONS.choices())
    on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=iso_date_input())
    note = forms.CharField(
        label=_("Note (encrypted; readable only by organisations that can read the report)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReferForm(forms.Form):
    to_organisation = forms.ModelChoiceField(label=_("Refer to"), queryset=Organisation.objects.none())
    reason = forms.CharField(
        label=_("Reason (encrypted)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # Only organisations that have been through the key ceremony can receive a re-wrapped key.
        self.fields["to_organisation"].queryset = Organisation.objects.exclude(pk=organisation.pk).exclude(
            key_id=""
        )


class CloseForm(forms.Form):
    legal_classification = forms.ChoiceField(
        label=_("Legal classification"), choices=LEGAL_CLASSIFICATIONS.choices()
    )
    reported_to_police = forms.ChoiceField(
        label=_("Reported to the police"), choices=REPORTED_TO_POLICE.choices(), required=False
    )
    reasons_not_reported = forms.MultipleChoiceField(
        label=_("Why not reported to the police"),
        choices=REASONS_NOT_REPORTED.choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def police_flag(self) -> bool | None:
        return police_flag(self.cleaned_data.get("reported_to_police"))


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message to the reporter"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

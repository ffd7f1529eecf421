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


class CaseFilterForm(forms.Form):
    """The case list's filters (GET). Every filter is a column of Case or Report with an index behind it
    (casework.queue.filtered_cases)."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + list(Case.Status.choices))
    urgent = forms.ChoiceField(
        label=_("Urgent"), required=False, choices=ANY + [("yes", _("Urgent")), ("no", _("Not urgent"))]
    )
    ground = forms.ChoiceField(label=_("Ground"), required=False, choices=ANY + GROUNDS.choices())
    domain = forms.ChoiceField(label=_("Domain"), required=False, choices=ANY + DOMAINS.choices())
    district = forms.ChoiceField(label=_("District"), required=False, choices=ANY)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = ANY + [(d.code, f"{d.code} {d.name}") for d in districts]


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
    on = forms.DateField(
        label=_("Date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
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

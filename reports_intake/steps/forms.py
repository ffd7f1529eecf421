"""The forms of the intake's steps (DESIGN §1, §5).

The intake is a series of short steps that work without JavaScript and without a session: each step's
form validates its own fields, and the answers of the other steps travel in hidden fields and are
validated again at every step (`IntakeSteps`). Files come only in the last step, so they are sent once.

Every message a reporter can see is translatable, said in plain words, and attached to its field.
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.forms.forms import DeclarativeFieldsMetaclass
from django.forms.renderers import Jinja2
from django.utils import timezone
from django.utils.choices import normalize_choices
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from observatory.geography.actions import locate
from observatory.geography.directory import places
from observatory.i18n import with_numbers
from observatory.taxonomy import DOMAINS, GROUNDS, REPORTER_ROLES
from reports_intake.form_base import (
    TEXT_TOO_LONG,
    AccessibleFormMixin,
    readable_text,
    typed_text_follows_writer,
)
from reports_intake.upload_fields import FILES_HELP, MultipleFileField

WIDGET_RENDERER = Jinja2()
NARRATIVE_MIN = 20
NARRATIVE_MAX = 10_000
CONTACT_MAX = 300
EARLIEST_YEAR = 1950
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"]


def _copy_field(field: forms.Field) -> forms.Field:
    """What `copy.deepcopy(field)` gives for the intake's fields (forms.Field.__deepcopy__ and
    forms.Widget.__deepcopy__: own attrs, error messages and validators), without the generic copy
    protocol, and sharing the choice lists instead of copying them: those are only ever replaced
    (`_set_choices`), never changed in place."""
    widget = field.widget
    new_widget = object.__new__(type(widget))
    new_widget.__dict__ = {**widget.__dict__, "attrs": widget.attrs.copy()}
    new = object.__new__(type(field))
    new.__dict__ = {
        **field.__dict__,
        "widget": new_widget,
        "error_messages": field.error_messages.copy(),
        "validators": field.validators[:],
    }
    return new


class _CheaplyCopiedFields(dict):
    """A form class's `base_fields`, which Django deep-copies for every form it builds: the intake builds
    every step's form again on every request, and the generic deep copy was a twentieth of a
    submission's server time."""

    def __deepcopy__(self, memo):
        return {name: _copy_field(field) for name, field in self.items()}


class _IntakeFormMetaclass(DeclarativeFieldsMetaclass):
    def __new__(mcs, name, bases, attrs):
        form_class = super().__new__(mcs, name, bases, attrs)
        form_class.base_fields = _CheaplyCopiedFields(form_class.base_fields)
        typed_text_follows_writer(form_class.base_fields)
        return form_class


class IntakeForm(AccessibleFormMixin, forms.Form, metaclass=_IntakeFormMetaclass):
    # Widgets through Django's own Jinja2 widget templates: the same markup (tests/reports_intake/
    # test_step_markup.py) at a fraction of the cost of the template language's, which rendered each
    # of the ~90 neighbourhood options and every radio button as a template of its own.
    default_renderer = WIDGET_RENDERER
    # Errors in the chosen language and next to their field; the browser's own bubbles are switched off
    # by `novalidate` in the templates, the `required` attributes stay for screen readers.
    use_required_attribute = True

    # Field names this step owns; the other steps' names travel as hidden fields.
    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(cls.base_fields)

    def summary(self) -> list[tuple[str, str]]:
        """(question, answer) pairs for the review step; call on a valid form."""
        return []


def _choice_label(choices, value) -> str:
    for code, label in choices:
        if isinstance(label, (list, tuple)):
            found = _choice_label(label, value)
            if found:
                return found
        elif str(code) == str(value):
            return str(label)
    return ""


# --- Step 1: what happened ---------------------------------------------------------------------------


class WhatForm(IntakeForm):
    narrative = forms.CharField(
        label=_("What happened?"),
        help_text=with_numbers(
            _(
                "In your own words and in any language. Say what happened, where and who was involved, as "
                "far as you are comfortable. Between %(min)s and %(max)s characters."
            ),
            min=NARRATIVE_MIN,
            max=NARRATIVE_MAX,
        ),
        min_length=NARRATIVE_MIN,
        max_length=NARRATIVE_MAX,
        validators=[readable_text],
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "true"}),
        error_messages={
            "required": _("Tell us what happened."),
            "min_length": with_numbers(
                _("Please write a little more: at least %(min)s characters."), min=NARRATIVE_MIN
            ),
            "max_length": with_numbers(TEXT_TOO_LONG, max=NARRATIVE_MAX),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A pasted long text must not be cut silently by the browser: the server says what is wrong.
        self.fields["narrative"].widget.attrs.pop("maxlength", None)
        self.fields["narrative"].widget.attrs.pop("minlength", None)

    def summary(self):
        return [(str(_("What happened")), self.cleaned_data["narrative"])]


# --- Step 2: when -------------------------------------------------------------------------------------


class WhenForm(IntakeForm):
    DATE, MONTH, UNKNOWN = "date", "month", "unknown"
    # Shown under the option they belong to (reports_intake.form_base.render_field).
    conditional_fields = {"when_kind": {DATE: ("incident_date",), MONTH: ("incident_month", "incident_year")}}
    when_kind = forms.ChoiceField(
        label=_("When did it happen?"),
        choices=[
            (DATE, _("On a day I know")),
            (MONTH, _("Around a month")),
            (UNKNOWN, _("I don't remember")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose when it happened, or “I don't remember”.")},
    )
    incident_date = forms.DateField(
        label=_("Date"),
        help_text=_("For example 25/03/2025."),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a real date, for example 25/03/2025.")},
    )
    incident_month = forms.TypedChoiceField(
        label=_("Month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Choose a month"))] + list(MONTHS.items()),
        error_messages={"invalid_choice": _("Choose a month from the list.")},
    )
    incident_year = forms.IntegerField(
        label=_("Year"),
        help_text=_("For example 2025."),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 4}),
        error_messages={"invalid": _("Enter the year in numbers, for example 2025.")},
    )

    def clean(self):
        data = super().clean()
        kind = data.get("when_kind")
        today = timezone.localdate()
        data["date"], data["month"] = None, None
        if kind == self.DATE:
            day = data.get("incident_date")
            if day is None and "incident_date" not in self.errors:
                self.add_error("incident_date", _("Enter the date, or choose another answer."))
            elif day is not None and day > today:
                self.add_error("incident_date", _("The date cannot be in the future."))
            elif day is not None and day.year < EARLIEST_YEAR:
                self.add_error("incident_date", _("Enter a date after 1950."))
            else:
                data["date"] = day
        elif kind == self.MONTH:
            month, year = data.get("incident_month"), data.get("incident_year")
            if month is None and "incident_month" not in self.errors:
                self.add_error("incident_month", _("Choose the month, or choose another answer."))
            if year is None and "incident_year" not in self.errors:
                self.add_error("incident_year", _("Enter the year, or choose another answer."))
            elif year is not None and not EARLIEST_YEAR <= year <= today.year:
                self.add_error("incident_year", _("Enter a year between 1950 and this year."))
            elif month is not None and datetime.date(year, month, 1) > today:
                self.add_error("incident_month", _("That month has not come yet."))
            if not self.errors:
                data["month"] = datetime.date(year, month, 1)
        return data

    def summary(self):
        data = self.cleaned_data
        if data["date"]:
            answer = data["date"].strftime("%d/%m/%Y")
        elif data["month"]:
            answer = f"{MONTHS[data['month'].month]} {data['month'].year}"
        else:
            answer = str(_("I don't remember"))
        return [(str(_("When")), answer)]


# --- Step 3: where ------------------------------------------------------------------------------------


def _grouped_choices(places) -> list:
    groups: dict[str, list[tuple[str, str]]] = {}
    for place in places:
        groups.setdefault(place.district_name, []).append((place.code, place.name))
    return normalize_choices(
        [("", _("Choose a neighbourhood"))] + [(district, items) for district, items in groups.items()]
    )


# (the tuple of places it was built from, the choices). Keyed by identity: the directory hands out the
# same tuple until it reloads, and hashing ~90 places on every form was a thirtieth of a submission.
_neighbourhood_choices: tuple[tuple | None, list] = (None, [])


def neighbourhood_choices():
    """Neighbourhoods grouped by district, for a `<select>` with `<optgroup>`s. Built once per list of
    places (observatory.geography.directory) and normalised, so a form uses it without copying: never
    modify the returned list."""
    global _neighbourhood_choices
    current = places()
    built_from, choices = _neighbourhood_choices
    if built_from is not current:
        # Two threads may both build it; either result is right.
        choices = _grouped_choices(current)
        _neighbourhood_choices = (current, choices)
    return choices


def _set_choices(field, choices) -> None:
    """What `field.choices = choices` does, for a list already normalised (no per-form copy or walk)."""
    field._choices = field.widget._choices = choices


class WhereForm(IntakeForm):
    NEIGHBOURHOOD, POINT, ONLINE, NOT_GIVEN = "neighbourhood", "point", "online", "not_given"
    conditional_fields = {"where_kind": {NEIGHBOURHOOD: ("neighbourhood",), POINT: ("latitude", "longitude")}}
    where_kind = forms.ChoiceField(
        label=_("Where did it happen?"),
        choices=[
            (NEIGHBOURHOOD, _("In a neighbourhood of the city")),
            (POINT, _("At a place on a map (coordinates)")),
            (ONLINE, _("Online (internet, social media, messaging)")),
            (NOT_GIVEN, _("I prefer not to say")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where it happened, or “I prefer not to say”.")},
    )
    neighbourhood = forms.ChoiceField(
        label=_("Neighbourhood"),
        help_text=_("Neighbourhoods are grouped by district."),
        required=False,
        error_messages={"invalid_choice": _("Choose a neighbourhood from the list.")},
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter the latitude as a number, for example 39.4699.")},
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        help_text=_(
            "Your phone's map app can show the coordinates of a place. Only the neighbourhood is "
            "kept readable; the exact point is encrypted."
        ),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter the longitude as a number, for example -0.3763.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["neighbourhood"], neighbourhood_choices())

    def clean(self):
        data = super().clean()
        kind = data.get("where_kind")
        data["location_kind"], data["neighbourhood_code"], data["point"] = WhereForm.NOT_GIVEN, None, None
        if kind == self.NEIGHBOURHOOD:
            if not data.get("neighbourhood") and "neighbourhood" not in self.errors:
                self.add_error("neighbourhood", _("Choose the neighbourhood, or choose another answer."))
            data["location_kind"], data["neighbourhood_code"] = self.NEIGHBOURHOOD, data.get("neighbourhood")
        elif kind == self.POINT:
            lat, lon = data.get("latitude"), data.get("longitude")
            if lat is None and "latitude" not in self.errors:
                self.add_error("latitude", _("Enter the latitude, or choose another answer."))
            if lon is None and "longitude" not in self.errors:
                self.add_error("longitude", _("Enter the longitude, or choose another answer."))
            if lat is not None and lon is not None:
                place = locate(lon, lat)
                if place is None:
                    self.add_error(
                        "latitude",
                        _(
                            "That point is outside the city. Choose a neighbourhood "
                            "from the list instead, or check the numbers."
                        ),
                    )
                else:
                    data["location_kind"], data["neighbourhood_code"] = self.NEIGHBOURHOOD, place.code
                    data["point"] = (lon, lat)
                    data["located_name"] = place.name
        elif kind == self.ONLINE:
            data["location_kind"] = self.ONLINE
        return data

    def summary(self):
        data = self.cleaned_data
        kind = data["where_kind"]
        if kind == self.NEIGHBOURHOOD:
            answer = _choice_label(self.fields["neighbourhood"].choices, data["neighbourhood_code"])
        elif kind == self.POINT:
            answer = f"{data['located_name']} ({data['latitude']:.5f}, {data['longitude']:.5f})"
        else:
            answer = _choice_label(self.fields["where_kind"].choices, kind)
        return [(str(_("Where")), answer)]


# --- Step 4: who and why ------------------------------------------------------------------------------

ROLE_CHOICES = [
    ("victim", _("It happened to me")),
    ("witness", _("I saw it happen to someone else")),
    ("relative", _("It happened to a relative or friend")),
    ("organisation", _("I am reporting for an organisation")),
]


class WhoForm(IntakeForm):
    reporter_role = forms.ChoiceField(
        label=_("Who are you in what happened?"),
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the answer that fits you best."),
            "invalid_choice": _("Choose one of the answers in the list."),
        },
    )
    grounds = forms.MultipleChoiceField(
        label=_("Why do you think it happened? (optional)"),
        choices=GROUNDS.choices(),
        help_text=_("Tick all that apply."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose answers from the list only.")},
    )
    domains = forms.MultipleChoiceField(
        label=_("Where or in what part of life did it happen? (optional)"),
        choices=DOMAINS.choices(),
        help_text=_("Tick all that apply."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose answers from the list only.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assert [code for code, _label in ROLE_CHOICES] == list(REPORTER_ROLES.values)

    def summary(self):
        data = self.cleaned_data
        none = str(_("Not given"))

        def labels(name):
            return ", ".join(_choice_label(self.fields[name].choices, code) for code in data[name]) or none

        return [
            (str(_("Who you are")), _choice_label(ROLE_CHOICES, data["reporter_role"])),
            (str(_("Why it happened")), labels("grounds")),
            (str(_("Part of life")), labels("domains")),
        ]


# --- Step 5: contact and language ---------------------------------------------------------------------


class ContactForm(IntakeForm):
    contact = forms.CharField(
        label=_("How can a caseworker contact you? (optional)"),
        help_text=_(
            "A phone number, an email address or another way. Leave it empty to stay anonymous: you can "
            "still read our replies in your mailbox with your receipt. Contact details are encrypted."
        ),
        required=False,
        max_length=CONTACT_MAX,
        validators=[readable_text],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "max_length": with_numbers(
                _("Please keep contact details under %(max)s characters."), max=CONTACT_MAX
            )
        },
    )
    contact_consent = forms.BooleanField(
        label=_("I agree that caseworkers may use these details to contact me about this report."),
        required=False,
    )
    language = forms.ChoiceField(
        label=_("In which language should we write to you?"),
        choices=settings.LANGUAGES,
        error_messages={
            "required": _("Choose a language."),
            "invalid_choice": _("Choose a language from the list."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Replies in the language the reporter is reading the form in, unless they choose another.
        self.fields["language"].initial = get_language()

    def clean(self):
        data = super().clean()
        if data.get("contact") and not data.get("contact_consent"):
            self.add_error(
                "contact_consent",
                _("Tick this box if we may contact you, or leave the contact details empty."),
            )
        if not data.get("contact"):
            data["contact_consent"] = False
        return data

    def summary(self):
        data = self.cleaned_data
        return [
            (str(_("Contact details")), data["contact"] or str(_("Not given: you stay anonymous"))),
            (str(_("Language for our replies")), _choice_label(settings.LANGUAGES, data["language"])),
        ]


# --- Step 6: files, check and send --------------------------------------------------------------------


class FilesForm(IntakeForm):
    attachments = MultipleFileField(
        label=_("Photos or documents (optional)"),
        help_text=FILES_HELP,
        required=False,
    )


STEP_FORMS: dict[str, type[IntakeForm]] = {
    "what": WhatForm,
    "when": WhenForm,
    "where": WhereForm,
    "who": WhoForm,
    "contact": ContactForm,
    "review": FilesForm,
}
STEPS = tuple(STEP_FORMS)
ANSWER_STEPS = STEPS[:-1]
STEP_TITLES = {
    "what": _("What happened"),
    "when": _("When it happened"),
    "where": _("Where it happened"),
    "who": _("Who was targeted and why"),
    "contact": _("Contact and language"),
    "review": _("Check your answers and send"),
}
# Everything a step form may post. Anything else is refused, so nobody can smuggle data past the forms.
CONTROL_FIELDS = frozenset(
    {"csrfmiddlewaretoken", "step", "nav", "lang", "return_to", "pow_token", "pow_solution", "started"}
)
ANSWER_FIELDS = frozenset(name for step in STEPS for name in STEP_FORMS[step].field_names())
ALLOWED_FIELDS = CONTROL_FIELDS | ANSWER_FIELDS

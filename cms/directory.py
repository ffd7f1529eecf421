"""The directory of support organisations (DESIGN §9): who helps with what, on which grounds, in which
languages, and how far from the reader's neighbourhood.

The reader chooses a neighbourhood from a list; the distance is measured on the server from a point
inside that neighbourhood, so nothing about where the reader is comes from the browser. One query
answers a search: filters, the district each organisation is in and the distance are all computed by
PostGIS in the same statement (`find`).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import Distance, PointOnSurface
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField, TranslatableField

from observatory.geography.directory import places
from observatory.geography.models import District, Neighbourhood
from observatory.taxonomy import GROUNDS

SERVICES = [
    ("legal", _("Legal advice")),
    ("psychological", _("Psychological support")),
    ("interpreting", _("Interpreting")),
    ("housing", _("Housing")),
    ("employment", _("Work and employment")),
    ("social", _("Social support")),
    ("accompaniment", _("Accompaniment to the police or the court")),
]
# Each language by its own name, as the people who speak it look for it (like the language switcher).
SPOKEN_LANGUAGES = [
    ("es", "Español"),
    ("ca", "Valencià"),
    ("ar", "العربية"),
    ("fr", "Français"),
    ("ro", "Română"),
    ("en", "English"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("ur", "اردو"),
    ("zh", "中文"),
    ("pt", "Português"),
    ("wo", "Wolof"),
    ("bg", "Български"),
]


class ChoiceArrayField(ArrayField):
    """A list of codes, edited as a row of checkboxes (Django's default is comma-separated text)."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.base_field.choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name,
            help_text=self.help_text,
        )


class PointInput(forms.TextInput):
    """The location as text (POINT(longitude latitude)): Django's map widget would load its scripts from
    a third-party server, which the admin's CSP forbids and DESIGN §9 rules out."""

    def format_value(self, value):
        if value and hasattr(value, "x"):
            return f"POINT({value.x:.6f} {value.y:.6f})"
        return super().format_value(value)


@register_snippet
class SupportOrganisation(TranslatableMixin, models.Model):
    name = models.CharField(max_length=200, verbose_name=_("name"))
    summary = models.TextField(blank=True, verbose_name=_("what they do"))
    services = ChoiceArrayField(
        models.CharField(max_length=20, choices=SERVICES),
        default=list,
        blank=True,
        verbose_name=_("services"),
    )
    all_grounds = models.BooleanField(
        default=False,
        verbose_name=_("serves every ground"),
        help_text=_("Tick for organisations that help anyone, whatever the ground of discrimination."),
    )
    grounds = ChoiceArrayField(
        models.CharField(max_length=40, choices=GROUNDS.choices()),
        default=list,
        blank=True,
        verbose_name=_("grounds served"),
    )
    languages = ChoiceArrayField(
        models.CharField(max_length=8, choices=SPOKEN_LANGUAGES),
        default=list,
        blank=True,
        verbose_name=_("languages spoken"),
    )
    opening_hours = models.CharField(max_length=300, blank=True, verbose_name=_("opening hours"))
    address = models.CharField(max_length=300, blank=True, verbose_name=_("address"))
    location = models.PointField(
        srid=4326,
        null=True,
        blank=True,
        verbose_name=_("location on the map"),
        help_text=_(
            "POINT(longitude latitude), e.g. POINT(-0.3763 39.4699). Empty: listed after the others."
        ),
    )
    phone = models.CharField(
        max_length=24,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9 ]{3,20}$")],
        verbose_name=_("phone"),
        help_text=_("Only a number you are sure of: the page makes it a link that dials it."),
    )
    website = models.URLField(blank=True, verbose_name=_("website"))
    accessibility = models.CharField(max_length=300, blank=True, verbose_name=_("accessibility"))

    panels = [
        FieldPanel("name"),
        FieldPanel("summary"),
        FieldPanel("services"),
        MultiFieldPanel([FieldPanel("all_grounds"), FieldPanel("grounds")], heading=_("Grounds")),
        FieldPanel("languages"),
        FieldPanel("opening_hours"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("location", widget=PointInput)], heading=_("Address")
        ),
        FieldPanel("phone"),
        FieldPanel("website"),
        FieldPanel("accessibility"),
    ]
    # Translators translate the words; codes, the point and the contact details follow the source.
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("summary"),
        TranslatableField("opening_hours"),
        TranslatableField("address"),
        TranslatableField("accessibility"),
        SynchronizedField("services"),
        SynchronizedField("all_grounds"),
        SynchronizedField("grounds"),
        SynchronizedField("languages"),
        SynchronizedField("location"),
        SynchronizedField("phone"),
        SynchronizedField("website"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("support organisation")
        verbose_name_plural = _("support organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def service_labels(self) -> list[str]:
        return [label for code, label in SERVICES if code in self.services]

    def spoken_languages(self) -> list[tuple[str, str]]:
        return [(code, name) for code, name in SPOKEN_LANGUAGES if code in self.languages]

    def ground_labels(self) -> list[str]:
        return [GROUNDS.label(code) for code in GROUNDS.validate_many(self.grounds)]


def find(
    locale_id: int,
    *,
    text: str = "",
    ground: str = "",
    service: str = "",
    language: str = "",
    district: str = "",
    near: str = "",
):
    """The organisations matching the filters, in the page's language, as one query.

    An organisation not yet translated into that language is shown in the default language rather than
    left out. With `near` (a neighbourhood code) they come nearest first, with `distance` in metres
    measured from a point inside that neighbourhood; those without a location come last.
    """
    translated = SupportOrganisation.objects.filter(
        locale_id=locale_id, translation_key=OuterRef("translation_key")
    )
    orgs = SupportOrganisation.objects.filter(
        Q(locale_id=locale_id) | Q(locale__language_code=settings.LANGUAGE_CODE) & ~Exists(translated)
    )
    if text:
        orgs = orgs.filter(Q(name__icontains=text) | Q(summary__icontains=text))
    if ground:
        orgs = orgs.filter(Q(all_grounds=True) | Q(grounds__contains=[ground]))
    if service:
        orgs = orgs.filter(services__contains=[service])
    if language:
        orgs = orgs.filter(languages__contains=[language])
    if district:
        shape = District.objects.filter(code=district).values("geom")[:1]
        orgs = orgs.filter(location__coveredby=Subquery(shape))
    orgs = orgs.annotate(
        district_name=Subquery(District.objects.filter(geom__covers=OuterRef("location")).values("name")[:1])
    )
    if not near:
        return orgs.order_by("name")
    point = Neighbourhood.objects.filter(code=near).annotate(point=PointOnSurface("geom")).values("point")[:1]
    return orgs.annotate(distance=Distance("location", Subquery(point))).order_by(
        F("distance").asc(nulls_last=True), "name"
    )


def _neighbourhood_choices():
    """Neighbourhoods grouped by district, as <optgroup>s."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for place in places():
        groups.setdefault(place.district_name, []).append((place.code, place.name))
    return [("", _("— choose —"))] + list(groups.items())


def _district_choices():
    seen = {}
    for place in places():
        seen.setdefault(place.district_code, place.district_name)
    return [("", _("All districts"))] + list(seen.items())


class DirectorySearchForm(forms.Form):
    """The directory's filters: a GET form, so it works without JavaScript and a search is a link."""

    text = forms.CharField(required=False, max_length=100, label=_("Name or keyword"))
    service = forms.ChoiceField(required=False, label=_("Help with"))
    ground = forms.ChoiceField(required=False, label=_("Ground of discrimination"))
    language = forms.ChoiceField(required=False, label=_("Language spoken"))
    district = forms.ChoiceField(required=False, label=_("District"))
    near = forms.ChoiceField(
        required=False,
        label=_("Nearest to the neighbourhood"),
        help_text=_("Only used to sort the list here; it is not saved."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("Any kind of help"))] + SERVICES
        self.fields["ground"].choices = [("", _("Any ground"))] + GROUNDS.choices()
        self.fields["language"].choices = [("", _("Any language"))] + SPOKEN_LANGUAGES
        self.fields["district"].choices = _district_choices()
        self.fields["near"].choices = _neighbourhood_choices()


class DirectoryPage(Page):
    """The public directory: the organisations of `SupportOrganisation`, filtered and sorted (`find`)."""

    intro = RichTextField(blank=True, verbose_name=_("introduction"))
    summary = models.CharField(
        max_length=300,
        blank=True,
        verbose_name=_("summary"),
        help_text=_("Shown under the link on the home page."),
    )

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("directory page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = DirectorySearchForm(request.GET)
        filters = form.cleaned_data if form.is_valid() else {}
        organisations = list(find(self.locale_id, **{k: v for k, v in filters.items() if v}))
        context.update(
            form=form,
            organisations=organisations,
            sorted_by_distance=bool(filters.get("near")),
            result_count=ngettext("%(count)d organisation", "%(count)d organisations", len(organisations))
            % {"count": len(organisations)},
        )
        return context

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The public front page: what the observatory is, how to report, where to find help."""

    intro = RichTextField(blank=True, verbose_name=_("introduction"))
    report_call = models.CharField(
        max_length=200,
        blank=True,
        verbose_name=_("call to report"),
        help_text=_("Short sentence above the link to the report form."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("report_call")]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

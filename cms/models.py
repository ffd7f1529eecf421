from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.blocks import ContentBlocks
from reports_intake.steps.views import serve_report_page


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
    subpage_types = ["cms.ReportPage", "cms.ContentPage", "cms.DirectoryPage", "cms.BulletinIndexPage"]
    # One home page made by hand; its translations are made by wagtail-localize, which does not count them.
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def report_page(self):
        """The live report form under this page, for the front page's call to action."""
        return ReportPage.objects.child_of(self).live().first()

    def information_pages(self):
        """The information pages and the directory under this page, in the editors' order."""
        return Page.objects.child_of(self).live().type(ContentPage, DirectoryPage).specific().order_by("path")


class ContentPage(Page):
    """An information page (what happens to a report, rights, privacy…) built from blocks (cms.blocks)."""

    summary = models.CharField(
        max_length=300,
        blank=True,
        verbose_name=_("summary"),
        help_text=_("One sentence, shown under the link to this page."),
    )
    body = StreamField(ContentBlocks(), blank=True, verbose_name=_("content"))

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("information page")

    def child_pages(self):
        return ContentPage.objects.child_of(self).live().order_by("path")


class ReportPage(Page):
    """The anonymous report form: short steps that work without JavaScript (reports_intake.steps.views).

    Editors write the introduction and the help beside the form; the questions, answers and error
    messages are translated strings in the code, so that every reporter gets them in their language.
    """

    intro = RichTextField(
        blank=True,
        verbose_name=_("introduction"),
        help_text=_("Shown above the first question: who reads reports and that reporting is anonymous."),
    )
    help_text = RichTextField(
        blank=True,
        verbose_name=_("help"),
        help_text=_("Shown on every step under “Help”: where to get support, what happens after reporting."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("help_text")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("report page")

    def get_view_restrictions(self):
        # A page from cms.routing's table carries the restrictions read with the table.
        restrictions = getattr(self, "routed_view_restrictions", None)
        return super().get_view_restrictions() if restrictions is None else restrictions

    def serve(self, request, *args, **kwargs):
        return serve_report_page(request, self)


from cms.bulletins import BulletinIndexPage, BulletinPage  # noqa: E402, F401  (page models of the bulletins)
from cms.directory import DirectoryPage, SupportOrganisation  # noqa: E402, F401  (the directory's models)

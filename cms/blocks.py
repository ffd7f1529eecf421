"""The blocks an editor builds an information page from (ContentPage.body).

Every text here is a string that wagtail-localize offers for translation, except the phone number and
the web address, which are the same in every language and are copied from the source page.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

# Bold, italics, lists and links only: headings come from the blocks, so the page outline stays regular.
TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class CalloutBlock(blocks.StructBlock):
    """A boxed message: what the reader must not miss (a deadline, a warning, an emergency)."""

    tone = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning"))], default="info", label=_("tone")
    )
    heading = blocks.CharBlock(max_length=120, label=_("heading"))
    text = blocks.RichTextBlock(features=TEXT_FEATURES, label=_("text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "cms/blocks/callout.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160, label=_("step"))
    text = blocks.RichTextBlock(features=TEXT_FEATURES, required=False, label=_("details"))


class StepsBlock(blocks.StructBlock):
    """What to do, in order: an ordered list, so a screen reader announces "step 2 of 4"."""

    heading = blocks.CharBlock(max_length=120, label=_("heading"))
    steps = blocks.ListBlock(StepBlock(), min_num=1, label=_("steps"))

    class Meta:
        icon = "list-ol"
        label = _("Steps")
        template = "cms/blocks/steps.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200, label=_("question"))
    answer = blocks.RichTextBlock(features=TEXT_FEATURES, label=_("answer"))


class FaqBlock(blocks.StructBlock):
    """Questions and answers, each folded in a <details> element: it opens without JavaScript."""

    heading = blocks.CharBlock(max_length=120, label=_("heading"))
    questions = blocks.ListBlock(QuestionBlock(), min_num=1, label=_("questions"))

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        template = "cms/blocks/faq.html"


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=160, label=_("name"))
    # A RegexBlock, not a CharBlock: wagtail-localize leaves it out of the strings to translate and copies
    # it from the source page, so a translator cannot change a number by mistake.
    phone = blocks.RegexBlock(
        regex=r"^\+?[0-9 ]{3,20}$",
        error_messages={"invalid": _("Digits and spaces only, optionally starting with +, as in 112.")},
        max_length=24,
        required=False,
        label=_("phone"),
        help_text=_("Leave empty unless the number is certain: the page makes it a link that dials it."),
    )
    note = blocks.CharBlock(max_length=300, required=False, label=_("note"))
    website = blocks.URLBlock(required=False, label=_("website"))


class ContactsBlock(blocks.StructBlock):
    """Whom to call or write to; each phone number is a tel: link, so one tap dials it."""

    heading = blocks.CharBlock(max_length=120, label=_("heading"))
    contacts = blocks.ListBlock(ContactBlock(), min_num=1, label=_("contacts"))

    class Meta:
        icon = "mail"
        label = _("Contacts")
        template = "cms/blocks/contacts.html"


class ContentBlocks(blocks.StreamBlock):
    heading = blocks.CharBlock(
        max_length=120, label=_("Section heading"), form_classname="title", template="cms/blocks/heading.html"
    )
    text = blocks.RichTextBlock(features=TEXT_FEATURES, label=_("Text"))
    callout = CalloutBlock()
    steps = StepsBlock()
    faq = FaqBlock()
    contacts = ContactsBlock()

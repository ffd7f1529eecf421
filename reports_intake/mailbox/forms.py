"""The reporter's mailbox forms: the receipt login and a message with files."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from observatory.crypto.receipts import InvalidReceipt, normalise_receipt
from observatory.i18n import with_numbers
from reports_intake.form_base import TEXT_TOO_LONG, AccessibleFormMixin, readable_text
from reports_intake.upload_fields import FILES_HELP, MultipleFileField

MESSAGE_MAX = 10_000


class ReceiptForm(AccessibleFormMixin, forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"),
        help_text=_(
            "The code you got when you sent your report, for example ABCD-EFGH-… Spaces, dashes and "
            "small letters do not matter."
        ),
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autocorrect": "off",
                "class": "receipt-input",
                # A receipt is Latin letters and digits in groups: left to right in every language.
                "dir": "ltr",
            }
        ),
        error_messages={"required": _("Enter your receipt.")},
    )

    RECEIPT_MESSAGES = {
        "length": _(
            "A receipt has 27 letters and numbers (not counting dashes and spaces). Check that you "
            "copied all of it."
        ),
        "alphabet": _(
            "A receipt has only numbers and the letters A to Z except U. Check the characters you typed."
        ),
        "check": _(
            "One character is mistyped or two characters are swapped. Compare it carefully with your receipt."
        ),
        "unknown": _("We found no report with this receipt. Check it carefully and try again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.canonical = None

    def clean_receipt(self):
        value = self.cleaned_data["receipt"]
        try:
            self.canonical = normalise_receipt(value)
        except InvalidReceipt as invalid:
            raise ValidationError(self.RECEIPT_MESSAGES[invalid.code], code=invalid.code) from None
        return value

    def unknown(self):
        self.add_error("receipt", ValidationError(self.RECEIPT_MESSAGES["unknown"], code="unknown"))


class MailboxMessageForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your message or new information"),
        max_length=MESSAGE_MAX,
        required=False,
        validators=[readable_text],
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        error_messages={"max_length": with_numbers(TEXT_TOO_LONG, max=MESSAGE_MAX)},
    )
    attachments = MultipleFileField(
        label=_("Add photos or documents (optional)"),
        help_text=FILES_HELP,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.pop("maxlength", None)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("text", "").strip() and not data.get("attachments"):
            self.add_error("text", _("Write a message or choose a file to send."))
        return data

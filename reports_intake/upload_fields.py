"""The file fields of the intake's forms: each file is checked from its content and cleaned of its
metadata (`reports_intake.uploads`) while the form validates, so that a refused file is an error next
to its field and an accepted one never reaches storage with its EXIF or GPS data."""

from __future__ import annotations

import io
import os
import unicodedata
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from observatory.i18n import with_numbers
from reports_intake import uploads
from reports_intake.form_base import MAX_FILE_MB

# Said beside every file field: what may be sent, and what is removed before it is stored.
FILES_HELP = with_numbers(
    _(
        "Up to %(max_files)s files: photos (JPEG, PNG, WebP) or PDF, %(max_mb)s MB each at most. "
        "Before your files are stored we remove hidden information such as where and when a photo "
        "was taken and which phone took it."
    ),
    max_files=uploads.MAX_FILES,
    max_mb=MAX_FILE_MB,
)


class InMemoryUploadHandler(FileUploadHandler):
    """The only upload handler (settings.FILE_UPLOAD_HANDLERS): every file stays in memory, whatever the
    size of the request, so a reporter's photo never reaches the disk before it is cleaned and encrypted.
    Django's default would write any request over FILE_UPLOAD_MAX_MEMORY_SIZE to the temp directory.

    Memory is bounded: at most MAX_FILE_BYTES are kept of each file and at most MAX_FILES files have
    their bytes kept; what is beyond is read and dropped, and the file's `size` still says how big it
    was, so the form refuses it as too large or as one file too many. The request itself is capped
    before parsing (reports_intake.requests.MAX_REQUEST_BYTES)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Staff uploads (Wagtail documents and images, bigger than a reporter's photo) go on to Django's
        # own handlers, listed after this one.
        path = self.request.path_info if self.request is not None else ""
        self.active = not path.startswith(tuple(settings.STAFF_URL_PREFIXES))
        self.files_seen = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.files_seen = getattr(self, "files_seen", 0) + 1
        self.buffer, self.received = io.BytesIO(), 0
        if getattr(self, "active", True):
            raise StopFutureHandlers  # the temp-file handler would create its file right now

    def receive_data_chunk(self, raw_data, start):
        if not getattr(self, "active", True):
            return raw_data
        keep = uploads.MAX_FILE_BYTES - self.received if self.files_seen <= uploads.MAX_FILES else 0
        if keep > 0:
            self.buffer.write(raw_data[:keep])
        self.received += len(raw_data)
        return None  # consumed: no other handler sees the bytes

    def file_complete(self, file_size):
        if not getattr(self, "active", True):
            return None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True

    def render(self, name, value, attrs=None, renderer=None):
        # The markup Django's file.html, input.html and attrs.html templates make, without rendering three
        # templates (a third of the review page's time). A file input never shows a value.
        attrs = {**self.build_attrs(self.attrs, attrs), "multiple": True}
        return format_html('<input type="file" name="{}"{}>', name, flatatt(attrs))


@dataclass(frozen=True)
class CleanUpload:
    name: str
    content_type: str
    data: bytes


UPLOAD_MESSAGES = {
    "type_not_allowed": _("“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF document."),
    "type_mismatch": _("“%(name)s” is not the type of file its name says. Save it again as a photo or PDF."),
    "too_large": _("“%(name)s” is larger than %(max_mb)s MB. Send a smaller photo or split the document."),
    "image_too_large": _("“%(name)s” has too many pixels. Send a smaller photo or a screenshot of it."),
    "corrupt": _("“%(name)s” could not be read; it may be damaged. Try saving it again."),
    "encrypted": _("“%(name)s” is protected with a password. Send it without the password."),
    "empty": _("“%(name)s” is empty."),
}


def _upload_error(code: str, name: str) -> ValidationError:
    return ValidationError(UPLOAD_MESSAGES[code], code=code, params={"name": name, "max_mb": MAX_FILE_MB})


def _safe_name(name: str) -> str:
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(char for char in base if unicodedata.category(char)[0] != "C").strip()
    return base[:120] or "file"


def clean_uploads(files) -> list[CleanUpload]:
    """Check each file from its content and strip its metadata; ValidationError lists every problem."""
    if len(files) > uploads.MAX_FILES:
        raise ValidationError(
            ngettext_lazy(
                "You can send up to %(max)d file. Choose fewer files.",
                "You can send up to %(max)d files. Choose fewer files.",
                "max",
            ),
            code="too_many",
            params={"max": uploads.MAX_FILES},
        )
    cleaned, errors = [], []
    for upload in files:
        name = _safe_name(upload.name)
        if upload.size > uploads.MAX_FILE_BYTES:  # refuse before reading it into memory
            errors.append(_upload_error("too_large", name))
            continue
        upload.seek(0)  # the form may be validated again to show it with its errors
        data = upload.read()
        if not data:
            errors.append(_upload_error("empty", name))
            continue
        try:
            clean = uploads.sanitise(data, upload.content_type or "")
        except uploads.UploadRejected as rejected:
            errors.append(_upload_error(rejected.code, name))
            continue
        cleaned.append(CleanUpload(name=name, content_type=uploads.sniff(clean) or "", data=clean))
    if errors:
        raise ValidationError(errors)
    return cleaned


class MultipleFileField(forms.FileField):
    """Several files under one name; cleans to a list of `CleanUpload` (checked and without metadata)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(uploads.ALLOWED_TYPES)}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data or []) if item is not None and (item.name or item.size)]
        return clean_uploads(files)

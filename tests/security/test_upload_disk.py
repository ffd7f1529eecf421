"""Issue 13, finding 5: a report with photos larger together than Django's in-memory threshold made
Django write the raw uploads (EXIF and GPS included) to the temp directory before they were cleaned and
encrypted. Parse such a request exactly as a view does and watch the temp directory."""

import os

from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import RequestFactory

from reports_intake import uploads

SIX_MB = 6 * 1024 * 1024
EXIF_CANARY = b"Exif\x00\x00GPS-CANARY-39.4699N-0.3763W"


def _photo(n: int) -> SimpleUploadedFile:
    body = b"\xff\xd8\xff\xe1" + EXIF_CANARY + os.urandom(SIX_MB)
    return SimpleUploadedFile(f"foto{n}.jpg", body, content_type="image/jpeg")


def _files_of_a_request(settings, tmp_path, files):
    watched = tmp_path / "tmp"
    watched.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(watched)
    request = RequestFactory().post("/informe/", {"files": files})
    parsed = request.FILES.getlist("files")  # parsing the body, with the configured upload handlers
    on_disk = [path.name for path in watched.iterdir()]  # while the uploads are still open
    return parsed, on_disk


def test_two_six_megabyte_photos_never_touch_the_disk(settings, tmp_path):
    parsed, on_disk = _files_of_a_request(settings, tmp_path, [_photo(1), _photo(2)])
    assert on_disk == []
    assert len(parsed) == 2 and not any(isinstance(f, TemporaryUploadedFile) for f in parsed)
    assert all(f.read().startswith(b"\xff\xd8\xff\xe1" + EXIF_CANARY) for f in parsed)


def test_an_oversized_file_is_cut_off_in_memory_and_refused(settings, tmp_path):
    big = SimpleUploadedFile(
        "big.jpg", b"\xff\xd8\xff" + os.urandom(uploads.MAX_FILE_BYTES + 4096), "image/jpeg"
    )
    (upload,), on_disk = _files_of_a_request(settings, tmp_path, [big])
    assert on_disk == []
    # Its size says it is too large (so the field refuses it); beyond the limit nothing was kept.
    assert upload.size > uploads.MAX_FILE_BYTES
    assert len(upload.read()) <= uploads.MAX_FILE_BYTES


def test_staff_uploads_keep_djangos_handlers(settings, tmp_path):
    """A Wagtail document may be bigger than a reporter's photo: it is not cut off."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    body = os.urandom(uploads.MAX_FILE_BYTES + 4096)
    request = RequestFactory().post(
        "/admin/documents/multiple/add/", {"files": [SimpleUploadedFile("a.pdf", body)]}
    )
    assert request.FILES["files"].read() == body

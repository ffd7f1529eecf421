"""Checks and clean-up of reporters' attachments before they are encrypted (DESIGN §4).

Only four types are accepted, recognised by their content, never by their name. Images are decoded
and re-encoded from pixels alone, so EXIF (GPS, camera serial numbers), XMP, IPTC, comments and
thumbnails are left behind. PDFs are rewritten by pypdf without the document information dictionary
and XMP metadata; the text and images inside a PDF are evidence and are kept as they are.
"""

import io
import warnings

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
# Enough for a 50-megapixel phone camera; a bigger canvas is a decompression bomb, not a photo.
MAX_IMAGE_PIXELS = 50_000_000

JPEG, PNG, WEBP, PDF = "image/jpeg", "image/png", "image/webp", "application/pdf"
ALLOWED_TYPES = (JPEG, PNG, WEBP, PDF)
_ALIASES = {"image/jpg": JPEG, "image/pjpeg": JPEG, "image/x-png": PNG}
_PILLOW_FORMAT = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}

REJECTION_CODES = (
    "type_not_allowed",
    "type_mismatch",
    "too_large",
    "image_too_large",
    "corrupt",
    "encrypted",
)


class UploadRejected(ValueError):
    """`code` is one of REJECTION_CODES; the UI shows a translated message for each."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def sniff(data: bytes) -> str | None:
    """The allowed type that `data` really is, from its magic bytes, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"%PDF-"):
        return PDF
    return None


def sanitise(data: bytes, declared_type: str) -> bytes:
    """Check an upload against the type its sender declared and return it without metadata.

    `declared_type` is the Content-Type the browser sent (which it derives from the file name).
    """
    if len(data) > MAX_FILE_BYTES:
        raise UploadRejected("too_large")
    actual = sniff(data)
    declared = declared_type.split(";")[0].strip().lower()
    declared = _ALIASES.get(declared, declared)
    if actual is None or declared not in ALLOWED_TYPES:
        raise UploadRejected("type_not_allowed")
    if actual != declared:
        raise UploadRejected("type_mismatch")
    if actual == PDF:
        return _sanitise_pdf(data)
    return _sanitise_image(data, actual)


def _sanitise_image(data: bytes, mime: str) -> bytes:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[_PILLOW_FORMAT[mime]]) as image:
                # The header gives the size before any pixel is decoded.
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise UploadRejected("image_too_large")
                image.load()
                # Apply the EXIF orientation to the pixels before the EXIF goes away.
                upright = ImageOps.exif_transpose(image)
                clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected("image_too_large") from None
    except UploadRejected:
        raise
    except Exception:  # Pillow reports damaged files with many exception types
        raise UploadRejected("corrupt") from None
    if clean.mode == "P":  # a palette and its transparent index are pixels, not metadata
        clean.putpalette(upright.getpalette())
        if "transparency" in upright.info:
            clean.info["transparency"] = upright.info["transparency"]
    # `clean` was built from raw pixels, so it carries no info, EXIF, XMP or ICC profile to re-emit.
    out = io.BytesIO()
    if mime == JPEG:
        if clean.mode not in ("L", "RGB", "CMYK"):
            clean = clean.convert("RGB")
        clean.save(out, "JPEG", quality=90, optimize=True)
    elif mime == WEBP:
        clean.save(out, "WEBP", quality=90)
    else:
        clean.save(out, "PNG", optimize=True)
    return out.getvalue()


def _sanitise_pdf(data: bytes) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadRejected("encrypted")
        # Cut the XMP streams loose before cloning: the clone copies only what is still reachable.
        reader.trailer["/Root"].get_object().pop(NameObject("/Metadata"), None)
        for page in reader.pages:
            page.pop(NameObject("/Metadata"), None)
            page.pop(NameObject("/PieceInfo"), None)
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None  # no /Info dictionary at all (pypdf would otherwise add a Producer)
        out = io.BytesIO()
        writer.write(out)
    except UploadRejected:
        raise
    except Exception:  # hostile PDFs break pypdf in many ways; none of them may become a server error
        raise UploadRejected("corrupt") from None
    return out.getvalue()

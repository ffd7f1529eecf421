"""Checks and clean-up of reporters' attachments before they are encrypted (DESIGN §4).

Only four types are accepted, recognised by their content, never by their name. Images are decoded
and re-encoded from pixels alone, so EXIF (GPS, camera serial numbers), XMP, IPTC, comments and
thumbnails are left behind. PDFs are rewritten by pypdf without the document information dictionary,
XMP metadata, scripts, automatic actions and embedded files; the text and images inside a PDF are
evidence and are kept as they are.
"""

import io
import math
import warnings

from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
# Enough for a 50-megapixel phone camera; a bigger canvas is a decompression bomb, not a photo.
MAX_IMAGE_PIXELS = 50_000_000
# Larger photos are stored reduced to this (a 16-megapixel image still shows every detail a caseworker
# needs), so that decoding one costs one full-size copy and never several (issue 13).
MAX_OUTPUT_PIXELS = 16_000_000

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


# EXIF orientation -> the transposition that makes the pixels upright (as ImageOps.exif_transpose).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _decoded(image: Image.Image) -> Image.Image:
    """The pixels, at most MAX_OUTPUT_PIXELS of them, holding one full-size copy at a time: a JPEG is
    decoded at a reduced scale directly (draft), anything else decoded once and reduced."""
    factor = math.ceil(math.sqrt(image.width * image.height / MAX_OUTPUT_PIXELS))
    if factor > 1 and image.format == "JPEG":
        image.draft(image.mode, (image.width // factor, image.height // factor))
    image.load()
    factor = math.ceil(math.sqrt(image.width * image.height / MAX_OUTPUT_PIXELS))
    return image.reduce(factor) if factor > 1 else image


def _sanitise_image(data: bytes, mime: str) -> bytes:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[_PILLOW_FORMAT[mime]]) as image:
                # The header gives the size before any pixel is decoded.
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise UploadRejected("image_too_large")
                orientation = image.getexif().get(0x0112)
                pixels = _decoded(image)
            # Apply the EXIF orientation to the pixels before the EXIF goes away.
            if orientation in _UPRIGHT:
                pixels = pixels.transpose(_UPRIGHT[orientation])
            # A new image with the pixels alone: no info, EXIF, XMP or ICC profile comes along.
            clean = Image.new(pixels.mode, pixels.size)
            clean.paste(pixels)
            if clean.mode == "P":  # a palette and its transparent index are pixels, not metadata
                clean.putpalette(pixels.getpalette())
                if "transparency" in pixels.info:
                    clean.info["transparency"] = pixels.info["transparency"]
            del pixels  # one copy at a time: the decoded image goes before the encoding starts
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected("image_too_large") from None
    except UploadRejected:
        raise
    except Exception:  # Pillow reports damaged files with many exception types
        raise UploadRejected("corrupt") from None
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


# What would act in the caseworker's PDF viewer: scripts, actions run on opening, closing, printing or
# on a page or field event (/AA), the document's script name tree, embedded and attached files, XFA
# forms (which carry scripts). Link annotations keep their /URI or in-document targets.
_DROPPED_KEYS = {"/OpenAction", "/AA", "/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/XFA"}
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/RichMediaExecute"}


def _disarm(root) -> None:
    """Remove, everywhere reachable from the document catalogue, the keys in _DROPPED_KEYS, actions of
    the kinds in _ACTIVE_ACTIONS and file-attachment annotations. Iterative, each object once: a
    hostile PDF may be deeply nested or cyclic."""
    seen, pending = set(), [root]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key in [key for key in item if key in _DROPPED_KEYS]:
                del item[key]
            action = item.get("/A")
            if (
                isinstance(action, DictionaryObject | IndirectObject)
                and action.get_object().get("/S") in _ACTIVE_ACTIONS
            ):
                del item["/A"]
            if item.get("/Subtype") == "/FileAttachment":
                item.pop(NameObject("/FS"), None)
            pending.extend(value for key, value in item.items() if key != "/Parent")
        elif isinstance(item, ArrayObject):
            pending.extend(item)


def _sanitise_pdf(data: bytes) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadRejected("encrypted")
        # Cut the XMP streams, scripts, actions and embedded files loose before cloning: the clone
        # copies only what is still reachable.
        root = reader.trailer["/Root"].get_object()
        root.pop(NameObject("/Metadata"), None)
        for page in reader.pages:
            page.pop(NameObject("/Metadata"), None)
            page.pop(NameObject("/PieceInfo"), None)
        _disarm(root)
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None  # no /Info dictionary at all (pypdf would otherwise add a Producer)
        out = io.BytesIO()
        writer.write(out)
    except UploadRejected:
        raise
    except Exception:  # hostile PDFs break pypdf in many ways; none of them may become a server error
        raise UploadRejected("corrupt") from None
    return out.getvalue()

"""Issue 13, finding 8: what a reporter's file may carry into a caseworker's viewer. PDFs lose their
scripts, automatic actions and embedded files; an image's decoding stays within a bounded memory."""

import io
import subprocess
import sys

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from reports_intake import uploads

SCRIPT = "app.alert('CANARY-pdf-script')"


def _hostile_pdf() -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    writer.add_attachment("payload.exe", b"CANARY-embedded-file")
    js_action = writer._add_object(
        DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(SCRIPT)}
        )
    )
    # The document-level script name tree, beside the attachment's /EmbeddedFiles tree.
    names = writer._root_object["/Names"].get_object()
    names[NameObject("/JavaScript")] = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("a"), js_action])}
    )
    writer._root_object[NameObject("/OpenAction")] = js_action
    js = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(SCRIPT)}
    )
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): js})
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject(
                [NumberObject(0), NumberObject(0), NumberObject(50), NumberObject(50)]
            ),
            NameObject("/A"): DictionaryObject(
                {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
            ),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    writer.add_metadata({"/Author": "CANARY-author"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_loses_scripts_actions_and_embedded_files():
    clean = uploads.sanitise(_hostile_pdf(), "application/pdf")
    for marker in (b"CANARY-pdf-script", b"CANARY-embedded-file", b"/JavaScript", b"/OpenAction", b"/AA",
                   b"/EmbeddedFile", b"/Launch", b"CANARY-author", b"cmd.exe"):  # fmt: skip
        assert marker not in clean, marker
    reader = PdfReader(io.BytesIO(clean))
    assert len(reader.pages) == 1  # the document itself is kept


_PEAK = """
import io, resource, sys
from PIL import Image
from reports_intake import uploads
data = sys.stdin.buffer.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    uploads.sanitise(data, "image/png")
except uploads.UploadRejected as refused:
    print("refused", refused.code)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_decoding_a_fifty_megapixel_png_stays_within_bounded_memory():
    """A 50-megapixel PNG is small on the wire and 150 MiB of RGB pixels once decoded; several full
    copies of it (as in finding 8) are what lets a few uploads exhaust a worker."""
    from PIL import Image

    image = Image.new("RGB", (10_000, 5_000), (200, 30, 30))
    png = io.BytesIO()
    image.save(png, "PNG")
    del image
    result = subprocess.run(
        [sys.executable, "-c", _PEAK], input=png.getvalue(), capture_output=True, check=True, timeout=300
    )
    growth_mib = int(result.stdout.split()[-1])
    # One decoded copy (143 MiB) and a reduced one, not four or five of them.
    assert growth_mib < 260, result.stdout

import io
import struct
import zlib

import pytest
from PIL import ExifTags, Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from reports_intake.uploads import (
    MAX_FILE_BYTES,
    MAX_FILES,
    UploadRejected,
    sanitise,
    sniff,
)

CANARY = "CANARY-7f3a-Calle-de-Colon"


def photo_with_gps(fmt="JPEG", size=(64, 32), orientation=None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    image.putpixel((0, 0), (0, 0, 255))  # a marker to check orientation by
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = CANARY
    exif[ExifTags.Base.Make] = "CANARY-MAKE"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (39.0, 28.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 22.0, 35.0)
    out = io.BytesIO()
    extra = {"icc_profile": b"CANARY-ICC" * 20} if fmt != "PNG" else {}
    image.save(out, fmt, exif=exif, xmp=f"<x:xmpmeta>{CANARY}</x:xmpmeta>".encode(), **extra)
    data = out.getvalue()
    assert CANARY.encode() in data
    return data


def png_with_text_chunk() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", CANARY)
    info.add_itxt("XML:com.adobe.xmp", CANARY)
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 128)).save(out, "PNG", pnginfo=info, exif=photo_exif())
    return out.getvalue()


def photo_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = CANARY
    return exif


def pdf_with_metadata() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": CANARY, "/Title": "Denuncia"})
    xmp = DecodedStreamObject()
    xmp.set_data(f"<x:xmpmeta><dc:creator>{CANARY}</dc:creator></x:xmpmeta>".encode())
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    writer.root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    out = io.BytesIO()
    writer.write(out)
    assert CANARY.encode() in out.getvalue()
    return out.getvalue()


def rejection(data: bytes, declared: str) -> str:
    with pytest.raises(UploadRejected) as caught:
        sanitise(data, declared)
    return caught.value.code


def test_limits():
    assert MAX_FILES == 5
    assert MAX_FILE_BYTES == 10 * 1024 * 1024


def test_sniff_recognises_allowed_types_by_content():
    assert sniff(photo_with_gps("JPEG")) == "image/jpeg"
    assert sniff(png_with_text_chunk()) == "image/png"
    assert sniff(photo_with_gps("WEBP")) == "image/webp"
    assert sniff(pdf_with_metadata()) == "application/pdf"
    assert sniff(b"GIF89a" + b"\x00" * 20) is None
    assert sniff(b"<html><script>") is None
    assert sniff(b"") is None


def test_jpeg_loses_gps_and_every_exif_field():
    clean = sanitise(photo_with_gps("JPEG"), "image/jpeg")
    assert CANARY.encode() not in clean and b"CANARY" not in clean
    with Image.open(io.BytesIO(clean)) as image:
        assert not image.getexif()
        assert ExifTags.IFD.GPSInfo not in image.getexif()
        assert "icc_profile" not in image.info and "xmp" not in image.info
        assert image.size == (64, 32)


def test_orientation_is_applied_before_exif_is_dropped():
    # Orientation 6 means "rotate 90° clockwise to display": the stored 64x32 image shows as 32x64.
    clean = sanitise(photo_with_gps("JPEG", orientation=6), "image/jpeg")
    with Image.open(io.BytesIO(clean)) as image:
        assert image.size == (32, 64)


def test_webp_loses_metadata():
    clean = sanitise(photo_with_gps("WEBP"), "image/webp")
    assert b"CANARY" not in clean
    assert sniff(clean) == "image/webp"


def test_png_loses_text_chunks_and_keeps_transparency():
    clean = sanitise(png_with_text_chunk(), "image/png")
    assert b"CANARY" not in clean
    with Image.open(io.BytesIO(clean)) as image:
        assert image.mode == "RGBA" and image.getpixel((1, 1))[3] == 128


def test_pdf_loses_author_and_xmp_metadata():
    clean = sanitise(pdf_with_metadata(), "application/pdf")
    assert CANARY.encode() not in clean
    reader = PdfReader(io.BytesIO(clean))
    assert len(reader.pages) == 1
    assert not reader.metadata
    assert "/Metadata" not in reader.trailer["/Root"]


def test_png_renamed_pdf_is_a_mismatch():
    assert rejection(png_with_text_chunk(), "application/pdf") == "type_mismatch"


def test_declared_type_aliases_and_parameters_are_understood():
    assert sniff(sanitise(photo_with_gps("JPEG"), "IMAGE/JPG; charset=binary")) == "image/jpeg"


@pytest.mark.parametrize(
    "data, declared",
    [
        (b"GIF89a" + b"\x00" * 100, "image/gif"),
        (b"<svg onload=alert(1)>", "image/svg+xml"),
        (b"MZ\x90\x00", "application/pdf"),
        (b"%PDF-1.7\n", "text/html"),
    ],
)
def test_other_types_are_not_allowed(data, declared):
    assert rejection(data, declared) == "type_not_allowed"


def test_oversized_file_is_refused_before_decoding():
    assert rejection(b"\xff\xd8\xff" + b"\x00" * MAX_FILE_BYTES, "image/jpeg") == "too_large"


@pytest.mark.parametrize("fmt, mime", [("JPEG", "image/jpeg"), ("PNG", "image/png")])
def test_truncated_image_is_corrupt(fmt, mime):
    out = io.BytesIO()
    Image.effect_noise((300, 300), 50).convert("RGB").save(out, fmt)
    assert rejection(out.getvalue()[: len(out.getvalue()) // 2], mime) == "corrupt"


def test_garbage_pdf_is_corrupt():
    assert rejection(b"%PDF-1.7\n" + b"\x00garbage" * 50, "application/pdf") == "corrupt"


def test_decompression_bomb_is_refused_from_its_header():
    # A valid PNG header claiming 100,000 x 100,000 pixels: refused without decoding a pixel.
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0))
    bomb = b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b"")
    assert rejection(bomb, "image/png") == "image_too_large"


def test_encrypted_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    assert rejection(out.getvalue(), "application/pdf") == "encrypted"

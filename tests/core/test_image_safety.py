"""Photos that leave the program carry pixels only, and a hostile photo cannot exhaust
memory (issue 13, items 1 and 8).

Real image files made with Pillow, each hiding a secret in one kind of metadata, are set
as a case's portrait; the dossier is made by the command line; the PDF is read back with
pypdf: the secret must be in none of its bytes, decoded streams or embedded images.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from pathlib import Path

import pytest
from memory_probe import run_cli_measured
from PIL import Image, ImageCms, PngImagePlugin
from pypdf import PdfReader

from casemanager.reports import images
from casemanager.services import attachments, cases
from casemanager.store.database import open_database

SECRET = "family hiding at 48.58N 37.91E"
ICC_SECRET = "hiding 48.58N"  # as long as the description it replaces in the profile
XMP = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
       f'02/22-rdf-syntax-ns#"><rdf:Description><dc:description xmlns:dc="http://purl.org/'
       f'dc/elements/1.1/">{SECRET}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>')


def photo(mode: str = "RGB", size: tuple[int, int] = (120, 160)) -> Image.Image:
    img = Image.new(mode, size)
    img.paste((200, 120, 40) if mode == "RGB" else 128, (20, 20, 100, 140))
    return img


def icc_with_secret() -> bytes:
    data = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    old = "sRGB build-in".encode("utf-16-be")
    if old not in data:
        old = "sRGB built-in".encode("utf-16-be")
    assert old in data and len(ICC_SECRET) == 13
    return data.replace(old, ICC_SECRET.encode("utf-16-be"))


def exif_with_thumbnail() -> bytes:
    """An EXIF block (APP1) whose IFD0 describes the image with the secret and whose
    IFD1 holds a thumbnail JPEG that carries the secret in its own comment."""
    thumb = io.BytesIO()
    photo(size=(16, 16)).save(thumb, "JPEG", comment=SECRET.encode())
    thumb_bytes = thumb.getvalue()
    desc = SECRET.encode() + b"\0"
    # TIFF header, IFD0 (1 entry), IFD1 (2 entries), then the description and thumbnail.
    ifd0_at = 8
    ifd1_at = ifd0_at + 2 + 12 + 4
    desc_at = ifd1_at + 2 + 2 * 12 + 4
    thumb_at = desc_at + len(desc)
    out = b"II*\0" + struct.pack("<I", ifd0_at)
    out += struct.pack("<H", 1) + struct.pack("<HHII", 0x010E, 2, len(desc), desc_at)
    out += struct.pack("<I", ifd1_at)
    out += struct.pack("<H", 2)
    out += struct.pack("<HHII", 0x0201, 4, 1, thumb_at)
    out += struct.pack("<HHII", 0x0202, 4, 1, len(thumb_bytes))
    out += struct.pack("<I", 0)
    return b"Exif\0\0" + out + desc + thumb_bytes


def make_image(kind: str) -> tuple[str, bytes]:
    buf = io.BytesIO()
    if kind == "jpeg-comment":
        photo().save(buf, "JPEG", comment=SECRET.encode())
    elif kind == "jpeg-exif-thumbnail":
        photo().save(buf, "JPEG", exif=exif_with_thumbnail())
    elif kind == "jpeg-xmp":
        photo().save(buf, "JPEG", xmp=XMP.encode())
    elif kind == "jpeg-icc":
        photo().save(buf, "JPEG", icc_profile=icc_with_secret())
    elif kind in ("png-text", "png-itxt", "png-ztxt", "png-xmp"):
        info = PngImagePlugin.PngInfo()
        if kind == "png-text":
            info.add_text("Comment", SECRET)
        elif kind == "png-itxt":
            info.add_itxt("Description", SECRET, lang="en", tkey="Description")
        elif kind == "png-ztxt":
            info.add_text("Location", SECRET, zip=True)
        else:
            info.add_itxt("XML:com.adobe.xmp", XMP)
        photo().save(buf, "PNG", pnginfo=info, icc_profile=icc_with_secret())
    elif kind == "gif-comment":
        photo().convert("P").save(buf, "GIF", comment=SECRET.encode())
    elif kind == "webp":
        photo().save(buf, "WEBP", exif=exif_with_thumbnail(), xmp=XMP.encode(),
                     icc_profile=icc_with_secret())
    elif kind == "tiff":
        photo().save(buf, "TIFF", tiffinfo={270: SECRET, 700: XMP.encode()},
                     icc_profile=icc_with_secret())
    else:
        raise AssertionError(kind)
    ext = {"jpeg": "jpg", "png": "png", "gif": "gif", "webp": "webp", "tiff": "tif"}
    return f"portrait.{ext[kind.split('-')[0]]}", buf.getvalue()


KINDS = ["jpeg-comment", "jpeg-exif-thumbnail", "jpeg-xmp", "jpeg-icc", "png-text",
         "png-itxt", "png-ztxt", "png-xmp", "gif-comment", "webp", "tiff"]


def secret_forms() -> list[bytes]:
    forms = []
    for text in (SECRET, ICC_SECRET, "48.58N"):
        forms += [text.encode(), text.encode("utf-16-be"), text.encode("utf-16-le")]
    return forms


def pdf_contents(pdf: Path) -> list[bytes]:
    """The PDF's bytes, every stream decoded, and every embedded image's data."""
    reader = PdfReader(pdf)
    found = [pdf.read_bytes()]
    for num in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(num)
        except Exception:  # noqa: BLE001 - numbers past the end
            continue
        if hasattr(obj, "get_data"):
            try:
                found.append(obj.get_data())
            except Exception:  # noqa: BLE001 - a filter pypdf cannot undo (DCT: kept raw)
                found.append(obj._data)
    for page in reader.pages:
        for image in page.images:
            found.append(image.data)
    return found


def portrait_case(db_path: Path, filename: str, data: bytes) -> str:
    db = open_database(str(db_path))
    ref = cases.create_case(db, fields={"family_name": "Турсунов", "given_name": "Alisher"}).reference
    attachments.add_attachment(db, ref, filename=filename, data=data, is_portrait=True)
    db.dispose()
    return ref


@pytest.mark.parametrize("kind", KINDS)
def test_the_dossier_photo_carries_no_metadata(cli, sqlite_path, tmp_path, kind):
    filename, data = make_image(kind)
    if kind != "png-ztxt":  # zTXt is compressed: the secret is not readable in the file
        assert any(form in data for form in secret_forms()), "the test image hides nothing"
    ref = portrait_case(sqlite_path, filename, data)
    out = tmp_path / "dossier.pdf"
    r = cli("dossier", ref, "-o", str(out), "--lang", "en", db=str(sqlite_path))
    assert r.returncode == 0, r.stderr

    reader = PdfReader(out)
    embedded = [image for page in reader.pages for image in page.images]
    assert len(embedded) == 1, "the photo is in the dossier"
    with Image.open(io.BytesIO(embedded[0].data)) as img:
        assert img.format == "JPEG"
        assert not img.getexif() and not img.applist[1:], img.applist
        assert {"comment", "exif", "xmp", "icc_profile"}.isdisjoint(img.info)
        assert img.getpixel((img.width // 2, img.height // 2)) != (0, 0, 0)
    for blob in pdf_contents(out):
        for form in secret_forms():
            assert form not in blob, (kind, form)


def test_colours_of_a_photo_with_a_profile_are_kept_in_srgb():
    buf = io.BytesIO()
    photo().save(buf, "JPEG", icc_profile=icc_with_secret(), quality=95)
    clean = images.clean_photo(buf.getvalue(), max_side=600)
    with Image.open(io.BytesIO(clean.data)) as img:
        r, g, b = img.convert("RGB").getpixel((60, 80))
    assert abs(r - 200) < 12 and abs(g - 120) < 12 and abs(b - 40) < 12


def test_transparent_parts_print_white_not_black():
    img = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    clean = images.clean_photo(buf.getvalue(), max_side=600)
    with Image.open(io.BytesIO(clean.data)) as out:
        assert out.convert("RGB").getpixel((5, 5)) == (255, 255, 255)


# ------------------------------------------------------------------ item 8


def huge_jpeg(side: int = 13_000) -> bytes:
    """A tiny JPEG whose frame header claims side×side pixels (as in the issue: 632
    bytes claiming 13,000×13,000)."""
    buf = io.BytesIO()
    Image.new("L", (8, 8), 90).save(buf, "JPEG", quality=10)
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", side, side)
    return bytes(data)


def huge_png(side: int = 12_000) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    ihdr = data.index(b"IHDR")
    data[ihdr + 4:ihdr + 12] = struct.pack(">II", side, side)
    crc = zlib.crc32(bytes(data[ihdr:ihdr + 17]))
    data[ihdr + 17:ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def test_a_png_claiming_too_many_pixels_is_refused_before_decoding():
    data = huge_png()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        img = Image.open(io.BytesIO(data))
    with img:
        assert img.size == (12_000, 12_000)  # the header says so; nothing is decoded yet
    with pytest.raises(images.ImageRefused, match="144 million pixels"):
        images.clean_photo(data, max_side=600)


def test_a_jpeg_claiming_13000_pixels_square_is_decoded_reduced(sqlite_path, tmp_path):
    data = huge_jpeg()
    assert len(data) < 1000
    ref = portrait_case(sqlite_path, "bomb.jpg", data)
    out = tmp_path / "d.pdf"
    code, peak_mib, err = run_cli_measured("dossier", ref, "-o", str(out), db=str(sqlite_path))
    assert code == 0, err
    # 13,000² pixels decoded in full need 169 MB (grey) to 507 MB (RGB) on their own.
    assert peak_mib < 300, f"peak {peak_mib} MB"
    assert out.stat().st_size > 0

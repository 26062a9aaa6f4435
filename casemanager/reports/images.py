"""Photos on their way out of the program: pixels only, and never a memory bomb.

A photo a caseworker attaches may hide where a family is: a JPEG comment, PNG text
chunks, a GIF comment, XMP, the description inside an ICC profile, an EXIF thumbnail
(which is an older, uncropped picture with metadata of its own). `clean_photo` keeps
none of it: it decodes the pixels, turns them upright and into sRGB, scales them, copies
them into a new image that has no metadata at all and encodes that as a JPEG. Every
image that leaves the program (today: the portrait in dossiers) goes through it.

Before any pixel is decoded, the header's size is checked against a pixel budget: a
600-byte file can claim 13,000×13,000 pixels. JPEGs above the budget are decoded reduced
(libjpeg scales by 1/2, 1/4 or 1/8 while decoding); other formats are refused.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from casemanager.domain.errors import CaseManagerError

if TYPE_CHECKING:  # Pillow is imported on first use
    from PIL import Image

# A 48-megapixel phone photo fits; decoded as RGB it takes 144 MB. Above this a file is
# either a panorama no dossier needs in full or a bomb.
MAX_PIXELS = 50_000_000
# Formats a photo comes in. Others (EPS runs Ghostscript, for one) are never opened.
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP", "MPO")
JPEG_QUALITY = 85


class ImageRefused(CaseManagerError):
    """The file is not a picture that can be used (unreadable, or too many pixels)."""


@dataclass(frozen=True)
class CleanPhoto:
    """A photo re-encoded from its pixels alone: JPEG bytes and their size in pixels."""

    data: bytes
    width: int
    height: int


def clean_photo(data: bytes, *, max_side: int, max_pixels: int = MAX_PIXELS) -> CleanPhoto:
    """The photo in `data` as a metadata-free sRGB JPEG at most `max_side` pixels long.

    Only the first frame of an animation or multi-page file is used. Raises ImageRefused
    when the bytes are not a picture in one of FORMATS, or when its header claims more
    than `max_pixels` pixels and it cannot be decoded reduced (checked before decoding).
    """
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            # Our own budget below replaces Pillow's decompression-bomb warning.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as img:
                width, height = img.size
                if img.format in ("JPEG", "MPO"):
                    # Decode at 1/2, 1/4 or 1/8 scale, no smaller than needed: fast, and
                    # a bomb's 13,000² becomes at most 1,625².
                    img.draft("RGB", (max_side, max_side))
                if img.size[0] * img.size[1] > max_pixels:
                    raise ImageRefused(
                        f"the picture claims {width}×{height} pixels "
                        f"({width * height / 1e6:,.0f} million pixels); at most "
                        f"{max_pixels / 1e6:,.0f} million are read"
                    )
                img.load()
                pixels = _upright_srgb(img, ImageOps)
    except ImageRefused:
        raise
    except Image.DecompressionBombError:  # Pillow's own limit, twice its warning's
        raise ImageRefused(f"the picture claims more than {max_pixels / 1e6:,.0f} million "
                           "pixels") from None
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds on a bad file
        raise ImageRefused(f"the picture cannot be read ({type(exc).__name__})") from None
    pixels.thumbnail((max_side, max_side))
    # A new image from the raw pixels: nothing of the original's `info` can follow.
    bare = Image.frombytes("RGB", pixels.size, pixels.tobytes())
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanPhoto(out.getvalue(), bare.width, bare.height)


def _upright_srgb(img: Image.Image, image_ops: ModuleType) -> Image.Image:
    """The pixels turned as EXIF says, in sRGB, on white where they were transparent."""
    from PIL import Image, ImageCms

    img = image_ops.exif_transpose(img)  # phone photos carry their rotation in EXIF
    icc = img.info.get("icc_profile")
    if icc and img.mode in ("RGB", "CMYK", "L"):
        try:  # colours as the profile meant them, then the profile itself is dropped
            converted = ImageCms.profileToProfile(
                img, ImageCms.ImageCmsProfile(io.BytesIO(icc)), ImageCms.createProfile("sRGB"),
                outputMode="RGB")
            if converted is not None:  # None only when converting in place
                img = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels as they are
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return img.convert("RGB")

"""Checking an image uploaded to a narrative section: its size first, then its content (not
its name): a PNG or a JPEG that Pillow reads whole, of sensible dimensions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

from kscp.assurance.models import SectionImage

IMAGE_TOO_BIG = "The image must be smaller than {limit}"
IMAGE_NOT_PNG_OR_JPEG = "The image must be a PNG or a JPEG"
IMAGE_UNREADABLE = "The image could not be read: save it again as a PNG or a JPEG"
IMAGE_TOO_LARGE_PIXELS = "The image must be at most {most:,} pixels wide and high"
MAX_SIDE = 8000
SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": ("PNG", SectionImage.Format.PNG),
    b"\xff\xd8\xff": ("JPEG", SectionImage.Format.JPEG),
}


def max_bytes() -> int:
    return settings.REPORT_IMAGE_MAX_BYTES


def size_words(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def checked_image(upload) -> tuple[str, int, int]:
    """The content type, width and height of an uploaded PNG or JPEG; ValidationError,
    saying what is wrong, for anything else."""
    if upload.size > max_bytes():
        raise ValidationError(IMAGE_TOO_BIG.format(limit=size_words(max_bytes())))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    found = [value for magic, value in SIGNATURES.items() if head.startswith(magic)]
    if not found:
        raise ValidationError(IMAGE_NOT_PNG_OR_JPEG)
    ((pillow_format, content_type),) = found
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if image.format != pillow_format:
                raise ValidationError(IMAGE_NOT_PNG_OR_JPEG)
            if max(width, height) > MAX_SIDE:
                raise ValidationError(IMAGE_TOO_LARGE_PIXELS.format(most=MAX_SIDE))
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(IMAGE_UNREADABLE) from exc
    finally:
        upload.seek(0)
    return content_type, width, height

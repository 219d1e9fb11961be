"""Uploaded files (request letters, event photos): checked by content, kept private.

A file is judged by its bytes, never by its name or the browser's claimed type;
it is stored under a name the server makes, below MEDIA_ROOT (which no URL
serves), and handed out only by permission-checked views, as an attachment
with ``nosniff`` so a browser never renders it as a page.
"""

from __future__ import annotations

import io
import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def max_upload_bytes() -> int:
    return settings.PONTIVE["UPLOAD_MAX_BYTES"]


@deconstructible
class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT, followed when settings change (tests), with no public URL at all."""

    def url(self, name):
        raise ValueError("private files have no URL; serve them through a staff view")


private_storage = PrivateStorage()


@deconstructible
class ServerName:
    """``upload_to`` that ignores the uploaded name: ``<folder>/<yyyy>/<mm>/<uuid>.<ext>``."""

    def __init__(self, folder: str, extension: str = ""):
        self.folder = folder
        self.extension = extension

    def __call__(self, instance, filename: str) -> str:
        ext = self.extension or (filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin")
        now = timezone.localdate()
        return f"{self.folder}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{ext}"


def _human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def _head(upload, size: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _check_size(upload) -> None:
    limit = max_upload_bytes()
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": _human_size(upload.size), "limit": _human_size(limit)},
            code="too_large",
        )


def validate_pdf(upload) -> None:
    """Refuse anything that is not a readable PDF of reasonable size, whatever its name."""
    _check_size(upload)
    head = _head(upload)
    kind = filetype.guess(head)
    if not head.lstrip(b"\x00\t\n\r ").startswith(b"%PDF-") or (kind and kind.mime != PDF):
        raise ValidationError(
            _("This file is not a PDF. Please upload the request letter as a PDF document."),
            code="not_pdf",
        )
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    upload.seek(0)
    try:
        reader = PdfReader(io.BytesIO(upload.read()), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is protected by a password; please upload it without one."),
                code="encrypted",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        pages = 0
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError(
            _("This PDF cannot be read; please export the letter again and upload it."),
            code="unreadable",
        )


def validate_image(upload) -> str:
    """Accept a JPEG, PNG or WebP photo (by content); returns its file extension."""
    _check_size(upload)
    kind = filetype.guess(_head(upload))
    if kind is None or kind.mime not in IMAGE_TYPES:
        raise ValidationError(
            _("This file is not a photo. Please upload a JPEG, PNG or WebP image."),
            code="not_image",
        )
    return IMAGE_TYPES[kind.mime]


def attachment_response(field_file, download_name: str, content_type: str) -> FileResponse:
    """Serve a private file to someone already checked: a download, never a rendered page."""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=download_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

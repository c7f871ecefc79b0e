"""What rectification accepts as evidence, on top of the shared content checks
(``xiushan_jobs/lib/uploads.py``): images (JPG, PNG, GIF, WebP), PDF, Word (doc, docx) and
Excel (xls, xlsx) — inspection teams bring scans and the bureau's own Office files, old
formats included. An evidence file's kind (``EvidenceKind``) is the detected type's
category."""

from __future__ import annotations

from xiushan_jobs.lib import uploads
from xiushan_jobs.lib.uploads import CheckedFile, detect_type
from xiushan_jobs.lib.uploads import UploadRefused as EvidenceError

ALLOWED = frozenset(
    {
        uploads.JPEG,
        uploads.PNG,
        uploads.GIF,
        uploads.WEBP,
        uploads.PDF,
        uploads.DOC,
        uploads.XLS,
        uploads.DOCX,
        uploads.XLSX,
    }
)
ALLOWED_DESCRIPTION = "图片（JPG、PNG、GIF、WebP）、PDF、Word（doc、docx）或 Excel（xls、xlsx）"
#: for the file input's ``accept`` attribute: a hint to the browser, not a check
ACCEPT = ".jpg,.jpeg,.png,.gif,.webp,.pdf,.doc,.docx,.xls,.xlsx,image/*"
DEFAULT_NAME = "佐证材料"

__all__ = ["CheckedFile", "EvidenceError", "check_upload", "detect_type", "display_name"]


def check_upload(upload, *, max_bytes: int) -> CheckedFile:
    """Size and content checks for one evidence file; ``EvidenceError`` names the file."""
    return uploads.check_upload(
        upload,
        max_bytes=max_bytes,
        allowed=ALLOWED,
        allowed_description=ALLOWED_DESCRIPTION,
        default_stem=DEFAULT_NAME,
    )


def display_name(raw: str, extension: str) -> str:
    return uploads.display_name(raw, extension, default_stem=DEFAULT_NAME)

"""What workshops accept as photos and documents, on top of the shared content checks
(``xiushan_jobs/lib/uploads.py``).

Accepted: JPEG, PNG and WebP photos; PDF; Word (docx) and Excel (xlsx) documents. Legacy
OLE files (.doc/.xls) are refused by their first bytes, since the same container also
carries installers and macros; people are asked to save as PDF, docx or xlsx.
"""

from __future__ import annotations

from typing import IO

from xiushan_jobs.lib.uploads import (
    DOCX,
    JPEG,
    OLE_MAGIC,
    PDF,
    PNG,
    WEBP,
    XLSX,
    FileType,
    base_name,
    detect_type,
)
from xiushan_jobs.lib.uploads import UploadRefused as FileRefused

MAX_BYTES = 10 * 1024 * 1024
MAX_LABEL = "10 MB"
ACCEPTED = frozenset({JPEG, PNG, WEBP, PDF, DOCX, XLSX})
ACCEPTED_LABEL = "JPG、PNG、WebP 图片，PDF、Word（docx）或 Excel（xlsx）文件"

__all__ = ["XLSX", "FileRefused", "check_size", "detect", "display_name"]


def detect(stream: IO[bytes]) -> FileType:
    """The type of ``stream`` (read from its start, left rewound), or ``FileRefused``."""
    stream.seek(0)
    head = stream.read(len(OLE_MAGIC))
    stream.seek(0)
    if not head:
        raise FileRefused("文件是空的。")
    if head.startswith(OLE_MAGIC):
        raise FileRefused(
            "这是旧版 Office 文件（doc/xls），为安全起见不接收：请另存为 PDF、docx 或 xlsx 后上传。"
        )
    found = detect_type(stream)
    if found not in ACCEPTED:
        raise FileRefused(f"无法识别的文件内容：只接收 {ACCEPTED_LABEL}。")
    return found


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise FileRefused(
            f"文件太大（{size / 1024 / 1024:.1f} MB）：单个文件不能超过 {MAX_LABEL}。"
        )
    if size == 0:
        raise FileRefused("文件是空的。")


def display_name(name: str) -> str:
    """The uploader's file name for display and download only: no path, no control
    characters, at most 120 characters."""
    return base_name(name)[-120:] or "未命名文件"

"""Recognising uploaded files by their content, not by the name the uploader gave them.

Accepted: JPEG, PNG and WebP photos; PDF; Word (docx) and Excel (xlsx) documents. Legacy
OLE files (.doc/.xls) are refused, since the same container also carries installers and
macros; people are asked to save as PDF, docx or xlsx. The limits are deliberately small
and self-contained: no imaging library is needed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

MAX_BYTES = 10 * 1024 * 1024
MAX_LABEL = "10 MB"


@dataclass(frozen=True)
class FileType:
    content_type: str
    suffix: str
    is_image: bool
    label: str


JPEG = FileType("image/jpeg", ".jpg", True, "JPEG 图片")
PNG = FileType("image/png", ".png", True, "PNG 图片")
WEBP = FileType("image/webp", ".webp", True, "WebP 图片")
PDF = FileType("application/pdf", ".pdf", False, "PDF 文件")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    False,
    "Word 文档",
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsx",
    False,
    "Excel 表格",
)
ACCEPTED_LABEL = "JPG、PNG、WebP 图片，PDF、Word（docx）或 Excel（xlsx）文件"


class FileRefused(ValueError):
    """The upload is not acceptable; the message says why, in Chinese."""


def _office_type(stream: IO[bytes]) -> FileType | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise FileRefused("含有宏的 Office 文件（docm、xlsm）不能上传：请另存为 docx 或 xlsx。")
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def detect(stream: IO[bytes]) -> FileType:
    """The type of ``stream`` (read from its start, left rewound), or ``FileRefused``."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if not head:
        raise FileRefused("文件是空的。")
    found: FileType | None = None
    if head.startswith(b"\xff\xd8\xff"):
        found = JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = PNG
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        found = WEBP
    elif head.startswith(b"%PDF-"):
        found = PDF
    elif head.startswith(b"PK\x03\x04"):
        found = _office_type(stream)
        stream.seek(0)
    elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise FileRefused(
            "这是旧版 Office 文件（doc/xls），为安全起见不接收：请另存为 PDF、docx 或 xlsx 后上传。"
        )
    if found is None:
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
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[-120:] or "未命名文件"

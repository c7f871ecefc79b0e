"""Checking uploaded files by their content, never by their name.

Recognised: JPEG, PNG, GIF and WebP images; PDF; Word (.doc, .docx); Excel (.xls, .xlsx).
Legacy .doc/.xls are OLE2 compound files told apart by their stream names (``WordDocument``
/ ``Workbook``); .docx/.xlsx are ZIP packages told apart by their parts
(``word/document.xml`` / ``xl/workbook.xml``). Macro-enabled files are refused outright.
Anything else — an ``.exe`` renamed ``.pdf``, an HTML page, an SVG — is not recognised.
Each feature decides which recognised types it accepts (``check_upload(allowed=...)``).

Plain Python (``zipfile``, ``struct``): no dependency, and the checks read only headers
and directories, never decompress a package.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from typing import IO


class UploadRefused(ValueError):
    """The upload is refused; the message says why, in Chinese."""


@dataclass(frozen=True)
class FileType:
    #: "image", "pdf", "word" or "excel"
    category: str
    extension: str
    content_type: str

    @property
    def is_image(self) -> bool:
        return self.category == "image"

    @property
    def suffix(self) -> str:
        return f".{self.extension}"


JPEG = FileType("image", "jpg", "image/jpeg")
PNG = FileType("image", "png", "image/png")
GIF = FileType("image", "gif", "image/gif")
WEBP = FileType("image", "webp", "image/webp")
PDF = FileType("pdf", "pdf", "application/pdf")
DOC = FileType("word", "doc", "application/msword")
XLS = FileType("excel", "xls", "application/vnd.ms-excel")
DOCX = FileType(
    "word", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX = FileType(
    "excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
#: the first bytes of an OLE2 compound file (legacy .doc/.xls, but also installers, .msg…)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def detect_type(stream: IO[bytes]) -> FileType | None:
    """The type of the file by its content (the stream is left rewound), or ``None`` when
    it is none of the recognised types. Macro-enabled Office files raise ``UploadRefused``."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(_ZIP_MAGIC):
        return _office_package_type(stream)
    if head.startswith(OLE_MAGIC):
        return _ole_type(stream)
    return None


def _office_package_type(stream: IO[bytes]) -> FileType | None:
    try:
        with zipfile.ZipFile(stream) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        stream.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UploadRefused("含有宏的 Office 文件（docm、xlsm）不能上传，请另存为 docx 或 xlsx。")
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _ole_type(stream: IO[bytes]) -> FileType | None:
    try:
        names = _ole_stream_names(stream)
    except (struct.error, ValueError, IndexError):
        return None
    finally:
        stream.seek(0)
    if any(name.lower() in ("_vba_project_cur", "macros", "vba") for name in names):
        raise UploadRefused("含有宏的 Office 文件不能上传，请另存为不含宏的文档。")
    if "WordDocument" in names:
        return DOC
    if "Workbook" in names or "Book" in names:
        return XLS
    return None


_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_MAX_SECTORS = 1 << 20  # far beyond any upload we accept; stops a looping chain


def _ole_stream_names(stream: IO[bytes]) -> set[str]:
    """Names in an OLE2 compound file's directory (MS-CFB): header → FAT → directory."""
    header = stream.read(512)
    if len(header) < 512:
        raise ValueError("short header")
    sector_shift = struct.unpack_from("<H", header, 30)[0]
    if sector_shift not in (9, 12):
        raise ValueError("bad sector size")
    sector_size = 1 << sector_shift
    fat_count, first_dir = struct.unpack_from("<II", header, 44)
    first_difat, difat_count = struct.unpack_from("<II", header, 68)

    def sector(number: int) -> bytes:
        stream.seek((number + 1) * sector_size)
        data = stream.read(sector_size)
        if len(data) < sector_size:
            raise ValueError("truncated sector")
        return data

    fat_sectors = [n for n in struct.unpack_from("<109I", header, 76) if n != _FREE]
    next_difat, seen = first_difat, 0
    while next_difat not in (_FREE, _END_OF_CHAIN) and seen < difat_count:
        entries = struct.unpack(f"<{sector_size // 4}I", sector(next_difat))
        fat_sectors.extend(n for n in entries[:-1] if n != _FREE)
        next_difat, seen = entries[-1], seen + 1
    fat: list[int] = []
    for number in fat_sectors[:fat_count]:
        fat.extend(struct.unpack(f"<{sector_size // 4}I", sector(number)))

    names: set[str] = set()
    current, visited = first_dir, 0
    while current not in (_FREE, _END_OF_CHAIN):
        visited += 1
        if visited > _MAX_SECTORS or current >= len(fat):
            raise ValueError("bad directory chain")
        data = sector(current)
        for offset in range(0, sector_size, 128):
            name_length = struct.unpack_from("<H", data, offset + 64)[0]
            if 2 <= name_length <= 64:
                names.add(data[offset : offset + name_length - 2].decode("utf-16-le", "replace"))
        current = fat[current]
    return names


_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]")


def base_name(raw: str) -> str:
    """The last part of whatever path the browser sent (``../../etc/passwd.pdf`` →
    ``passwd.pdf``), without control or reserved characters."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE.sub("", name).strip().strip(".").strip()


def display_name(raw: str, extension: str, *, default_stem: str = "未命名文件") -> str:
    """The name shown and offered on download: the base name, at most 100 characters,
    ending in the extension of the detected type (whatever the name claimed)."""
    name = base_name(raw)
    stem = (name.rsplit(".", 1)[0] if "." in name else name).strip() or default_stem
    return f"{stem[:90]}.{extension}"


def format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} 字节"


@dataclass(frozen=True)
class CheckedFile:
    type: FileType
    name: str
    size: int
    sha256: str


def check_upload(
    upload,
    *,
    max_bytes: int,
    allowed: Collection[FileType],
    allowed_description: str,
    default_stem: str = "未命名文件",
) -> CheckedFile:
    """Size and content checks for one uploaded file; ``UploadRefused`` names the file."""
    shown = base_name(upload.name) or "未命名文件"
    size = upload.size
    if not size:
        raise UploadRefused(f"“{shown}”是空文件。")
    if size > max_bytes:
        raise UploadRefused(
            f"“{shown}”大小为 {format_size(size)}，超过了单个文件 {format_size(max_bytes)} 的上限。"
        )
    try:
        file_type = detect_type(upload)
    except UploadRefused as exc:
        raise UploadRefused(f"“{shown}”：{exc}") from None
    if file_type is None or file_type not in allowed:
        raise UploadRefused(
            f"“{shown}”的内容不是允许的文件类型（只接受{allowed_description}），与文件扩展名无关。"
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        type=file_type,
        name=display_name(upload.name, file_type.extension, default_stem=default_stem),
        size=size,
        sha256=digest.hexdigest(),
    )

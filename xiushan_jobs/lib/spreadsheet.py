"""Reading spreadsheets that people bring: xlsx, xls, ods (python-calamine) and csv
(UTF-8 with or without BOM, GBK/GB18030).

``open_table`` looks at the bytes, not the file name, to decide what a file is, refuses
what is not a readable spreadsheet (empty, too big, a zip bomb, password-protected, a Word
document renamed .xlsx, a web page saved as .xls), and streams the rows of the first
visible worksheet as lists of raw cell values: row 0 is the row Excel calls 1. Callers
locate headers and interpret values. Errors are ``SpreadsheetError`` with a message in
Chinese that can be shown to the user as it is.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from python_calamine import CalamineWorkbook

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}
ACCEPTED_SUFFIXES = EXCEL_SUFFIXES | CSV_SUFFIXES

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted xlsx/docx is an OLE container holding a stream named "EncryptedPackage".
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_MAX_ZIP_MEMBERS = 10_000
MB = 1024 * 1024
_DAMAGED = "文件已损坏，无法打开：请用 Excel 或 WPS 打开后重新保存再上传。"


class SpreadsheetError(Exception):
    """The file cannot be read as a table; the message says why, in Chinese."""


@dataclass(frozen=True)
class Limits:
    """What an upload may be. Defaults come from settings (XJ_IMPORT_* in the environment)."""

    max_bytes: int = 20 * MB
    max_rows: int = 100_000
    max_unzipped_bytes: int = 200 * MB

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        return cls(
            max_bytes=getattr(settings, "XJ_IMPORT_MAX_BYTES", cls.max_bytes),
            max_rows=getattr(settings, "XJ_IMPORT_MAX_ROWS", cls.max_rows),
            max_unzipped_bytes=getattr(
                settings, "XJ_IMPORT_MAX_UNZIPPED_BYTES", cls.max_unzipped_bytes
            ),
        )


@dataclass
class Table:
    """The rows of one sheet. ``rows`` is a one-shot iterator; ``height`` is the number of
    rows the sheet claims (for progress and the row limit)."""

    kind: str  # "xlsx", "xls", "ods" or "csv"
    rows: Iterator[list]
    height: int
    sheet_name: str = ""


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{max(1, n // 1024)} KB"


def decode_csv_bytes(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # a superset of GBK and GB2312
    except UnicodeDecodeError:
        raise SpreadsheetError(
            "这个 CSV 文件的文字无法识别（可能是乱码）：请用 Excel 或 WPS 打开原表，"
            "“另存为”Excel 工作簿（.xlsx）后再上传。"
        ) from None


def _ods_mimetype(archive: zipfile.ZipFile) -> bytes:
    """The first bytes of an OpenDocument's ``mimetype`` member (b"" when there is none or
    it cannot be read): at most 128 bytes are ever inflated, whatever the member claims."""
    try:
        with archive.open("mimetype") as member:
            return member.read(128)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError):
        return b""


def _check_zip(data: bytes, limits: Limits) -> str:
    """The kind of a zip-based file ("xlsx" or "ods"), after making sure that unpacking it
    stays within ``limits.max_unzipped_bytes``. Declared sizes can lie, so members are
    inflated in chunks and counted: a zip bomb is refused, never unpacked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(_DAMAGED) from None
    names = {info.filename for info in infos}
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        kind = "xlsx"
    elif "content.xml" in names and _ods_mimetype(archive).endswith(b"spreadsheet"):
        kind = "ods"
    else:
        raise SpreadsheetError(
            "这不是表格文件（可能是 Word 文档或压缩包）：请上传 xlsx、xls、ods 或 csv 表格。"
        )
    refusal = SpreadsheetError(
        f"文件解压后超过 {_size(limits.max_unzipped_bytes)}，已拒绝（可能是恶意构造的压缩文件）。"
        "如确为正常的大表格，请分成几个文件上传。"
    )
    if len(infos) > _MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > limits.max_unzipped_bytes:
        raise refusal
    total = 0
    try:
        for info in infos:
            with archive.open(info) as member:
                while chunk := member.read(1024 * 1024):
                    total += len(chunk)
                    if total > limits.max_unzipped_bytes:
                        raise refusal
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise SpreadsheetError(_DAMAGED) from None
    return kind


def sniff(data: bytes, filename: str, limits: Limits) -> str:
    """What the bytes are: "xlsx", "ods", "xls" or "csv"; refuse anything else."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise SpreadsheetError("文件是空的：请检查是否选错了文件。")
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(
            f"文件太大（{_size(len(data))}），上限为 {_size(limits.max_bytes)}："
            "请分成几个文件上传。"
        )
    suffix = Path(filename).suffix.lower()
    if data.startswith(_ZIP_MAGIC):
        return _check_zip(data, limits)
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise SpreadsheetError(
                "工作簿设置了打开密码，无法读取：请在 Excel 或 WPS 中取消密码（文件 → 信息 → "
                "保护工作簿 → 用密码进行加密，清空密码）后另存再上传。"
            )
        return "xls"
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpreadsheetError(
            f"这不是表格文件（扩展名“{suffix or '无'}”）：请上传 xlsx、xls、ods 或 csv 表格。"
        )
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        raise SpreadsheetError(
            "这是网页（HTML/XML）格式的文件，只是扩展名像表格：请用 Excel 或 WPS 打开后"
            "“另存为” xlsx 再上传。"
        )
    if lowered.startswith(b"%pdf"):
        raise SpreadsheetError("这是 PDF 文件，不是表格：请上传 xlsx、xls、ods 或 csv 表格。")
    if suffix in EXCEL_SUFFIXES:
        raise SpreadsheetError(
            f"文件扩展名为“{suffix}”，但内容不是 Excel 表格："
            "请用 Excel 或 WPS 打开后另存为 xlsx 再上传。"
        )
    if suffix and suffix not in CSV_SUFFIXES:  # text without an extension is read as csv
        raise SpreadsheetError(
            f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 xlsx、xls、ods 或 csv 文件。"
        )
    return "csv"


def _calamine_rows(data: bytes, kind: str, limits: Limits) -> Table:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        visible = [
            m.name
            for m in workbook.sheets_metadata
            if str(m.visible).endswith("Visible") and str(m.typ).endswith("WorkSheet")
        ]
        name = (visible or workbook.sheet_names or [None])[0]
        if name is None:
            raise SpreadsheetError("工作簿中没有工作表。")
        sheet = workbook.get_sheet_by_name(name)
    except SpreadsheetError:
        raise
    except Exception as exc:  # calamine raises several error types for unreadable files
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise SpreadsheetError(
                "工作簿设置了密码保护，无法读取：请在 Excel 或 WPS 中取消密码后另存再上传。"
            ) from None
        raise SpreadsheetError(
            "无法读取该文件：它可能已损坏，或不是 Excel/WPS 表格。请用 Excel 或 WPS 打开后"
            "另存为 xlsx 再上传。"
        ) from None
    height = sheet.total_height + 1 if sheet.total_height else sheet.height
    _check_height(height, limits)
    return Table(kind=kind, rows=iter(sheet.iter_rows()), height=height, sheet_name=name)


def _check_height(height: int, limits: Limits) -> None:
    # A few rows of slack for titles and headers above the data.
    if height > limits.max_rows + 20:
        raise SpreadsheetError(
            f"表格有 {height:,} 行，超过每个文件 {limits.max_rows:,} 行的上限：请分成几个文件上传。"
        )


def open_table(data: bytes, filename: str, limits: Limits | None = None) -> Table:
    """The first visible worksheet (or the CSV file) of ``data``, checked against ``limits``."""
    limits = limits or Limits.from_settings()
    kind = sniff(data, filename, limits)
    if kind == "csv":
        text = decode_csv_bytes(data)
        height = text.count("\n") + 1
        _check_height(height, limits)
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        return Table(kind="csv", rows=csv.reader(io.StringIO(text), dialect), height=height)
    return _calamine_rows(data, kind, limits)


def read_table(source: str | Path | IO[bytes], filename: str | None = None) -> list[list]:
    """The rows of the first sheet (or of the CSV file), trailing empty rows included."""
    name = filename or (str(source) if isinstance(source, str | Path) else "")
    data = Path(source).read_bytes() if isinstance(source, str | Path) else source.read()
    return list(open_table(data, name).rows)

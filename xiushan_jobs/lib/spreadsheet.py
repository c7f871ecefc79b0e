"""Reading spreadsheets that people bring: xlsx, xls, ods (python-calamine) and csv
(UTF-8 with or without BOM, GBK/GB18030).

``read_table`` returns the first sheet as a list of rows of raw cell values; callers
locate headers and interpret values. Errors are ``SpreadsheetError`` with a message in
Chinese that can be shown to the user as it is.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO

from python_calamine import CalamineWorkbook

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}


class SpreadsheetError(Exception):
    """The file cannot be read as a table; the message says why, in Chinese."""


def decode_csv_bytes(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # a superset of GBK and GB2312
    except UnicodeDecodeError:
        raise SpreadsheetError(
            "无法识别 CSV 文件的编码：请用 Excel 或 WPS 另存为 UTF-8 或 GBK 编码的 CSV，"
            "或直接上传 xlsx 文件。"
        ) from None


def read_table(source: str | Path | IO[bytes], filename: str | None = None) -> list[list]:
    """The rows of the first sheet (or of the CSV file), trailing empty rows included."""
    name = filename or (str(source) if isinstance(source, str | Path) else "")
    suffix = Path(name).suffix.lower()
    data = Path(source).read_bytes() if isinstance(source, str | Path) else source.read()
    if not data:
        raise SpreadsheetError("文件是空的。")
    if suffix in CSV_SUFFIXES:
        text = decode_csv_bytes(data)
        return [row for row in csv.reader(io.StringIO(text))]
    if suffix not in EXCEL_SUFFIXES:
        raise SpreadsheetError(
            f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 xlsx、xls、ods 或 csv 文件。"
        )
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            raise SpreadsheetError("工作簿中没有工作表。")
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except SpreadsheetError:
        raise
    except Exception as exc:  # calamine raises several error types for unreadable files
        raise SpreadsheetError(
            f"无法读取该文件（{type(exc).__name__}）：请确认它是未加密的 Excel/WPS 表格，"
            "可用 Excel 或 WPS 打开后另存为 xlsx 再上传。"
        ) from None

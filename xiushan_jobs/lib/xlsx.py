"""Writing xlsx ledgers (台账) people open in Excel or WPS.

Two ways in: ``write_table`` fills a sheet of an ordinary workbook (small ledgers that
want styling after the fact), ``write_xlsx`` streams rows through openpyxl's write-only
mode (a 100,000-row ledger without building every cell in memory first). Either way the
response goes out through ``xlsx_response``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    widths: Sequence[int] | None = None,
    date_format: str = "yyyy-mm-dd",
    autofilter: bool = False,
) -> None:
    """A header row (bold, shaded, wrapped, frozen) then the rows; dates formatted;
    ``autofilter`` switches Excel's filter buttons on in the header."""
    sheet.append(list(headers))
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
    header_row = sheet.max_row
    for row in rows:
        sheet.append(list(row))
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            if cell.is_date:
                cell.number_format = date_format
    for column, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if autofilter and headers:
        last = get_column_letter(len(headers))
        sheet.auto_filter.ref = f"A{header_row}:{last}{max(sheet.max_row, header_row)}"


def _streamed_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def write_xlsx(
    *,
    sheet_title: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[int] | None = None,
    notes: Sequence[str] = (),
    date_format: str = "yyyy-mm-dd",
) -> bytes:
    """A streamed workbook: a title row, note rows, the header (as ``write_table``'s,
    frozen) and the rows. Dates stay dates, numbers numbers, booleans 是/否; ID and phone
    numbers must come as strings so Excel keeps every digit."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    for column, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{len(notes) + 3}"
    heading = WriteOnlyCell(sheet, title)
    heading.font = Font(bold=True, size=14)
    sheet.append([heading])
    for note in notes:
        sheet.append([note])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        out = []
        for value in map(_streamed_value, row):
            if isinstance(value, datetime.date):
                value = WriteOnlyCell(sheet, value)
                value.number_format = date_format
            out.append(value)
        sheet.append(out)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An attachment response; the Chinese file name survives in every browser (RFC 6266)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def workbook_response(book: Workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    book.save(buffer)
    return xlsx_response(buffer.getvalue(), filename)

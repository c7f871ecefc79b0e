"""Writing xlsx ledgers (台账) people open in Excel or WPS.

Two ways in: ``write_table`` fills a sheet of an ordinary workbook (small ledgers that
want styling after the fact), ``write_xlsx`` streams rows through openpyxl's write-only
mode (a 100,000-row ledger without building every cell in memory first). Either way the
response goes out through ``xlsx_response``.

Every value the product writes into a sheet passes through ``inert_value`` (rows through
``inert_row``, cells addressed one by one through ``put``): openpyxl turns any text that
starts with ``=`` into a live formula, so a name typed as ``=HYPERLINK(...)`` would become
a link in every ledger. See docs/exports-and-text.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .text import forbidden_character, strip_invisible

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
#: first characters that make Excel, WPS or LibreOffice read typed or pasted text as a
#: formula (OWASP's list): such text also gets Excel's quote prefix, so that editing the
#: cell later keeps it text
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def put(cell: Cell, value):
    """Write ``value`` into ``cell`` as data, never as a formula: text is stored as a text
    cell (characters an xlsx file cannot hold, and invisible controls, dropped); numbers,
    dates and booleans as they are. Returns the cell."""
    if not isinstance(value, str):
        cell.value = value
        return cell
    value = strip_invisible(value)
    cell.value = value
    cell.data_type = "s"  # not "f" (leading "=") nor "e" ("#N/A")
    if value.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell


def inert_value(sheet, value):
    """``value`` ready for ``sheet.append``: unchanged unless it is text openpyxl would
    misread (a formula, an error code, a character it refuses) or a cell holding such
    text, which comes back as a cell holding it as text. Most values pass untouched, so a
    100,000-row ledger streams as fast as before."""
    if isinstance(value, Cell):
        return put(value, value.value) if isinstance(value.value, str) else value
    if not isinstance(value, str):
        return value
    if (
        value.startswith(FORMULA_TRIGGERS)
        or value in ERROR_CODES
        or forbidden_character(value, multiline=True)
    ):
        return put(WriteOnlyCell(sheet), value)
    return value


def inert_row(sheet, values: Iterable) -> list:
    """A row for ``sheet.append`` with every value passed through ``inert_value``."""
    return [inert_value(sheet, value) for value in values]


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
    sheet.append(inert_row(sheet, headers))
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
    header_row = sheet.max_row
    for row in rows:
        sheet.append(inert_row(sheet, row))
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
    heading = put(WriteOnlyCell(sheet), title)
    heading.font = Font(bold=True, size=14)
    sheet.append([heading])
    for note in notes:
        sheet.append(inert_row(sheet, [note]))
    header_cells = []
    for header in headers:
        cell = put(WriteOnlyCell(sheet), header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        out = []
        for value in map(_streamed_value, row):
            if isinstance(value, datetime.date):
                value = WriteOnlyCell(sheet, value)
                value.number_format = date_format
            out.append(inert_value(sheet, value))
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


class InertXLSX(base_formats.XLSX):
    """The admin's xlsx export (django-import-export), written through ``inert_row`` like
    every other workbook: tablib would store text starting with ``=`` as a formula, and
    its own escaping deletes the ``=``, changing the data. The admin offers no CSV export:
    a CSV file cannot mark a cell as text without altering it."""

    def export_data(self, dataset, **kwargs) -> bytes:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(strip_invisible(dataset.title or "导出")[:31])
        sheet.freeze_panes = "A2"
        headers = []
        for header in dataset.headers or ():
            cell = put(WriteOnlyCell(sheet), str(header))
            cell.font = HEADER_FONT
            headers.append(cell)
        sheet.append(headers)
        for row in dataset:
            sheet.append(inert_row(sheet, row))
        buffer = BytesIO()
        book.save(buffer)
        return buffer.getvalue()


# django-import-export hands native values (numbers, dates) only to the formats in this
# list; any other format gets every value as a string.
base_formats.BINARY_FORMATS.append(InertXLSX)

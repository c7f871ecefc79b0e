"""Workbooks an import hands out: the blank template and the annotated workbook of rows
with errors. Importer-agnostic; both take the importer's ``Column`` specs.

Written with openpyxl in write-only mode so that an annotated workbook of tens of
thousands of rows takes seconds and little memory.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .importing import CLEAR_MARK, Column, Issue
from .values import number_as_text

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
ERROR_FONT = Font(color="9C0006")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_FONT = Font(bold=True)
NOTE_HEADER = "错误说明"
TEMPLATE_ROWS = 5000  # rows that get drop-down lists and text formatting


def _header_cell(sheet, value, *, required=False):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = REQUIRED_FONT if required else HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell


def blank_template(
    columns: Sequence[Column],
    *,
    title: str,
    instructions: Iterable[str] = (),
    choice_lists: dict[str, Sequence[str]] | None = None,
) -> bytes:
    """A workbook with the canonical headers, text-formatted identifier columns, drop-down
    lists for choice columns (``choice_lists`` overrides per column key, e.g. the villages
    of the user's area) and an instructions sheet."""
    columns = [c for c in columns if not c.ignored]
    choice_lists = choice_lists or {}
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.freeze_panes = "A2"
    lists_sheet = book.create_sheet("选项")
    lists_sheet.sheet_state = "hidden"
    text_style_cols = []
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.label)
        cell.font = REQUIRED_FONT if column.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if column.help:
            cell.comment = Comment(column.help, "模板")
        sheet.column_dimensions[letter].width = column.width
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        if column.text_format:
            sheet.column_dimensions[letter].number_format = "@"
            text_style_cols.append(index)
        if column.date_format:
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
        options = _options(column, choice_lists)
        if options:
            list_col = get_column_letter(
                lists_sheet.max_column + (1 if lists_sheet["A1"].value else 0)
            )
            lists_sheet[f"{list_col}1"] = column.label
            for row, option in enumerate(options, start=2):
                lists_sheet[f"{list_col}{row}"] = option
            ref = f"{quote_sheetname('选项')}!${list_col}$2:${list_col}${len(options) + 1}"
            validation = DataValidation(
                type="list",
                formula1=f"={ref}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="请从列表中选择",
                error=f"“{column.label}”请从下拉列表中选择。",
            )
            if column.open_choices:
                # the list suggests: anything else typed is read too (a trade, a business)
                validation.errorStyle = "information"
                validation.errorTitle = "不在列表中"
                validation.error = f"“{column.label}”可以填写列表以外的内容，请确认无误。"
            validation.add(cells)
            sheet.add_data_validation(validation)
    # Excel applies a column's style to cells typed later, but only once a row exists;
    # formatting the first rows' identifier cells as text keeps long numbers intact.
    for row in range(2, 502):
        for index in text_style_cols:
            sheet.cell(row=row, column=index).number_format = "@"
    sheet.row_dimensions[1].height = 32

    notes = book.create_sheet("填表说明")
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 8
    notes.column_dimensions["C"].width = 70
    notes.append([title])
    notes["A1"].font = Font(bold=True, size=14)
    for line in instructions:
        notes.append([line])
    notes.append([])
    notes.append(["列名", "必填", "填写要求"])
    for cell in notes[notes.max_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for column in columns:
        options = _options(column, choice_lists)
        text = column.help
        if options and len(options) <= 12:
            text = (
                f"{text}可选：{'、'.join(options)}。" if text else f"可选：{'、'.join(options)}。"
            )
        notes.append([column.label, "是" if column.required else "", text])
        notes.cell(row=notes.max_row, column=3).alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _options(column: Column, choice_lists: dict[str, Sequence[str]]) -> list[str]:
    """A column's drop-down list, ending with the mark that clears a stored value when the
    column may be cleared."""
    options = list(choice_lists.get(column.key, column.choices))
    if options and column.clearable and not column.required:
        options.append(CLEAR_MARK)
    return options


def _output_value(value):
    if isinstance(value, float) and value.is_integer() and abs(value) >= 10**11:
        # long numbers (IDs, phones) go back as the text Excel showed, never as 5.0E+17
        return number_as_text(value)
    return value


def annotated_workbook(
    *,
    header_rows: Sequence[Sequence],
    rows: Iterable[tuple[int, Sequence]],
    issues_by_row: dict[int, list[Issue]],
    file_issues: Sequence[Issue] = (),
    text_positions: Iterable[int] = (),
    date_positions: Iterable[int] = (),
    instructions: Iterable[str] = (),
) -> bytes:
    """The rows that have issues, as they were in the file, under the file's own header:
    bad cells highlighted with the message as a comment, every message in an extra
    "错误说明" column at the end (a re-upload ignores it), and an "错误汇总" sheet.

    ``rows`` yields (Excel row number, cells) for every data row; rows without issues are
    left out. ``text_positions`` are columns written as text (ID numbers).
    """
    text_positions = set(text_positions)
    date_positions = set(date_positions)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("待修改")
    width = max((len(r) for r in header_rows), default=0)
    for index, row in enumerate(header_rows):
        cells = [_header_cell(sheet, value) for value in list(row) + [""] * (width - len(row))]
        cells.append(_header_cell(sheet, NOTE_HEADER if index == 0 else ""))
        sheet.append(cells)
    for pos in range(width + 1):
        sheet.column_dimensions[get_column_letter(pos + 1)].width = 14
    sheet.column_dimensions[get_column_letter(width + 1)].width = 60
    summary: list[tuple[int, str, str]] = []
    for number, cells in rows:
        issues = issues_by_row.get(number)
        if not issues:
            continue
        bad = {}
        for issue in issues:
            if issue.position is not None:
                bad.setdefault(issue.position, []).append(issue.message)
            summary.append((number, issue.column, issue.message))
        out = []
        for pos in range(max(width, len(cells))):
            value = cells[pos] if pos < len(cells) else None
            value = _output_value(value)
            if pos in text_positions and value not in (None, ""):
                value = str(value)
            cell = WriteOnlyCell(sheet, value=value if value != "" else None)
            if pos in text_positions:
                cell.number_format = "@"
            elif pos in date_positions or isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            if pos in bad:
                cell.fill = ERROR_FILL
                cell.font = ERROR_FONT
                cell.comment = Comment("\n".join(bad[pos]), "导入检查")
            out.append(cell)
        note = "；".join(f"{i.column}：{i.message}" if i.column else i.message for i in issues)
        note_cell = WriteOnlyCell(sheet, value=f"（原第 {number} 行）{note}")
        note_cell.font = ERROR_FONT
        out.append(note_cell)
        sheet.append(out)
    listing = book.create_sheet("错误汇总")
    listing.column_dimensions["A"].width = 10
    listing.column_dimensions["B"].width = 18
    listing.column_dimensions["C"].width = 90
    listing.append([_header_cell(listing, v) for v in ("原行号", "列", "问题及修改方法")])
    for issue in file_issues:
        listing.append(["", issue.column, issue.message])
    for number, column, message in summary:
        listing.append([number, column, message])
    instructions = list(instructions)
    if instructions:
        # what each column accepts, so the fixer need not look for the blank template
        notes = book.create_sheet("填表说明")
        notes.column_dimensions["A"].width = 100
        for line in instructions:
            notes.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""Importer-agnostic machinery for spreadsheets people fill in: declarative column specs,
finding the header by itself, reading rows into values, and the report an import hands
back (errors with the Excel row number and the header as written, field-level diffs,
counts). No models here: the survey import (laborers/imports) and the training sign-in
import use it, each with its own columns and row handler.

The header finder copes with title rows above the header, two-row headers whose upper
row holds merged group cells (就业情况 over 就业状态/务工地点), wording variants
(身份证号 / 身份证号码 / 公民身份号码), full- and half-width brackets, spaces and line
breaks inside headers, and required-column markers (*, 必填).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .text import clean_text, normalize_label
from .values import cell_text

#: how many rows from the top the header may start at
HEADER_SCAN_ROWS = 15
#: first-cell words that mark a summary or footnote row, skipped rather than imported
SKIP_ROW_PREFIXES = (
    "合计",
    "总计",
    "小计",
    "填表人",
    "填报人",
    "审核人",
    "制表人",
    "填表说明",
    "注：",
    "注:",
)
#: what a cell says to erase the stored value: a blank cell never erases (village sheets
#: are often partly filled), so clearing has to be written out
CLEAR_MARK = "清空"
_WHITESPACE = re.compile(r"[\s\u3000]+")
_MARKERS = re.compile(r"[*＊]|[(（]必填[)）]|[(（]选填[)）]")


def header_key(text: object) -> str:
    """The form of a header used for matching: no spaces or line breaks, half-width
    brackets, lower case, without required-markers."""
    return normalize_label(_MARKERS.sub("", str(text or "")))


@dataclass(frozen=True)
class Column:
    """One column an importer understands.

    ``parse`` turns a raw cell into a value or raises ``ValueError`` with a Chinese
    message; ``aliases`` are other wordings of ``label`` found on real sheets.
    """

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    parse: Callable[[Any], Any] = cell_text
    required: bool = False
    help: str = ""
    #: offered as a drop-down list in the blank template
    choices: tuple[str, ...] = ()
    #: formatted as text in the template (ID numbers must never become numbers)
    text_format: bool = False
    date_format: bool = False
    width: int = 12
    #: masked (ID number, phone) wherever an import shows values
    personal: str = ""  # "", "id_number" or "phone"
    #: a column the annotated workbook adds and a re-upload ignores
    ignored: bool = False
    #: may be erased with ``CLEAR_MARK`` (offered in its drop-down list)
    clearable: bool = True
    #: the drop-down list suggests rather than restricts (a trade not in the list is read)
    open_choices: bool = False

    def header_keys(self) -> set[str]:
        return {header_key(self.label), *(header_key(a) for a in self.aliases)}


class HeaderNotFound(Exception):
    pass


@dataclass
class Header:
    """Where the header is and which column holds what.

    ``first_row``/``last_row`` are 0-based sheet rows (last_row > first_row for two-row
    headers); ``positions`` maps column key → 0-based position in the row; ``written``
    maps position → the header text as written in the file (group / sub for two-row
    headers); ``unknown`` lists headers nobody reads.
    """

    first_row: int
    last_row: int
    positions: dict[str, int]
    written: dict[int, str]
    unknown: list[str]
    header_rows: list[list] = field(default_factory=list)

    def as_written(self, key: str) -> str:
        pos = self.positions.get(key)
        return self.written.get(pos, "") if pos is not None else ""


def _as_written(value: object) -> str:
    """A header cell as the user wrote it (brackets and wording kept), line breaks and
    runs of spaces shown as one space."""
    if value is None:
        return ""
    return _WHITESPACE.sub(" ", cell_text(value) if not isinstance(value, str) else value).strip()


def _match_row(labels: Sequence[str], lookup: dict[str, Column]) -> dict[str, int]:
    found: dict[str, int] = {}
    for pos, text in enumerate(labels):
        column = lookup.get(header_key(text))
        if column is not None and column.key not in found:
            found[column.key] = pos
    return found


def _two_row_labels(upper: Sequence, lower: Sequence, lookup: dict[str, Column]) -> list[str]:
    """Labels of a two-row header: the lower cell where there is one (a sub-column of a
    merged group), else the upper cell (a header merged down over both rows). A sub-label
    nobody knows is tried with its group in front (外出务工 + 企业)."""
    width = max(len(upper), len(lower))
    out = []
    group = ""
    for pos in range(width):
        up = cell_text(upper[pos]) if pos < len(upper) else ""
        low = cell_text(lower[pos]) if pos < len(lower) else ""
        if up:
            group = up
        if low:
            if header_key(low) not in lookup and header_key(group + low) in lookup:
                low = group + low
            out.append(low)
        else:
            out.append(up)
    return out


def find_header(
    top_rows: Sequence[Sequence], columns: Sequence[Column], *, min_matches: int = 2
) -> Header:
    """The best header among ``top_rows`` (the first rows of the sheet), trying each row
    alone and each pair of rows as a two-row header."""
    lookup = {k: c for c in columns for k in c.header_keys()}
    best: tuple[tuple[int, int], int, int, dict[str, int], list[str]] | None = None
    for index, row in enumerate(top_rows[:HEADER_SCAN_ROWS]):
        candidates = [(index, [cell_text(c) for c in row])]
        if index + 1 < len(top_rows):
            candidates.append((index + 1, _two_row_labels(row, top_rows[index + 1], lookup)))
        for last, labels in candidates:
            found = _match_row(labels, lookup)
            # More columns recognised wins; on a tie, the header spanning fewer rows.
            score = (len(found), index - last)
            if len(found) >= min_matches and (best is None or score > best[0]):
                best = (score, index, last, found, labels)
    if best is None:
        expected = "、".join(c.label for c in columns if c.required)
        raise HeaderNotFound(
            f"没有找到表头：前 {HEADER_SCAN_ROWS} 行中没有一行包含“{expected}”等列名。"
            "请下载空白模板对照列名，表头应在数据的上方。"
        )
    _score, first, last, positions, labels = best
    written = {}
    for pos in range(len(labels)):
        up = _as_written(top_rows[first][pos]) if pos < len(top_rows[first]) else ""
        low = _as_written(top_rows[last][pos]) if pos < len(top_rows[last]) else ""
        written[pos] = (low or up) if last > first else up
    known = set(positions.values())
    ignored = {c.key for c in columns if c.ignored}
    unknown = [
        written[pos] for pos, text in enumerate(labels) if pos not in known and clean_text(text)
    ]
    positions = {k: v for k, v in positions.items() if k not in ignored}
    return Header(
        first_row=first,
        last_row=last,
        positions=positions,
        written=written,
        unknown=unknown,
        header_rows=[list(r) for r in top_rows[first : last + 1]],
    )


def missing_columns(header: Header, columns: Iterable[Column]) -> list[Column]:
    return [c for c in columns if c.required and c.key not in header.positions]


# --- rows --------------------------------------------------------------------------------


@dataclass
class Issue:
    """One problem: ``row`` as Excel shows it (None for the whole file), ``column`` the
    header as written (empty for the whole row), ``position`` the 0-based cell in the row."""

    row: int | None
    column: str
    message: str
    position: int | None = None
    kind: str = "error"  # "error", or "conflict" (the data belongs to someone else)
    #: who the row is about, as people recognise them (name and masked ID number)
    person: str = ""


@dataclass
class SourceRow:
    """A data row: its Excel row number, raw cells, and the values parsed so far."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    #: keys of the columns whose cell was empty (an existing record keeps its value)
    blank: set[str] = field(default_factory=set)
    #: keys of the columns whose cell held ``CLEAR_MARK`` (the stored value is erased)
    cleared: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.issues


def is_blank(cells: Sequence) -> bool:
    return all(cell is None or cell_text(cell) == "" for cell in cells)


def is_summary(cells: Sequence, header: Header) -> bool:
    """A 合计/总计 row or a footnote (填表人, 注：) at the bottom of a sheet."""
    texts = [cell_text(c) for c in cells[:4] if cell_text(c)]
    return bool(texts) and texts[0].replace(" ", "").startswith(SKIP_ROW_PREFIXES)


@functools.cache
def _empty_value(column: Column) -> tuple[bool, Any]:
    """What ``column`` makes of an empty cell, worked out once: most cells of a survey
    sheet are empty, and parsing nothing 50,000 times adds up."""
    try:
        return True, column.parse(None)
    except ValueError as exc:
        return False, str(exc)


def is_clear_mark(raw: object) -> bool:
    return isinstance(raw, str) and raw.strip(" \u3000") == CLEAR_MARK


def parse_row(cells: list, number: int, header: Header, columns: Sequence[Column]) -> SourceRow:
    """Run every column's parser; a parser's ``ValueError`` becomes an issue at that cell.
    An empty cell is noted in ``row.blank`` and a ``CLEAR_MARK`` cell in ``row.cleared``;
    both get the column's empty value, and the importer decides what each means.
    The raw cells are not kept (an import of 50,000 rows would hold them all): the
    annotated workbook reads them again from the file."""
    row = SourceRow(number=number)
    width = len(cells)
    for column in columns:
        pos = header.positions.get(column.key)
        if pos is None:
            continue
        raw = cells[pos] if pos < width else None
        cleared = is_clear_mark(raw)
        if raw is None or raw == "" or cleared:
            (row.cleared if cleared else row.blank).add(column.key)
            ok, result = _empty_value(column)
            if ok:
                row.values[column.key] = result
            else:
                row.issues.append(Issue(number, header.written.get(pos, column.label), result, pos))
            continue
        try:
            row.values[column.key] = column.parse(raw)
        except ValueError as exc:
            row.issues.append(Issue(number, header.written.get(pos, column.label), str(exc), pos))
    return row


def corrected(cells: Sequence, fixes: dict[int, str] | None) -> list:
    """A row's cells with the corrections typed on the preview page (position → text)."""
    out = list(cells)
    for pos, text in (fixes or {}).items():
        if pos >= len(out):
            out.extend([None] * (pos + 1 - len(out)))
        out[pos] = text
    return out


def data_rows(
    rows: Iterator[list],
    header: Header,
    columns: Sequence[Column],
    *,
    counters: dict[str, int],
    corrections: dict[int, dict[int, str]] | None = None,
) -> Iterator[SourceRow]:
    """Parsed data rows below ``header``; blank rows and summary rows are skipped and
    counted in ``counters["blank"]`` and ``counters["skipped"]``. ``corrections`` (Excel
    row number → position → text) replace cells before anything is read."""
    corrections = corrections or {}
    for index, cells in enumerate(rows, start=header.last_row + 1):
        if index + 1 in corrections:
            cells = corrected(cells, corrections[index + 1])
        if is_blank(cells):
            counters["blank"] = counters.get("blank", 0) + 1
            continue
        if is_summary(cells, header):
            counters["skipped"] = counters.get("skipped", 0) + 1
            continue
        yield parse_row(cells, index + 1, header, columns)


def chunked(items: Sequence, size: int = 5000) -> Iterator[Sequence]:
    """``items`` in slices of ``size``: bulk look-ups of a whole file, a few queries each."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- the report --------------------------------------------------------------------------


def display_value(value: Any) -> str:
    """A value as a preview's diff shows it: （空）, 是/否, or its text."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    personal: str = ""
    #: erased by a ``CLEAR_MARK`` cell, counted apart from changes
    cleared: bool = False


@dataclass
class RowChange:
    """An updated record: which row, who (a label and key for people to recognise), what."""

    row: int
    label: str
    key: str
    changes: list[FieldChange]
    personal_key: str = ""


@dataclass
class ChangedSince:
    """A record the import would write that someone changed after the preview: who,
    when, what (values already masked), or that it was created meanwhile."""

    label: str
    key: str
    by: str
    at: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class Report:
    """What an import found or did; JSON-serialisable, shown on the preview page and
    printed by import commands."""

    file: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    error_rows: int = 0
    issues: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    refused: str | None = None
    committed: bool = False
    header_rows: list[int] = field(default_factory=list)  # Excel row numbers of the header
    #: stored values a ``CLEAR_MARK`` erases (fields, not rows), counted apart from changes
    cleared: int = 0
    #: what the plan writes, as the importer fingerprints it (``Importer.snapshot``):
    #: confirming writes only if it is the same then
    snapshot: dict[str, Any] = field(default_factory=dict)
    #: set when confirming found records changed since the preview; nothing was written
    since: list[ChangedSince] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return self.issues

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        data = dict(data)
        data["issues"] = [Issue(**i) for i in data.get("issues", [])]
        data["changes"] = [
            RowChange(**{**c, "changes": [FieldChange(**f) for f in c["changes"]]})
            for c in data.get("changes", [])
        ]
        data["since"] = [
            ChangedSince(**{**c, "changes": [FieldChange(**f) for f in c["changes"]]})
            for c in data.get("since", [])
        ]
        return cls(**data)

    def summary_json(self) -> dict[str, Any]:
        """The command-line shape (import commands' ``--json``)."""
        return {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": [
                {"row": i.row, "column": i.column, "message": i.message} for i in self.issues
            ],
            "refused": self.refused,
            "committed": self.committed,
        }

    def issues_by_row(self) -> dict[int, list[Issue]]:
        out: dict[int, list[Issue]] = {}
        for issue in self.issues:
            if issue.row is not None:
                out.setdefault(issue.row, []).append(issue)
        return out

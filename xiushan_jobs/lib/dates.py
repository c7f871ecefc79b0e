"""Dates as people type them into spreadsheets.

Accepted: date and datetime cells, Excel serial numbers (days since 1899-12-30, the
1900 date system every Excel and WPS file uses unless saved with the Mac 1904 option),
and text such as 2020.3.5, 2020/03/05, 2020-3-5, 20200305, 2020年3月5日, and a month
alone (2020年3月, 2020.3, 2020-03), which stands for the first day of that month.
Errors are ``ValueError`` with a Chinese message saying which forms are understood.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError

from .text import squeeze

EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Serial numbers outside this range are almost certainly not dates (1950-01-01..2100-01-01).
_SERIAL_MIN, _SERIAL_MAX = 18264, 73051

_FULL = re.compile(r"^(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?$")
_MONTH = re.compile(r"^(\d{4})[.\-/年](\d{1,2})月?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")

FORMS_HINT = "请填写如 2020-3-5、2020.3.5、2020/03/05 或 2020年3月5日 的日期"


def from_excel_serial(serial: float) -> datetime.date:
    if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        raise ValueError(f"“{serial:g}”不是日期：{FORMS_HINT}。")
    return EXCEL_EPOCH + datetime.timedelta(days=int(serial))


def _month_typed_as_number(value: float) -> datetime.date:
    """2020.3 typed into a number cell: March 2020. 2020.1 is refused: Excel shows the
    same number for 2020.10, so October cannot be told from January."""
    text = repr(value)
    year, _, month = text.partition(".")
    if month == "1":
        raise ValueError(
            f"“{text}”无法判断是 1 月还是 10 月（Excel 会把 2020.10 存成 2020.1）：{FORMS_HINT}。"
        )
    return _make(int(year), int(month), 1, raw=text)


def _make(year: int, month: int, day: int, raw: object) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"“{raw}”不是存在的日期：{FORMS_HINT}。") from None


def parse_date(value: object) -> datetime.date | None:
    """A date from a cell; ``None`` for an empty cell."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"“{value}”不是日期：{FORMS_HINT}。")
    if isinstance(value, int | float):
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            return parse_date(str(int(value)))  # 20200305 typed as a number
        if 1900 < value < 2100 and not float(value).is_integer():
            return _month_typed_as_number(float(value))
        return from_excel_serial(float(value))
    text = squeeze(value)
    if not text:
        return None
    if match := _FULL.match(text):
        return _make(*map(int, match.groups()), raw=value)
    if match := _MONTH.match(text):
        year, month = map(int, match.groups())
        return _make(year, month, 1, raw=value)
    if match := _COMPACT.match(text):
        return _make(*map(int, match.groups()), raw=value)
    if re.fullmatch(r"\d+(\.0+)?", text):  # a serial number that arrived as text (CSV)
        return from_excel_serial(float(text))
    raise ValueError(f"“{value}”不是可识别的日期：{FORMS_HINT}。")


#: The range every stored date must fall in (``fields.PlausibleDateField``): wide enough for
#: any birth date an ID number can carry and any deadline, narrow enough to refuse what a
#: slip of the keyboard or a broken cell gives (0001-01-01, 9999-12-31), which would sort
#: first or last in every list and break every "days since" figure.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)


def validate_plausible_date(value: datetime.date | None) -> None:
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            f"日期 {value.isoformat()} 不合理：请填写 {EARLIEST_DATE.year} 年至 "
            f"{LATEST_DATE.year} 年之间的日期。",
            code="implausible_date",
        )

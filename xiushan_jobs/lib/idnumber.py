"""Resident ID numbers (公民身份号码, GB 11643-1999).

Validation checks the GB 11643 check digit, a real birth date and a known region code.
It deliberately does NOT tie the region code to the birth year, as
``stdnum.cn.ric.validate`` does: the region part is the code in force where the number
was issued, so the county's 500241 (created in 1997) is carried by people born long
before 1997. Tying them together would reject almost every laborer of the county.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from stdnum import numdb
from stdnum.cn import ric

from .text import squeeze

MALE = "M"
FEMALE = "F"


def normalize_id_number(value: object) -> str:
    """Spaces removed, full-width digits and letters made half-width, check letter upper-case."""
    return squeeze(value).upper()


@dataclass(frozen=True)
class IdNumberFacts:
    number: str
    birth_date: datetime.date
    sex: str  # MALE or FEMALE


def _region_known(number: str) -> bool:
    """The six-digit region code names a province and a county in any era."""
    return _region_code_known(number[:6])


@functools.lru_cache(maxsize=8192)
def _region_code_known(code: str) -> bool:
    # stdnum's lookup walks its database each time; an import checks tens of thousands
    # of numbers from a few hundred regions.
    info = {k for _part, props in numdb.get("cn/loc").info(code) for k in props}
    return {"province", "county"} <= info


def parse_id_number(value: object, *, today: datetime.date | None = None) -> IdNumberFacts:
    """Normalise and validate; raise ``ValidationError`` with a message in Chinese."""
    return _parse(normalize_id_number(value), today or datetime.date.today())


# A model's field validator and its clean() both parse the same number in turn; imports
# do that for tens of thousands of rows. Only valid numbers are cached (errors raise).
@functools.lru_cache(maxsize=1024)
def _parse(number: str, today: datetime.date) -> IdNumberFacts:
    if not number:
        raise ValidationError("身份证号码不能为空。", code="required")
    if len(number) != 18:
        raise ValidationError(
            f"身份证号码应为 18 位，当前为 {len(number)} 位（{number}）。", code="length"
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError("身份证号码前 17 位应为数字，最后一位为数字或 X。", code="format")
    try:
        birth_date = ric.get_birth_date(number)
    except Exception:
        raise ValidationError(
            f"身份证号码中的出生日期 {number[6:10]}-{number[10:12]}-{number[12:14]} 不存在。",
            code="birth_date",
        ) from None
    if birth_date > today or birth_date.year < 1900:
        raise ValidationError(
            f"身份证号码中的出生日期 {birth_date:%Y-%m-%d} 不合理。", code="birth_date"
        )
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise ValidationError(
            f"身份证号码校验位错误：最后一位应为 {expected}，请核对号码是否抄错。",
            code="checksum",
        )
    if not _region_known(number):
        raise ValidationError(
            f"身份证号码前 6 位 {number[:6]} 不是有效的行政区划代码。", code="region"
        )
    sex = MALE if int(number[16]) % 2 == 1 else FEMALE
    return IdNumberFacts(number=number, birth_date=birth_date, sex=sex)


def with_check_digit(first17: str) -> str:
    """Complete 17 digits with their GB 11643 check digit (used by demo data and tests)."""
    return first17 + ric.calc_check_digit(first17 + "0")


#: how many characters the mask leaves visible at each end; a search may match the tail
#: only exactly as shown (laborers/search.py)
ID_VISIBLE_HEAD, ID_VISIBLE_TAIL = 6, 4


def mask_id_number(number: str) -> str:
    """500241********123X: region kept for orientation, birth date and sequence hidden."""
    if not number:
        return ""
    shown = ID_VISIBLE_HEAD + ID_VISIBLE_TAIL
    if len(number) < shown:
        return "*" * len(number)
    return number[:ID_VISIBLE_HEAD] + "*" * (len(number) - shown) + number[-ID_VISIBLE_TAIL:]

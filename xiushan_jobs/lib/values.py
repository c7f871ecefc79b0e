"""Interpreting cell values typed by people: text, whole numbers, yes/no, choices by their
Chinese label, and identifiers that must arrive as text.

Every parser raises ``ValueError`` with a Chinese message that says what is wrong and how
to fix it; importers show it beside the cell.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal

from .phone import normalize_phone
from .text import clean_text, normalize_label, squeeze

_YES = {"是", "有", "√", "✓", "✔", "y", "yes", "true", "1", "对"}
_NO = {"否", "无", "没有", "×", "✗", "n", "no", "false", "0", "不是", ""}


def parse_yes_no(value: object) -> bool:
    """是/否/有/无/√ and friends; raise ``ValueError`` with a Chinese message otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = squeeze(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"“{value}”不是“是”或“否”：请填写 是/否、有/无 或 √。")


def number_as_text(value: float | int) -> str:
    """A number cell as people read it: 13800138000.0 → "13800138000", 2.5 → "2.5"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_text(value: object) -> str:
    """Any cell as cleaned text (half-width, spaces folded); numbers without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return number_as_text(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return clean_text(value)


def parse_code(value: object, *, what: str = "编号") -> str:
    """An identifier (household number, phone): no spaces at all; a number cell is fine
    as long as Excel kept every digit (up to 15 significant digits)."""
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"{what}“{value}”含有小数点：请检查是否填错。")
    if isinstance(value, int | float) and abs(value) >= 10**15:
        raise ValueError(
            f"{what}被 Excel 存成了数字，超过 15 位的部分已经丢失：请把此列设为“文本”格式后"
            "重新录入完整的号码。"
        )
    return squeeze(cell_text(value))


def parse_name(value: object) -> str:
    """A person's or place's name: cleaned, every space removed (张 三 → 张三)."""
    return squeeze(cell_text(value))


def parse_phone(value: object) -> str:
    """A mobile number cell, normalised (the field's validator checks it)."""
    return normalize_phone(parse_code(value, what="联系电话"))


#: 5.00241E+17: how Excel writes a long number into a csv
_SCIENTIFIC = re.compile(r"\d(\.\d+)?E\+?\d+")


def parse_id_cell(value: object) -> str:
    """An ID number cell. Excel keeps only 15 significant digits of a number, so an
    18-digit ID that arrived as a number has lost its last digits: that is an error at
    the cell, never a guess."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        shown = format(Decimal(f"{value:.15g}"), "f")  # the digits Excel shows
        raise ValueError(
            f"身份证号码被 Excel 存成了数字（{shown}），最后几位已经变成 0，无法还原：请把"
            "此列设为“文本”格式（或在号码前加英文单引号 '），再重新录入完整的 18 位号码。"
        )
    text = squeeze(value).upper()
    if _SCIENTIFIC.fullmatch(text):  # a csv saved from Excel with the column as a number
        raise ValueError(
            f"身份证号码被 Excel 存成了科学计数法（{text}），后面的数字已经丢失，无法还原：请"
            "把此列设为“文本”格式（或在号码前加英文单引号 '），再重新录入完整的 18 位号码。"
        )
    return text


def parse_whole_number(value: object, *, what: str = "数值") -> int | None:
    """A whole number from a number cell or text; ``None`` when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{what}应为整数，不是“{cell_text(value)}”。")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{what}应为整数，不是“{value:g}”。")
        return int(value)
    if isinstance(value, int):
        return value
    text = squeeze(value).removesuffix("年")
    if not text:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        raise ValueError(f"{what}应为整数，不是“{value}”。")
    return int(text)


class ChoiceParser:
    """A choice by its Chinese label (or stored value), matched without regard to spaces,
    full-/half-width brackets or case; extra wordings map to a value through ``aliases``."""

    def __init__(
        self,
        choices: Iterable[tuple[str, str]],
        *,
        what: str,
        aliases: dict[str, str] | None = None,
        hint: str = "",
    ):
        self.choices = list(choices)
        self.what = what
        #: what the message says may be written, when more than the list is read
        self.hint = hint
        self.lookup: dict[str, str] = {}
        for value, label in self.choices:
            self.lookup[normalize_label(label)] = value
            self.lookup.setdefault(normalize_label(value), value)
        for alias, value in (aliases or {}).items():
            self.lookup[normalize_label(alias)] = value

    @property
    def labels(self) -> list[str]:
        return [str(label) for _value, label in self.choices]

    def __call__(self, value: object) -> str:
        text = normalize_label(cell_text(value))
        if not text:
            return ""
        try:
            return self.lookup[text]
        except KeyError:
            if self.hint:
                raise ValueError(
                    f"{self.what}“{cell_text(value)}”不是可选项：{self.hint}"
                ) from None
            options = "、".join(self.labels)
            raise ValueError(
                f"{self.what}“{cell_text(value)}”不是可选项：请从下拉列表中选择（{options}）。"
            ) from None

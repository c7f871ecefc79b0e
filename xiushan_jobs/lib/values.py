"""Interpreting cell values typed by people: yes/no, and more as the importers need."""

from __future__ import annotations

from .text import squeeze

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

"""Normalising text typed into forms or spreadsheets by people using Chinese input methods."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


_HALFWIDTH = {0x3000: " ", **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}}


def to_halfwidth(value: str) -> str:
    """Full-width ASCII (ＡＢＣ１２３, the full-width space) to its half-width form.

    NFKC would also do this but it rewrites other characters users care about (for example
    ㈠ or ①), so only the full-width ASCII block is mapped (``str.translate``: imports run
    this on every cell).
    """
    return value.translate(_HALFWIDTH)


def clean_text(value: object) -> str:
    """Half-width, surrounding whitespace trimmed, runs of inner whitespace folded to one space."""
    if value is None:
        return ""
    text = to_halfwidth(str(value))
    return _SPACES.sub(" ", text).strip()


def squeeze(value: object) -> str:
    """Half-width with every whitespace character removed: for codes, numbers and names."""
    if value is None:
        return ""
    return _SPACES.sub("", to_halfwidth(str(value)))


def normalize_label(value: object) -> str:
    """A form of a header or choice label for matching: no spaces, half-width brackets."""
    text = squeeze(value)
    return unicodedata.normalize("NFKC", text).lower()


def mask_name(name: str) -> str:
    """张*英 / 张* / 欧阳** : the family name kept, the rest hidden, for a person shown
    to someone who may not open their record (a site's township sees who fills its posts
    only this way)."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 3:
        return f"{name[0]}*{name[2]}"
    return name[0] + "*" * (len(name) - 1)


#: Characters nobody types on purpose and that do harm when stored: C0 and C1 controls
#: (openpyxl refuses most of them, so one such name used to break every ledger holding
#: it), zero-width characters and the bidirectional overrides and isolates that make a
#: name or a file name display as something else. Tab, line feed and carriage return are
#: listed apart: multi-line text keeps them.
_INVISIBLE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"
_INVISIBLE_CHARACTERS = re.compile(f"[{_INVISIBLE}]")
_INVISIBLE_OR_LINE_CHARACTERS = re.compile(f"[{_INVISIBLE}\t\n\r]")

_CHARACTER_NAMES = {
    "\t": "制表符",
    "\n": "换行",
    "\r": "回车符",
    "\x07": "响铃控制符",
    "\x1b": "转义控制符",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u200e": "从左至右标记",
    "\u200f": "从右至左标记",
    "\u202a": "从左至右嵌入",
    "\u202b": "从右至左嵌入",
    "\u202c": "方向格式结束",
    "\u202d": "从左至右覆盖",
    "\u202e": "从右至左覆盖",
    "\u2066": "从左至右隔离",
    "\u2067": "从右至左隔离",
    "\u2068": "方向隔离",
    "\u2069": "方向隔离结束",
    "\ufeff": "零宽不换行空格（BOM）",
}


def forbidden_character(value: str, *, multiline: bool = False) -> str | None:
    """The first character of ``value`` that text may not hold, described for a message
    (e.g. "U+202E 从右至左覆盖"), or None. ``multiline`` text may hold tab and line breaks."""
    pattern = _INVISIBLE_CHARACTERS if multiline else _INVISIBLE_OR_LINE_CHARACTERS
    found = pattern.search(value)
    if found is None:
        return None
    char = found.group()
    name = _CHARACTER_NAMES.get(char, "控制字符")
    return f"U+{ord(char):04X}（{name}）"


def strip_invisible(value: str) -> str:
    """``value`` without the characters ``forbidden_character`` refuses (tab and line
    breaks kept): for writing rows stored before the rule existed."""
    return _INVISIBLE_CHARACTERS.sub("", value)

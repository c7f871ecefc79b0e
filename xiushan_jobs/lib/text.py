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

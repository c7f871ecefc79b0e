"""Normalising text typed into forms or spreadsheets by people using Chinese input methods."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


def to_halfwidth(value: str) -> str:
    """Full-width ASCII (ＡＢＣ１２３, the full-width space) to its half-width form.

    NFKC would also do this but it rewrites other characters users care about (for example
    ㈠ or ①), so only the full-width ASCII block is mapped.
    """
    out = []
    for ch in value:
        code = ord(ch)
        if code == 0x3000:
            out.append(" ")
        elif 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


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

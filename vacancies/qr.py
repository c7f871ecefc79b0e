"""QR codes to the public vacancy pages, as inline SVG (no image files to serve)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def svg(url: str, *, scale: int = 4) -> SafeString:
    """An SVG QR code of ``url`` (error correction M: survives a creased printout)."""
    code = segno.make(url, error="m", micro=False)
    # segno writes the SVG itself from the URL's bytes: nothing from users is echoed raw
    return mark_safe(code.svg_inline(scale=scale, title=url))

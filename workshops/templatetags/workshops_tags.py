from __future__ import annotations

from django import template

from laborers.templatetags.laborers_extras import (
    laborer_link,
    mask_id,
    mask_name,
    mask_phone,
    yuan,
)

register = template.Library()

# Shared with every app showing registry records (laborers/templatetags/laborers_extras.py).
register.simple_tag(laborer_link)
register.filter("masked_id", mask_id)
register.filter("masked_phone", mask_phone)
register.filter("masked_name", mask_name)
register.filter(yuan)


@register.filter
def percent_of(part, whole) -> int:
    """``part`` as a whole-number percentage of ``whole`` (0 when ``whole`` is 0), at most 100."""
    try:
        return min(round(100 * (part or 0) / whole), 100) if whole else 0
    except (TypeError, ValueError):
        return 0


@register.filter
def fill_class(part, whole) -> str:
    """The progress colour of a site: full, almost full, or with room."""
    if not whole:
        return ""
    ratio = (part or 0) / whole
    return "danger" if ratio >= 1 else "warn" if ratio >= 0.9 else "ok"


STATUS_BADGES = {"已认定": "badge-ok", "申报中": "badge-info", "已摘牌": "badge-danger"}


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "")

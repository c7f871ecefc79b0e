"""Template tags for every page showing registry records: personal data masked unless
revealed, a laborer's name linked to their page, amounts in yuan."""

from decimal import Decimal
from functools import cache

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from xiushan_jobs.lib.filters import active_filter_chips
from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.phone import mask_phone as _mask_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def filter_chips(context, filterset, apart: str = ""):
    """The list's active filters as removable chips, and how many of them are behind the
    folded 筛选 button (``apart``: comma-separated names shown outside it, the search box)."""
    chips = active_filter_chips(filterset, context["request"].GET)
    outside = set(apart.split(",")) if apart else set()
    return {"chips": chips, "folded": sum(1 for chip in chips if chip.name not in outside)}


@register.filter
def mask_id(value: str) -> str:
    return mask_id_number(value or "")


@register.filter
def mask_phone(value: str) -> str:
    return _mask_phone(value or "")


@register.filter
def yes_no(value) -> str:
    return "是" if value else "否"


@register.filter
def age_on(laborer, day) -> int:
    return laborer.age_on(day)


@cache
def _laborer_url_exists() -> bool:
    try:
        reverse("laborers:laborer_detail", args=[1])
    except NoReverseMatch:  # an installation without the workspace pages
        return False
    return True


@register.simple_tag
def laborer_link(laborer) -> str:
    """The laborer's name, linked to their detail page."""
    if not _laborer_url_exists():
        return laborer.name
    return format_html(
        '<a href="{}">{}</a>', reverse("laborers:laborer_detail", args=[laborer.pk]), laborer.name
    )


@register.filter
def yuan(value) -> str:
    """12,345 or 12,345.50 (no decimals when whole)."""
    if value in (None, ""):
        return "—"
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"

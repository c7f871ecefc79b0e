"""Template tags for every app that shows registry records: a laborer's name linked to
their page, masked ID numbers and phones, amounts in yuan."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.phone import mask_phone

register = template.Library()

#: the laborer detail page is another feature's (issue 4); until it exists names are text
LABORER_DETAIL_URL_NAMES = ("laborers:detail", "laborers:laborer_detail")


@cache
def _laborer_url_name() -> str | None:
    for name in LABORER_DETAIL_URL_NAMES:
        try:
            reverse(name, args=[1])
        except NoReverseMatch:
            continue
        return name
    return None


@register.simple_tag
def laborer_link(laborer) -> str:
    """The laborer's name, linked to their detail page where there is one."""
    name = _laborer_url_name()
    if name is None:
        return laborer.name
    return format_html('<a href="{}">{}</a>', reverse(name, args=[laborer.pk]), laborer.name)


@register.filter
def masked_id(value: str) -> str:
    return mask_id_number(value or "")


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value or "")


@register.filter
def yuan(value) -> str:
    """12,345 or 12,345.50 (no decimals when whole)."""
    if value in (None, ""):
        return "—"
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"

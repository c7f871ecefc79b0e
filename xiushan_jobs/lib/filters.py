"""Filters and query-string values that hand-typed or truncated links cannot break.

A list's query string is user input: ``?year=0`` or ``?township=99999999999999999999`` must
give an empty list or a form error, never a server error (a year lookup outside 1–9999 is a
``ValueError`` in Python's ``datetime``; an id beyond 64 bits overflows the database driver).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import django_filters
from django import forms
from django.http import QueryDict

#: the years a record of this county can belong to (the plan is 2020; its data reach back to
#: the poverty registration of 2014 and a few years forward)
FIRST_YEAR, LAST_YEAR = 1950, 2100
#: the largest primary key the databases store (signed 64 bits)
MAX_ID = 2**63 - 1


class YearField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year (``2020``), checked as a whole number between 1950 and 2100; anything else is
    a form error on the filter and the list is not narrowed by it."""

    field_class = YearField


def id_param(value: object) -> int | None:
    """An object id from a query string (``"12"``), or None for anything that is not one:
    blank, not digits, zero, or beyond what the database stores."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's sorting, with the reverse order said in Chinese ("（倒序）", not the
    untranslated "(descending)") for any field without its own reverse label."""

    descending_fmt = "%s（倒序）"


@dataclass(frozen=True)
class FilterChip:
    """One filter in use, in words, with the address of the same list without it."""

    name: str
    label: str
    remove_url: str


#: query parameters that are not filters: sorting, paging, and a "show the full numbers"
#: switch of exports
NOT_FILTERS = frozenset({"o", "page", "full"})


def _shown(field: forms.Field, value: object) -> str:
    if value is True:
        return ""
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, list | tuple | set):
        return "、".join(_shown(field, v) for v in value)
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        return str(dict(choices).get(value, value))
    return str(value)


def active_filter_chips(filterset: django_filters.FilterSet, query: QueryDict) -> list[FilterChip]:
    """The filters of a list that narrow it now (valid and not empty), each with a link
    that removes that one and keeps the others (and the sorting; paging starts over)."""
    form = filterset.form
    if not form.is_bound:  # lists built with ``request.GET or None``: nothing chosen
        return []
    # An invalid filter is ignored by the list (the form says so): only valid ones are in
    # cleaned_data, and only they are chips.
    form.is_valid()
    chips = []
    for name, value in form.cleaned_data.items():
        if name in NOT_FILTERS or value in (None, "", False, [], ()) or name not in query:
            continue
        field = form.fields[name]
        shown = _shown(field, value)
        rest = query.copy()
        rest.pop(name, None)
        rest.pop("page", None)
        remaining = rest.urlencode()
        chips.append(
            FilterChip(
                name=name,
                label=f"{field.label}：{shown}" if shown else str(field.label),
                remove_url=f"?{remaining}" if remaining else "?",
            )
        )
    return chips

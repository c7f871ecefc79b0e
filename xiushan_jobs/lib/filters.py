"""Filters and query-string values that hand-typed or truncated links cannot break.

A list's query string is user input: ``?year=0`` or ``?township=99999999999999999999`` must
give an empty list or a form error, never a server error (a year lookup outside 1–9999 is a
``ValueError`` in Python's ``datetime``; an id beyond 64 bits overflows the database driver).
"""

from __future__ import annotations

import django_filters
from django import forms

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

"""A dashboard figure and the rows behind it, the shape every feature's selectors return,
so the dashboard treats them alike: show ``count``, link to ``url`` (a page listing exactly
the rows of ``queryset``, whose count equals ``count``), and break the figure down by
township with one ``queryset.values(township_path).annotate(Count("pk"))`` query
(``township_path`` is ``None`` for county-level records that belong to no township)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse


@dataclass(frozen=True)
class Figure:
    """A number and the rows behind it."""

    label: str
    queryset: QuerySet
    count: int
    url: str
    township_path: str | None


def figure(label: str, queryset: QuerySet, url: str, township_path: str | None) -> Figure:
    return Figure(label, queryset, queryset.count(), url, township_path)


def list_url(name: str, params: dict[str, Any] | None = None, **kwargs: Any) -> str:
    """The URL of a list page, with its filters as a query string."""
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{urlencode(params)}" if params else url

"""A dashboard figure and the rows behind it, the shape every feature's selectors return,
so the dashboard treats them alike: show ``count``, link to ``url`` (a page listing exactly
the rows of ``queryset``, whose count equals ``count``), and break the figure down by
township with one ``queryset.values(township_path).annotate(Count("pk"))`` query
(``township_path`` is ``None`` for county-level records that belong to no township).

``count`` is computed when first read: the dashboard reads a figure's queryset and URL and
counts all its figures together, so building a figure costs no query. A figure of
laborers also gives its rows as a ``condition`` on ``Laborer.objects.visible_to(user)
.with_open_job()`` (its queryset is that base filtered by it): the dashboard counts every
such figure in one pass over the laborers instead of each as a set of its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse


@dataclass(frozen=True)
class Figure:
    """A number and the rows behind it."""

    label: str
    queryset: QuerySet
    url: str
    township_path: str | None
    #: how to compute the number when it is not the rows' count (a sum of positions)
    compute: Callable[[], int] | None = None
    #: for laborers: the rows as a condition on the user's laborers with ``open_job``
    condition: Q | None = None

    @cached_property
    def count(self) -> int:
        return self.compute() if self.compute is not None else self.queryset.count()


def figure(
    label: str,
    queryset: QuerySet,
    url: str,
    township_path: str | None,
    *,
    condition: Q | None = None,
) -> Figure:
    return Figure(label, queryset, url, township_path, condition=condition)


def list_url(name: str, params: dict[str, Any] | None = None, **kwargs: Any) -> str:
    """The URL of a list page, with its filters as a query string."""
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{urlencode(params)}" if params else url

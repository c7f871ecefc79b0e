"""Helpers for the dashboard's tests: measure a target's metric the way the dashboard
does (every part counted by the one-pass engine) and list the rows behind a part."""

from __future__ import annotations

import datetime

import pytest

from dashboard.counting import TOWNSHIP, count_parts
from dashboard.metrics import METRICS, laborer_base
from dashboard.models import Target
from dashboard.tests.data import build_county

D = datetime.date
TEST_DAY = D(2020, 6, 15)  # the suite's business date (conftest.py)


def measure(key: str, user, *, year: int = 2020, day: datetime.date = TEST_DAY):
    """``(numerator, denominator)`` of metric ``key`` for ``user`` as the dashboard counts
    them (``denominator`` is None for a count), checked against each part's own queryset
    (the drill-down list) on the way."""
    totals = measure_parts(key, user, year=year, day=day)
    return totals["numerator"], totals.get("denominator")


def measure_parts(key: str, user, *, year: int = 2020, day: datetime.date = TEST_DAY):
    """``{part name: total}`` of every part of metric ``key`` (extras included), as the
    dashboard counts them, each checked against its own queryset (the drill-down list)."""
    from django.db.models import IntegerField, Sum
    from django.db.models.functions import Coalesce

    measure = METRICS[key].measure(user=user, year=year, day=day)
    names = list(measure.parts)
    parts = list(measure.parts.values())
    counted = count_parts(parts, base=laborer_base(user), by=TOWNSHIP)
    for part, result in zip(parts, counted, strict=True):
        if part.sum_field is None:
            assert result.total == part.queryset.count(), part.label
        else:
            amount = Coalesce(Sum(part.sum_field), 0, output_field=IntegerField())
            assert result.total == int(part.queryset.aggregate(n=amount)["n"]), part.label
    return {name: c.total for name, c in zip(names, counted, strict=True)}


def by_township(key: str, user, *, year: int = 2020, day: datetime.date = TEST_DAY):
    """``{township name: (numerator, denominator)}`` for the townships with any rows."""
    from laborers.models import Township

    measure = METRICS[key].measure(user=user, year=year, day=day)
    parts = [measure.numerator] + ([measure.denominator] if measure.denominator else [])
    counted = count_parts(parts, base=laborer_base(user), by=TOWNSHIP)
    names = dict(Township.objects.values_list("pk", "name"))
    areas = {a for c in counted for a in c.by_area}
    return {
        names[a]: tuple(c.of(a) for c in counted) if len(counted) > 1 else counted[0].of(a)
        for a in areas
        if a is not None
    }


def names(key: str, user, part: str = "numerator", **kwargs) -> set[str]:
    measure = METRICS[key].measure(
        user=user, year=kwargs.get("year", 2020), day=kwargs.get("day", D(2020, 6, 15))
    )
    return set(measure.parts[part].queryset.values_list("name", flat=True))


@pytest.fixture
def targets(db):
    """The 2020 targets the first migration loaded, by number."""
    return {t.number: t for t in Target.objects.filter(plan_year=2020)}


@pytest.fixture
def county(village_a1, village_a2, village_b1, township_a):
    build_county(village_a1, village_a2, village_b1, township_a)

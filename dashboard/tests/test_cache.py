"""The dashboards' counts are remembered until a record changes: a write of any kind (a
page, the admin, a bulk import) starts a new data version and the next board counts
afresh, so a number never disagrees with its list."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings

from dashboard import cache as dashboard_cache
from dashboard.selectors import board
from laborers.models import Laborer
from xiushan_jobs.lib import bulk
from xiushan_jobs.testing import make_episode, make_laborer, valid_id_number

pytestmark = pytest.mark.django_db
DAY = datetime.date(2020, 6, 15)
LOCMEM = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "dashboard-cache-test",
    }
}


def employed_card(user):
    """Target 20 (willing laborers employed): numerator and denominator."""
    card = next(c for c in board(user, day=DAY).cards if c.target.number == 20)
    return card.reading.numerator.value, card.reading.denominator.value


@pytest.fixture
def cached(settings):
    from django.core.cache import cache

    with override_settings(CACHES=LOCMEM):
        cache.clear()
        settings.DASHBOARD_CACHE_SECONDS = 300
        yield
        cache.clear()


def test_counts_are_remembered_while_nothing_changes(cached, county_user, village_a1, monkeypatch):
    import dashboard.selectors as selectors

    make_episode(make_laborer(village=village_a1, employment_intention="县内就业"))
    counted = []
    real = selectors.count_parts
    monkeypatch.setattr(
        selectors, "count_parts", lambda *a, **k: counted.append(1) or real(*a, **k)
    )
    first = employed_card(county_user)
    assert employed_card(county_user) == first == (1, 1)
    # the first board counts the business date, target 20 as of its deadline (31 March),
    # and the other targets at the first quarter's end, which has no snapshot yet; the
    # second board is served from the cache
    assert counted == [1, 1, 1]


def test_a_change_from_a_page_or_a_bulk_write_is_counted_at_once(cached, county_user, village_a1):
    make_laborer(village=village_a1, employment_intention="县内就业")
    assert employed_card(county_user) == (0, 1)
    make_episode(Laborer.objects.get())  # an ordinary save: a history row
    assert employed_card(county_user) == (1, 1)
    newcomer = Laborer(
        household=Laborer.objects.get().household, name="新人", employment_intention="县内就业"
    )
    newcomer.set_id_number(valid_id_number())
    with transaction.atomic():
        bulk.insert_with_history(Laborer, [newcomer])  # an import's path
    assert employed_card(county_user) == (1, 2)


def test_each_scope_and_day_has_its_own_counts(cached, county_user, officer_b, village_a1):
    make_laborer(village=village_a1, employment_intention="县内就业")
    assert employed_card(county_user) == (0, 1)
    assert employed_card(officer_b) == (0, 0)  # another township: not the county's count


def test_zero_seconds_turns_the_cache_off(settings, county_user, village_a1):
    settings.DASHBOARD_CACHE_SECONDS = 0
    version = dashboard_cache.data_version()
    make_laborer(village=village_a1)
    assert dashboard_cache.data_version() != version
    assert dashboard_cache.remember("k", lambda: 1) == 1
    assert dashboard_cache.remember("k", lambda: 2) == 2

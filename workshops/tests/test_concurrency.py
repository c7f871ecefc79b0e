"""Two officers placing into the last position at the same moment (PostgreSQL).

Each placement counts the open placements and then inserts; between the two steps the
test holds the transaction for a moment, so without the row lock both would count a free
position and the post would end up over-filled. With ``SELECT … FOR UPDATE`` on the post,
the second officer waits, counts the first placement, and is refused.

On SQLite every write transaction begins IMMEDIATE (settings), which serialises writers
before they read, so the race cannot occur there; the test is PostgreSQL-only.
"""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from workshops import services
from workshops.models import PostPlacement, WorkshopPlacement
from xiushan_jobs.testing import make_laborer, make_post, make_workshop


def _race(site, laborers, monkeypatch) -> list[str]:
    counted = services._capacity_errors

    def slow_capacity_check(locked_site, *args, **kwargs):
        errors = counted(locked_site, *args, **kwargs)
        time.sleep(0.4)  # the other officer submits now
        return errors

    monkeypatch.setattr(services, "_capacity_errors", slow_capacity_check)
    barrier = threading.Barrier(len(laborers))
    outcomes: list[str] = []

    def officer(laborer):
        try:
            barrier.wait()
            services.placement_start(
                site=site, laborer=laborer, start_date=datetime.date(2020, 6, 1)
            )
            outcomes.append("placed")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=officer, args=(laborer,)) for laborer in laborers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers (BEGIN IMMEDIATE); the race needs PostgreSQL")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_placements_never_exceed_a_posts_positions(
    postgresql_only, village_a1, willing, monkeypatch
):
    post = make_post(village_a1, positions=1)
    laborers = [make_laborer(village=village_a1, **willing) for _ in range(2)]
    outcomes = _race(post, laborers, monkeypatch)
    assert outcomes.count("placed") == 1, outcomes
    assert any("1 个岗位已满" in o for o in outcomes), outcomes
    assert PostPlacement.objects.current().filter(post=post).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_placements_never_exceed_a_workshops_jobs(
    postgresql_only, village_a1, willing, monkeypatch
):
    workshop = make_workshop(village_a1, jobs_offered=2)
    laborers = [make_laborer(village=village_a1, **willing) for _ in range(3)]
    outcomes = _race(workshop, laborers, monkeypatch)
    assert outcomes.count("placed") == 2, outcomes
    assert WorkshopPlacement.objects.current().filter(workshop=workshop).count() == 2

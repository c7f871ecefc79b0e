import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from laborers import choices
from laborers.models import EmploymentEpisode, Household, Laborer
from xiushan_jobs.lib import bulk
from xiushan_jobs.testing import make_household, make_laborer, valid_id_number


@pytest.mark.django_db
def test_insert_with_history_sets_pks_and_writes_history_rows(village_a1, county_user):
    make_laborer(village=village_a1)  # an existing row: reserved ids must come after it
    household = make_household(village_a1)
    people = []
    for _ in range(3):
        laborer = Laborer(household=household, name="李四")
        laborer.set_id_number(valid_id_number())
        people.append(laborer)
    with transaction.atomic():
        bulk.insert_with_history(Laborer, people, user=county_user, reason="测试导入")
    ids = [p.pk for p in people]
    assert len(set(ids)) == 3 and all(ids)
    stored = Laborer.objects.filter(pk__in=ids)
    assert stored.count() == 3
    assert all(p.created_at is not None for p in stored)
    history = Laborer.history.filter(id__in=ids)
    assert history.count() == 3
    row = history.first()
    assert row.history_type == "+"
    assert row.history_user == county_user
    assert row.history_change_reason == "测试导入"
    assert row.id_number in {p.id_number for p in people}
    # The ORM keeps allocating fresh ids after the reserved block.
    later = make_laborer(household=household)
    assert later.pk > max(ids)


@pytest.mark.django_db
def test_dates_decimals_and_nulls_round_trip(village_a1):
    laborer = make_laborer(village=village_a1)
    episode = EmploymentEpisode(
        laborer=laborer,
        kind=choices.EmploymentKind.OUTSIDE,
        province="山东省",
        start_date=datetime.date(2020, 3, 2),
        end_date=None,
        monthly_income=Decimal("4321.50"),
    )
    with transaction.atomic():
        bulk.insert_with_history(EmploymentEpisode, [episode])
    stored = EmploymentEpisode.objects.get(pk=episode.pk)
    assert stored.start_date == datetime.date(2020, 3, 2)
    assert stored.end_date is None
    assert stored.monthly_income == Decimal("4321.50")
    assert stored.history.get().monthly_income == Decimal("4321.50")


@pytest.mark.django_db
def test_history_extra_columns(village_a1, county_user):
    from laborers.models import ImportBatch

    batch = ImportBatch.objects.create(user=county_user, file_name="a.xlsx", sha256="0" * 64)
    household = Household(village=village_a1, number="H-1")
    with transaction.atomic():
        bulk.insert_with_history(Household, [household], extra={"import_batch_id": batch.pk})
    assert household.history.get().import_batch == batch


@pytest.mark.django_db
def test_update_writes_fields_bumps_version_and_auto_now(village_a1):
    first, second = make_laborer(village=village_a1), make_laborer(village=village_a1)
    before = first.updated_at
    first.phone, second.phone = "13900139000", "13700137000"
    first.departure_date = datetime.date(2020, 3, 5)
    with transaction.atomic():
        assert (
            bulk.update(
                Laborer, [first, second], ["phone", "departure_date"], increment=["version"]
            )
            == 2
        )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.phone, second.phone) == ("13900139000", "13700137000")
    assert first.departure_date == datetime.date(2020, 3, 5)
    assert first.version == second.version == 2
    assert first.updated_at > before
    assert bulk.update(Laborer, [], ["phone"]) == 0

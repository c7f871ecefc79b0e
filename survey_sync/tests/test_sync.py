"""动态更新: the municipal survey system's file, whole or changes only."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from audit.models import AccessLog
from laborers.choices import EmploymentIntention, LaborAbility
from survey_sync.models import SyncProfile, SyncRun
from survey_sync.services import sync_run_record
from xiushan_jobs.testing import make_episode, make_household, make_laborer

SURVEYED = datetime.date(2020, 3, 20)


@pytest.fixture
def profile(db):
    return SyncProfile.objects.get(is_default=True)


def surveyed(village, **kwargs):
    kwargs.setdefault("employment_intention", EmploymentIntention.IN_COUNTY)
    kwargs.setdefault("last_surveyed_on", SURVEYED)
    return make_laborer(village=village, **kwargs)


def sheet_rows(run, sheet="劳动力信息"):
    book = load_workbook(BytesIO(run.file.open("rb").read()))
    rows = list(book[sheet].iter_rows(values_only=True))
    return rows[0], rows[1:]


def ids_in(run):
    headers, rows = sheet_rows(run)
    column = headers.index("身份证号码")
    return {row[column] for row in rows}


def test_whole_file_in_the_profile_layout_with_codes(county_user, profile, village_a1):
    laborer = surveyed(
        village_a1, labor_ability=LaborAbility.WEAK, wants_training=True, training_trade="叉车操作"
    )
    make_episode(laborer, employer="秀山县某工厂", place="秀山县")
    run = sync_run_record(user=county_user, township=None, mode=SyncRun.Mode.FULL, profile=profile)
    headers, rows = sheet_rows(run)
    assert list(headers) == [column["header"] for column in profile.columns]
    row = dict(zip(headers, rows[0], strict=True))
    assert row["身份证号码"] == laborer.id_number  # full: the municipal system keys by it
    assert row["劳动能力"] == "3"
    assert row["就业意愿"] == "1"
    assert row["就业状态"] == "1"
    assert row["就业单位"] == "秀山县某工厂"
    assert row["培训需求"] == "1"
    assert row["意向培训工种"] == "叉车操作"
    assert row["区县"] == "秀山县"
    assert run.rows == 1 and run.refused_ids == []


def test_rows_the_municipal_system_would_refuse_are_listed_not_written(
    county_user, profile, village_a1
):
    good = surveyed(village_a1)
    unsurveyed = surveyed(village_a1, last_surveyed_on=None)
    no_intention = surveyed(village_a1, employment_intention="")
    run = sync_run_record(user=county_user, township=None, mode=SyncRun.Mode.FULL, profile=profile)
    assert ids_in(run) == {good.id_number}
    assert sorted(run.refused_ids) == sorted([unsurveyed.pk, no_intention.pk])


def test_preview_names_what_to_fix(client, county_user, profile, village_a1):
    surveyed(village_a1, name="李四", last_surveyed_on=None)
    client.force_login(county_user)
    response = client.get("/sync/new/", {"mode": "full", "profile": profile.pk})
    assert response.status_code == 200
    text = response.content.decode()
    assert "李四" in text and "缺少“调查更新日期”" in text
    assert not SyncRun.objects.exists()  # a preview writes nothing


def test_changes_only_carries_exactly_the_laborers_changed_since(county_user, profile, village_a1):
    household = make_household(village_a1)
    people = [surveyed(village_a1) for _ in range(5)]
    member = make_laborer(
        household=household,
        employment_intention=EmploymentIntention.ANY,
        last_surveyed_on=SURVEYED,
    )
    first = sync_run_record(
        user=county_user, township=None, mode=SyncRun.Mode.FULL, profile=profile
    )
    assert first.rows == 6

    # three changes, by three paths: the laborer's own record, a job, the household
    people[0].phone = "13912345678"
    people[0].save()
    make_episode(people[1], employer="新单位")
    household.relocated = True
    household.save()

    delta = sync_run_record(
        user=county_user, township=None, mode=SyncRun.Mode.DELTA, profile=profile
    )
    assert delta.mode == SyncRun.Mode.DELTA and delta.since == first.taken_at
    assert ids_in(delta) == {people[0].id_number, people[1].id_number, member.id_number}
    # and nothing changed since: an empty next file
    again = sync_run_record(
        user=county_user, township=None, mode=SyncRun.Mode.DELTA, profile=profile
    )
    assert again.rows == 0


def test_refused_rows_come_back_in_the_next_changes_only_file(county_user, profile, village_a1):
    missing = surveyed(village_a1, last_surveyed_on=None)
    first = sync_run_record(
        user=county_user, township=None, mode=SyncRun.Mode.FULL, profile=profile
    )
    assert first.refused_ids == [missing.pk]
    # fixed before the first file's moment? no: fixed afterwards, and offered again
    delta = sync_run_record(
        user=county_user, township=None, mode=SyncRun.Mode.DELTA, profile=profile
    )
    assert delta.refused_ids == [missing.pk]  # still unfixed: still refused, still carried
    missing.last_surveyed_on = SURVEYED
    missing.save()
    fixed = sync_run_record(
        user=county_user, township=None, mode=SyncRun.Mode.DELTA, profile=profile
    )
    assert ids_in(fixed) == {missing.id_number} and fixed.refused_ids == []


def test_deleted_laborers_are_listed_for_removal(county_user, profile, village_a1):
    gone = surveyed(village_a1)
    surveyed(village_a1)
    sync_run_record(user=county_user, township=None, mode=SyncRun.Mode.FULL, profile=profile)
    number = gone.id_number
    gone.delete()
    delta = sync_run_record(
        user=county_user, township=None, mode=SyncRun.Mode.DELTA, profile=profile
    )
    assert delta.removed == 1
    _, rows = sheet_rows(delta, "注销人员")
    assert [row[1] for row in rows] == [number]


def test_a_first_changes_only_file_is_whole(county_user, profile, village_a1):
    surveyed(village_a1)
    run = sync_run_record(user=county_user, township=None, mode=SyncRun.Mode.DELTA, profile=profile)
    assert run.mode == SyncRun.Mode.FULL and run.rows == 1


def test_a_township_starts_from_the_later_of_its_own_and_the_countys_run(
    county_user, officer_a, profile, village_a1, village_b1
):
    a = surveyed(village_a1)
    surveyed(village_b1)
    sync_run_record(user=county_user, township=None, mode=SyncRun.Mode.FULL, profile=profile)
    a.note = "已回乡"
    a.save()
    run = sync_run_record(
        user=officer_a, township=officer_a.township, mode=SyncRun.Mode.DELTA, profile=profile
    )
    assert ids_in(run) == {a.id_number}


def test_township_officer_writes_their_own_township_only(
    client, officer_a, officer_b, profile, village_a1, village_b1, township_b
):
    mine = surveyed(village_a1)
    surveyed(village_b1)
    client.force_login(officer_a)
    # a township field in the request is ignored: the officer's own township is the area
    response = client.post(
        "/sync/new/", {"mode": "full", "profile": profile.pk, "township": township_b.pk}
    )
    run = SyncRun.objects.get()
    assert response.status_code == 302 and run.township == officer_a.township
    assert ids_in(run) == {mine.id_number}
    client.force_login(officer_b)
    assert client.get(f"/sync/{run.pk}/").status_code == 404
    assert client.get(f"/sync/{run.pk}/file/").status_code == 404


def test_download_is_logged_and_refused_to_readers(
    client, county_user, leader, village_officer, profile, village_a1
):
    surveyed(village_a1)
    run = sync_run_record(user=county_user, township=None, mode=SyncRun.Mode.FULL, profile=profile)
    client.force_login(leader)
    assert client.get("/sync/").status_code == 200
    assert client.get(f"/sync/{run.pk}/").status_code == 200
    assert client.get(f"/sync/{run.pk}/file/").status_code == 403
    assert client.post("/sync/new/", {"mode": "full", "profile": profile.pk}).status_code == 403
    client.force_login(village_officer)
    assert client.get("/sync/").status_code == 403
    client.force_login(county_user)
    response = client.get(f"/sync/{run.pk}/file/")
    assert response.status_code == 200
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert log.user == county_user and log.row_count == 1


def test_a_profile_with_an_unknown_column_is_refused(profile):
    profile.columns = [*profile.columns, {"source": "salary", "header": "工资"}]
    with pytest.raises(ValidationError, match="salary"):
        profile.full_clean()


def test_run_list_queries_do_not_grow_with_runs(
    client, county_user, profile, village_a1, django_assert_max_num_queries
):
    surveyed(village_a1)
    for _ in range(3):
        sync_run_record(user=county_user, township=None, mode=SyncRun.Mode.FULL, profile=profile)
    client.force_login(county_user)
    # session, user, permissions, count, runs (with township, user and profile), the
    # form's townships, and its profiles (twice: the choices and the initial value)
    with django_assert_max_num_queries(8):
        assert client.get("/sync/").status_code == 200

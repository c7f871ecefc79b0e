"""The ledger (台账): the filtered list as xlsx, masked by default, every export logged."""

import io

import openpyxl
import pytest
from django.urls import reverse

from audit.models import AccessLog
from laborers.models import Laborer

pytestmark = pytest.mark.django_db
URL = reverse("laborers:laborer_export")


def workbook_rows(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(rows) if row[0] == "序号")
    header = rows[header_at]
    return rows[:header_at], [dict(zip(header, row, strict=True)) for row in rows[header_at + 1 :]]


def test_export_is_masked_and_logged(client, world, officer_a):
    client.force_login(officer_a)
    response = client.get(URL)
    notes, rows = workbook_rows(response)
    assert sorted(r["姓名"] for r in rows) == ["甲一", "甲二"]
    laborer = world.a1.laborer
    row = next(r for r in rows if r["姓名"] == "甲一")
    assert row["身份证号码"] == f"{laborer.id_number[:6]}********{laborer.id_number[-4:]}"
    assert row["联系电话"] == "138****8000"
    assert "出生日期" not in row
    assert row["就业状态"] == "县内务工" and row["就业单位"] == "秀山物流园区"
    assert row["本年服务次数"] == 1
    assert "脱敏" in notes[1][0]
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.row_count, log.fields) == (officer_a, "export", 2, "")
    assert log.content_type.model == "laborer"


def test_export_follows_the_filters(client, world, officer_a, village_a2):
    client.force_login(officer_a)
    notes, rows = workbook_rows(client.get(URL, {"village": village_a2.pk}))
    assert [r["姓名"] for r in rows] == ["甲二"]
    assert "村（社区）：中和街道 太平村" in notes[2][0]
    assert "太平村" in AccessLog.objects.get().detail


def test_search_terms_stay_out_of_the_file_and_the_log(client, world, officer_a):
    client.force_login(officer_a)
    number = world.a1.laborer.id_number
    notes, rows = workbook_rows(client.get(URL, {"q": number}))
    assert [r["姓名"] for r in rows] == ["甲一"]
    assert number not in str(notes)
    # the export, and the search by a complete number (a reveal of whom it found)
    assert sorted(AccessLog.objects.values_list("action", flat=True)) == ["export", "reveal"]
    assert not any(number in entry.detail for entry in AccessLog.objects.all())


def test_full_export_for_users_who_may_reveal(client, world, officer_a):
    client.force_login(officer_a)
    _, rows = workbook_rows(client.get(URL, {"full": "1"}))
    laborer = world.a1.laborer
    row = next(r for r in rows if r["姓名"] == "甲一")
    assert row["身份证号码"] == laborer.id_number
    assert row["联系电话"] == "13800138000"
    assert row["出生日期"].date() == laborer.birth_date
    log = AccessLog.objects.get()
    assert log.fields == "身份证号码、联系电话" and "完整号码" in log.detail


def test_leader_exports_masked_only(client, world, leader):
    client.force_login(leader)
    assert client.get(URL, {"full": "1"}).status_code == 403
    assert not AccessLog.objects.exists()
    _, rows = workbook_rows(client.get(URL))
    assert len(rows) == 3
    assert all("*" in r["身份证号码"] for r in rows)


def test_village_officer_exports_own_village(client, world, village_officer):
    client.force_login(village_officer)
    _, rows = workbook_rows(client.get(URL, {"full": "1"}))
    assert [r["姓名"] for r in rows] == ["甲一"]


def test_export_refuses_post(client, officer_a):
    client.force_login(officer_a)
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("size", [2, 20])
def test_export_query_count_does_not_grow(
    client, village_a1, officer_a, size, django_assert_max_num_queries
):
    from xiushan_jobs.testing import make_episode, make_laborer

    for _ in range(size):
        make_episode(make_laborer(village=village_a1))
    client.force_login(officer_a)
    # session, user, village choices, count, access log (content type + insert), rows
    with django_assert_max_num_queries(9):
        response = client.get(URL)
    assert len(workbook_rows(response)[1]) == Laborer.objects.count() == size

"""Excel ledgers (台账): scoped, filtered like the list, masked, logged."""

import datetime
import io
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse

from audit.models import AccessLog
from workshops.services import placement_start
from xiushan_jobs.testing import make_funding

pytestmark = pytest.mark.django_db


def workbook(response) -> openpyxl.Workbook:
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(min_row=4, values_only=True)]


def test_workshop_ledger(client, officer_a, workshop_a, workshop_b, laborer_a):
    workshop_a.contact_phone = "13812345678"
    workshop_a.save()
    make_funding(workshop_a, amount=300000)
    make_funding(workshop_a, "鲁渝援建", equipment="电脑绣花机 2 台", amount=160000)
    placement_start(
        site=workshop_a, laborer=laborer_a, start_date=datetime.date(2020, 6, 1), monthly_pay=2000
    )
    client.force_login(officer_a)
    response = client.get(reverse("workshops:workshop_export"))
    assert "扶贫车间台账_中和街道_2020-06-15.xlsx" in unquote(response["Content-Disposition"])
    book = workbook(response)
    assert book.sheetnames == ["扶贫车间台账", "资金支持", "在岗贫困劳动力"]
    sheet = book["扶贫车间台账"]
    assert sheet["A1"].value == "秀山县就业扶贫车间台账"
    assert sheet["A3"].value == "序号" and sheet["N3"].value == "就业岗位（个）"
    [site, total] = rows(sheet)  # township B's workshop is not there
    assert site[:4] == [1, "中和街道", "凤鸣村", "凤鸣服装加工扶贫车间"]
    assert site[7] == "13812345678"  # officers see the contact's number
    assert site[13:] == [3, 1, 300000, 1]
    assert total[0] == "合计" and total[13:] == [3, 1, 300000, 1]
    fundings = rows(book["资金支持"])
    assert [r[3] for r in fundings[:2]] == ["财政涉农资金", "鲁渝援建"]
    [person] = rows(book["在岗贫困劳动力"])
    assert person[3] == "杨秀英"
    assert person[5] == laborer_a.id_number[:6] + "********" + laborer_a.id_number[-4:]
    assert person[8] == datetime.datetime(2020, 6, 1) and person[9] == 2000
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.row_count) == (officer_a, "export", 1)


def test_ledger_follows_the_list_filters_and_masks_for_leaders(
    client, leader, workshop_a, workshop_b
):
    workshop_b.contact_phone = "13812345678"
    workshop_b.save()
    client.force_login(leader)
    response = client.get(reverse("workshops:workshop_export"), {"q": "竹编"})
    [site, _total] = rows(workbook(response)["扶贫车间台账"])
    assert site[3] == "坝芒竹编扶贫车间"
    assert site[7] == "138****5678"
    assert AccessLog.objects.get().detail.startswith("导出扶贫车间台账（全县）")


def test_post_ledger(client, county_user, post_a, post_b, laborer_a):
    placement_start(site=post_a, laborer=laborer_a, start_date=datetime.date(2020, 6, 1))
    client.force_login(county_user)
    book = workbook(client.get(reverse("workshops:post_export")))
    assert book.sheetnames == ["公益性岗位台账", "在岗人员"]
    sites = rows(book["公益性岗位台账"])
    assert [r[3] for r in sites[:-1]] == ["凤鸣保洁环卫岗", "坝芒护林岗"]
    assert sites[0][6:10] == [2, 1, 1, 800]
    assert sites[-1][0] == "合计" and sites[-1][6:9] == [4, 1, 3]
    assert [r[3] for r in rows(book["在岗人员"])] == ["杨秀英"]
    assert AccessLog.objects.get().row_count == 2

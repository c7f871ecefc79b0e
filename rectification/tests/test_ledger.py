"""The ledger export (整改台账): the appendix layout, readable, dated, logged."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AccessLog
from rectification import services
from rectification.ledger import COLUMNS, HEADER_ROW
from xiushan_jobs.testing import PNG_BYTES, make_report, make_task, make_upload, seeded_task

pytestmark = pytest.mark.django_db

HEADERS = [
    "序号",
    "问题",
    "整改措施",
    "整改时限",
    "责任领导",
    "牵头单位",
    "责任单位",
    "进展情况",
    "状态",
]


def _export(client, **params):
    response = client.get(reverse("rectification:ledger"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return response, load_workbook(io.BytesIO(response.content))


def _rows(sheet):
    """The table's rows (the notes below it are not rows of the table)."""
    return [
        dict(zip(HEADERS, row, strict=True))
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        if isinstance(row[0], int)
    ]


def _notes(sheet) -> list[str]:
    return [
        row[0]
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        if isinstance(row[0], str) and row[0].startswith("注：")
    ]


def test_ledger_holds_every_task_in_the_appendix_layout(client, leader, county_user):
    task = seeded_task(57)
    make_report(
        task,
        county_user,
        date=datetime.date(2020, 5, 20),
        text="印发差异化补贴标准。",
        files=[make_upload(), make_upload("b.png", PNG_BYTES)],
    )
    services.closeout_request(task=task, by=county_user)
    services.closeout_approve(task=task, by=county_user)
    client.force_login(leader)
    response, workbook = _export(client)

    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6-20200615.xlsx"
    )
    assert workbook.sheetnames == ["附件1", "附件2"]
    first, second = workbook["附件1"], workbook["附件2"]
    assert first["A1"].value == "中央脱贫攻坚专项巡视“回头看”反馈意见整改任务分解和责任分工"
    assert "截至 2020年6月15日" in first["A2"].value and "共 3 项" in first["A2"].value
    assert [c.value for c in first[HEADER_ROW]] == HEADERS == [label for label, _ in COLUMNS]

    assert [row["序号"] for row in _rows(first)] == [49, 50, 51]
    rows = {row["序号"]: row for row in _rows(second)}
    assert sorted(rows) == [27, 39, 57, 59, 60, 61]
    row = rows[57]
    assert row["问题"].startswith("七、东西部扶贫协作仍有不足\n（十四）援助资金管理\n问题 23：")
    assert "具体表现：交叉考核了解" in row["问题"]
    assert row["整改措施"] == task.measure
    assert row["整改时限"] == "2020年6月底前完成，并长期坚持"
    assert (row["责任领导"], row["牵头单位"], row["责任单位"]) == (
        "唐凌波",
        "县就业人才局",
        "县就业人才局培训科",
    )
    assert row["进展情况"] == (
        "2020-05-20：印发差异化补贴标准。（佐证材料 2 份）\n下次季度进展应于 2020-09-30 前报送。"
    )
    assert row["状态"] == "已销号\n2020-06-15 销号"
    assert rows[61]["状态"] == "未启动\n逾期 15 天"
    assert rows[27]["进展情况"] == "尚未报送进展。"
    # values inferred where the seed's text is damaged are marked on the printed ledger
    assert [note.split(" 的转录说明")[0] for note in _notes(first)] == [
        "注：序号 49",
        "注：序号 50",
        "注：序号 51",
    ]
    notes = _notes(second)
    assert [note.split(" 的转录说明")[0] for note in notes] == ["注：序号 27", "注：序号 39"]
    assert "唐凌波" in notes[0] and "问题序号" in notes[1]


def test_ledger_is_readable(client, county_user):
    client.force_login(county_user)
    _, workbook = _export(client)
    sheet = workbook["附件2"]
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.column_dimensions["C"].width == 46
    assert sheet.cell(HEADER_ROW, 1).font.bold
    measure_cell = sheet.cell(HEADER_ROW + 1, 3)
    assert measure_cell.alignment.wrap_text and measure_cell.alignment.vertical == "top"
    # Long findings get tall rows (Excel does not grow rows by itself).
    assert sheet.row_dimensions[HEADER_ROW + 1].height > 100
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def test_ledger_follows_the_list_filters_and_is_logged(client, officer_a):
    client.force_login(officer_a)
    _, workbook = _export(client, overdue="1")
    assert [row["序号"] for sheet in workbook for row in _rows(sheet)] == [49, 50, 51, 59, 60, 61]
    _, workbook = _export(client, status="closed")
    assert workbook.sheetnames == ["整改台账"]
    assert workbook["整改台账"].cell(HEADER_ROW + 1, 1).value == "没有符合条件的整改任务。"
    logs = AccessLog.objects.filter(user=officer_a, action=AccessLog.Action.EXPORT)
    assert list(logs.values_list("row_count", flat=True)) == [0, 6]


@pytest.mark.parametrize("extra", [0, 15])
def test_ledger_query_count_is_constant(client, county_user, extra, django_assert_max_num_queries):
    for _ in range(extra):
        task = make_task()
        make_report(task, county_user, files=[make_upload()])
        make_report(task, county_user)
    client.force_login(county_user)
    # session, user; lead units (filter form); tasks with source and progress; reports;
    # evidence; content type and insert of the access log
    with django_assert_max_num_queries(8):
        _, workbook = _export(client)
    assert sum(len(_rows(sheet)) for sheet in workbook) == 9 + extra

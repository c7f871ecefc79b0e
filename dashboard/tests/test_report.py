"""The dashboard as a workbook: it opens, it is in Chinese, it is named with the date, and
it holds the same figures as the page."""

import io
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse
from openpyxl.utils import get_column_letter

from audit.models import AccessLog

pytestmark = pytest.mark.django_db


def workbook(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows(sheet):
    header = [c.value for c in sheet[2]]
    return [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=3, values_only=True)]


def test_county_report_holds_the_pages_figures(client, county, county_user):
    client.force_login(county_user)
    board = client.get(reverse("dashboard:county")).context["board"]
    response = client.get(reverse("dashboard:county_report"))
    disposition = unquote(response["Content-Disposition"])
    assert "就业扶贫目标完成情况_全县_20200615.xlsx" in disposition
    book = workbook(response)
    assert book.sheetnames == ["目标完成情况", "各乡镇对比", "预警", "季度末快照"]
    assert "截至2020年6月15日" in book["目标完成情况"]["A1"].value

    by_number = {row["序号"]: row for row in rows(book["目标完成情况"])}
    assert len(by_number) == 20
    for card in board.cards:
        row = by_number[card.target.number]
        assert row["目标"] == card.target.title
        assert row["方案原文"] == card.target.source_text
        if card.reading is None:
            assert row["状态"] == "暂无数据" and row["口径"] == card.unavailable
            continue
        assert row["数量（分子）"] == card.reading.numerator.value
        denominator = card.reading.denominator
        assert row["分母"] == (denominator.value if denominator else None)
        assert row["状态"] == card.reading.progress.status.label
        if card.reading.progress.value is not None:
            assert row["当前值"] == pytest.approx(float(card.reading.progress.value))

    areas = book["各乡镇对比"]
    header = [c.value for c in areas[2]]
    assert header[0] == "乡镇（街道）"
    sheet_rows = {r[0]: r for r in areas.iter_rows(min_row=3, values_only=True)}
    assert len(sheet_rows) == 27
    # Excel's filter buttons on the header, over all 27 townships and every column
    assert areas.auto_filter.ref == f"A2:{get_column_letter(len(header))}29"
    for row in board.rows:
        values = list(sheet_rows[row.area.name][1:])
        for target, reading in zip(board.table_targets, row.readings, strict=True):
            if target.is_rate:
                numerator, denominator, _percent = values[:3]
                values = values[3:]
                assert (numerator, denominator) == (
                    reading.numerator.value,
                    reading.denominator.value,
                ), (row.area.name, target.number)
            else:
                assert values.pop(0) == reading.numerator.value

    warnings = {r[0]: r[1] for r in book["预警"].iter_rows(min_row=3, values_only=True)}
    for warning in board.warnings:
        assert warnings[warning.label] == warning.count
    assert warnings["整改任务逾期未销号"] == board.rectification["overdue"].value

    log = AccessLog.objects.get()
    assert (log.user, log.action, log.row_count) == (county_user, "export", 20)


def test_township_report_is_the_townships_and_scoped(
    client, county, officer_a, township_a, township_b
):
    client.force_login(officer_a)
    response = client.get(reverse("dashboard:township_report", args=[township_a.pk]))
    assert "就业扶贫目标完成情况_中和街道_20200615.xlsx" in unquote(response["Content-Disposition"])
    book = workbook(response)
    assert book.sheetnames[1] == "各村对比"
    villages = [r[0] for r in book["各村对比"].iter_rows(min_row=3, values_only=True)]
    assert villages == ["凤鸣村", "太平村"]
    assert client.get(reverse("dashboard:township_report", args=[township_b.pk])).status_code == 404

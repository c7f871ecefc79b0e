"""The subsidy report (per class, per funding source), the demand-planning grid (each cell
equal to the list it opens) and the Excel ledgers (masked, logged)."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from audit.models import AccessLog
from training.models import StationOccupancy, Trade
from xiushan_jobs.testing import (
    make_enrollment,
    make_laborer,
    make_loan,
    make_station,
    make_training_class,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def subsidies(township_a, village_a1):
    """Two classes.
    X (就业专项资金, township A): 100/50 a day; two poor trainees attended 10 and 8 days,
      one non-poor trainee 10 days → poor 1,800, non-poor 500.
    Y (东西部扶贫协作资金, county): 120/0; one poor trainee 5 days, two non-poor 5 days
      each → poor 600, non-poor 0 (two unpaid).
    Totals: 2,900 yuan; 3 poor trainees, 3 non-poor."""
    x = make_training_class(township_a, name="X")
    y = make_training_class(
        None,
        name="Y",
        trade="叉车操作",
        funding_source="东西部扶贫协作资金",
        poor_daily_subsidy=120,
        end_date=D(2020, 5, 5),
    )
    a, b, c = (make_laborer(village=village_a1) for _ in range(3))
    make_enrollment(x, a, days_attended=10, completed=True)
    make_enrollment(x, b, days_attended=8)
    make_enrollment(x, days_attended=10)
    make_enrollment(y, c, days_attended=5)
    make_enrollment(y, name="甲", days_attended=5)
    make_enrollment(y, name="乙", days_attended=5)
    return x, y


def test_subsidy_report_per_source_and_per_class(client, county_user, subsidies):
    client.force_login(county_user)
    context = client.get(reverse("training:subsidy_report")).context
    by_source = {s.source: s for s in context["sources"]}
    employment, east_west = by_source["就业专项资金"], by_source["东西部扶贫协作资金"]
    assert (employment.poor, employment.poor_days, employment.poor_subsidy) == (2, 18, 1800)
    assert (employment.non_poor, employment.non_poor_subsidy) == (1, 500)
    assert (east_west.poor_subsidy, east_west.non_poor, east_west.non_poor_subsidy) == (600, 2, 0)
    assert east_west.unpaid_non_poor == 2
    total = context["total"]
    assert (total.classes, total.poor, total.non_poor, total.total) == (2, 3, 3, Decimal(2900))
    classes = {c.name: c for c in context["page"].object_list}
    assert (classes["X"].poor_subsidy, classes["X"].non_poor_subsidy) == (1800, 500)
    assert (classes["Y"].subsidy_total, classes["Y"].non_poor_count) == (600, 2)
    html = client.get(reverse("training:subsidy_report")).content.decode()
    assert "2 名非贫困学员不发补贴" in html and "2,900" in html


def test_subsidy_report_filters_by_funding_source_and_year(client, county_user, subsidies):
    client.force_login(county_user)
    context = client.get(
        reverse("training:subsidy_report"), {"funding_source": "东西部扶贫协作资金"}
    ).context
    assert [s.source for s in context["sources"]] == ["东西部扶贫协作资金"]
    assert (
        client.get(reverse("training:subsidy_report"), {"year": "2019"}).context["total"].classes
        == 0
    )


def test_subsidy_workbook_holds_the_same_figures(client, county_user, subsidies):
    client.force_login(county_user)
    response = client.get(reverse("training:subsidy_export"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sources = list(book["按资金来源"].iter_rows(values_only=True))
    assert sources[0][0] == "资金来源" and sources[-1][0] == "合计" and sources[-1][-1] == 2900
    classes = {row[0]: row for row in book["按培训班"].iter_rows(min_row=2, values_only=True)}
    assert classes["Y"][13] == 0 and classes["Y"][-1] == "是"  # non-poor rate paid, complies
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, user=county_user).exists()


def test_class_ledger_masks_people_and_is_scoped(client, officer_b, officer_a, subsidies):
    client.force_login(officer_a)
    response = client.get(reverse("training:class_export"))
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {row[1] for row in book["培训班台账"].iter_rows(min_row=2, values_only=True)} == {
        "X",
        "Y",
    }
    roster = list(book["学员名册"].iter_rows(min_row=2, values_only=True))
    # officer A sees the laborers of A (3) and the non-poor trainee of A's class X (1); the
    # county class's non-poor trainees are the county's
    assert len(roster) == 4
    assert all("*" in row[3] for row in roster)  # ID numbers masked
    unpaid = [row for row in roster if row[1] == "Y" and row[5] == "贫困劳动力"]
    assert unpaid[0][-1] == 600
    log = AccessLog.objects.get(user=officer_a)
    assert log.row_count == 4 and "培训班台账" in log.detail
    client.force_login(officer_b)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("training:class_export")).content))
    assert list(book["学员名册"].iter_rows(min_row=2, values_only=True)) == []


def test_loan_and_station_ledgers(client, officer_a, laborer_a, village_a1):
    make_loan(laborer_a, project="苗绣工作室")
    graduate = make_laborer(village=village_a1, is_college_graduate=True, graduation_year=2019)
    station = make_station("009")
    StationOccupancy.objects.create(
        station=station, laborer=graduate, business="电商", start_date=D(2020, 3, 1)
    )
    client.force_login(officer_a)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("training:loan_export")).content))
    [row] = list(book.active.iter_rows(min_row=2, values_only=True))
    assert row[1] == "杨秀英" and "*" in row[2] and row[4] == "苗绣工作室" and row[6] == 100000
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("training:station_export")).content)
    )
    [row] = list(book.active.iter_rows(min_row=2, values_only=True))
    assert row[2] == "009" and row[5] == "已入驻" and row[9] == "电商"
    assert AccessLog.objects.filter(user=officer_a).count() == 2


@pytest.fixture
def needs(village_a1, village_a2, village_b1, township_a, county_user):
    """Wanting 苗绣: two in A1 (one enrolled), one in B1. Wanting 电工 (not a listed trade):
    one in A2. Wanting training without a trade: one in A1."""
    x = make_training_class(township_a)
    enrolled = make_laborer(village=village_a1, wants_training=True, training_trade="苗绣")
    make_enrollment(x, enrolled)
    make_laborer(village=village_a1, wants_training=True, training_trade="苗绣")
    make_laborer(village=village_b1, wants_training=True, training_trade="苗绣")
    make_laborer(village=village_a2, wants_training=True, training_trade="电工")
    make_laborer(village=village_a1, wants_training=True)


def test_demand_grid_cells_equal_their_lists(client, county_user, officer_a, needs, township_a):
    miao = str(Trade.objects.get(name="苗绣").pk)
    client.force_login(county_user)
    grid = client.get(reverse("training:demand")).context["grid"]
    trades = {r.key: (r.wanted, r.enrolled, r.gap) for r in grid.trades}
    assert trades[miao] == (3, 1, 2)
    assert trades["other"] == (1, 0, 1) and trades["none"] == (1, 0, 1)
    areas = {r.label: (r.wanted, r.gap) for r in grid.areas}
    assert areas["中和街道"] == (4, 3) and areas["隘口镇"] == (1, 1)
    assert (grid.total.wanted, grid.total.gap) == (5, 4)

    gap = reverse("training:training_group", args=["gap"])
    for params, expected in [
        ({"trade": miao}, 2),
        ({"trade": "other"}, 1),
        ({"trade": "none"}, 1),
        ({"township": township_a.pk}, 3),
        ({"township": township_a.pk, "trade": miao}, 1),
        ({}, 4),
    ]:
        count = client.get(gap, params).context["page"].paginator.count
        assert count == expected, params

    # crossed: 苗绣 by township
    grid = client.get(reverse("training:demand"), {"trade": miao}).context["grid"]
    assert {r.label: r.gap for r in grid.areas}["中和街道"] == 1
    # a township officer sees villages
    client.force_login(officer_a)
    grid = client.get(reverse("training:demand")).context["grid"]
    assert grid.by_village and {r.label: r.gap for r in grid.areas} == {"凤鸣村": 2, "太平村": 1}
    assert grid.total.gap == 3

"""snapshot_metrics: what the metrics measured on a date, county-wide and per township; one
snapshot per date; the trend on the cards and the quarter-end figures come from them."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from dashboard.models import MetricSnapshot
from dashboard.services import snapshot_take

pytestmark = pytest.mark.django_db

D = datetime.date


def run(*args) -> str:
    out = StringIO()
    call_command("snapshot_metrics", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_snapshot_holds_every_metric_county_wide_and_per_township(county, targets):
    out = run()
    assert "2020-06-15 指标快照" in out
    county_rows = MetricSnapshot.objects.filter(date=D(2020, 6, 15), township=None)
    assert sorted(s.target.number for s in county_rows) == list(range(1, 21))
    # townships: all 27 for each target that breaks down (positions offered, work stations
    # do not)
    per_township = MetricSnapshot.objects.filter(date=D(2020, 6, 15), township__isnull=False)
    assert per_township.filter(target__in=[targets[11], targets[17]]).count() == 0
    assert per_township.filter(target=targets[1]).count() == 27
    one = county_rows.get(target=targets[20])
    parts = per_township.filter(target=targets[20])
    assert sum(s.numerator for s in parts) == one.numerator
    assert sum(s.denominator for s in parts) == one.denominator
    assert one.value == Decimal(100 * one.numerator / one.denominator).quantize(Decimal("0.1"))
    assert (one.figure, one.status) == (Decimal(100), "overdue")  # due 31 March


def test_taking_a_date_again_replaces_it(county, targets):
    first = snapshot_take(day=D(2020, 6, 15))
    row = MetricSnapshot.objects.get(date=D(2020, 6, 15), township=None, target=targets[4])
    assert row.numerator == 2
    MetricSnapshot.objects.filter(pk=row.pk).update(numerator=99)
    second = snapshot_take(day=D(2020, 6, 15))
    assert second.rows == first.rows and second.replaced == first.rows
    assert MetricSnapshot.objects.filter(date=D(2020, 6, 15)).count() == first.rows
    row = MetricSnapshot.objects.get(date=D(2020, 6, 15), township=None, target=targets[4])
    assert row.numerator == 2
    assert "替换了当天原有的" in run()


def test_only_today_or_yesterday(county):
    run("--date", "2020-06-14")  # a run just after midnight records the day that ended
    assert MetricSnapshot.objects.filter(date=D(2020, 6, 14)).exists()
    with pytest.raises(CommandError, match="只能记为今天"):
        run("--date", "2020-03-31")
    with pytest.raises(CommandError, match="格式不对"):
        run("--date", "2020/6/15")


def _snapshot(target, day, value, numerator, township=None):
    return MetricSnapshot.objects.create(
        date=day,
        target=target,
        township=township,
        value=Decimal(value),
        numerator=numerator,
        denominator=None,
        figure=target.figure,
        status="behind",
    )


def test_cards_show_the_trend_and_the_quarter_ends(
    client, county, county_user, targets, django_assert_max_num_queries
):
    client.force_login(county_user)
    with django_assert_max_num_queries(30) as without:
        assert client.get(reverse("dashboard:county")).status_code == 200
    # three earlier days for target 12, the end of the first quarter for every target
    for day, value in ((D(2020, 6, 1), 1), (D(2020, 6, 10), 2), (D(2020, 6, 14), 2)):
        _snapshot(targets[12], day, value, value)
    for target in targets.values():
        _snapshot(target, D(2020, 3, 31), 7, 7)
    _snapshot(targets[12], D(2019, 12, 31), 50, 50)  # last year's: not this year's trend
    with django_assert_max_num_queries(len(without.captured_queries)):  # no query per card
        response = client.get(reverse("dashboard:county"))
    cards = {c.target.number: c for c in response.context["cards"]}
    trend = cards[12].trend
    assert trend.previous.date == D(2020, 6, 14)
    # the last 92 days: 31 March, three days of June, and today's live value last
    assert [v for _, v in trend.points] == [7, 1, 2, 2, 3]
    assert trend.delta == 1
    assert trend.sparkline()
    assert cards[12].quarters[1].numerator == 7 and 2 not in cards[12].quarters
    html = response.content.decode()
    assert "较 6月14日快照" in html and "+1" in html
    # a rate's change is in percentage points; "no change" carries no unit
    assert " 个百分点" in html
    live = cards[1].trend.points[-1][1]
    _snapshot(targets[1], D(2020, 6, 14), live, 0)
    html = client.get(reverse("dashboard:county")).content.decode()
    assert "较 6月14日快照 持平</span>" in html and "持平 个百分点" not in html
    assert "<polyline" in html


def test_officers_read_their_own_townships_snapshots(
    client, county, officer_a, township_b, targets
):
    snapshot_take(day=D(2020, 6, 14))
    assert (
        MetricSnapshot.objects.visible_to(officer_a).exclude(township=officer_a.township).count()
        == 0
    )
    client.force_login(officer_a)
    cards = {
        c.target.number: c for c in client.get(reverse("dashboard:township_home")).context["cards"]
    }
    own = MetricSnapshot.objects.get(
        date=D(2020, 6, 14), township=officer_a.township, target=targets[1]
    )
    assert cards[1].trend.previous == own


def test_the_demo_records_the_snapshot_of_its_date(county):
    from dashboard.demo import seed_snapshots

    out = StringIO()
    seed_snapshots(rng=None, stdout=out)
    assert MetricSnapshot.objects.filter(date=D(2020, 6, 15), township=None).count() == 20
    assert "指标快照" in out.getvalue()


def test_the_daily_snapshot_is_a_periodic_task(county, targets, settings):
    from xiushan_jobs.testing import run_tasks

    settings.XJ_TODAY = datetime.date(2020, 6, 30)
    out = StringIO()
    call_command("enqueue_periodic", "daily", stdout=out)
    assert "take_daily_snapshot" in out.getvalue()
    assert not MetricSnapshot.objects.exists()
    assert run_tasks() == 1
    days = set(MetricSnapshot.objects.values_list("date", flat=True))
    # the first snapshot also records the earlier quarter end, from the records' dates
    assert days == {datetime.date(2020, 3, 31), datetime.date(2020, 6, 30)}
    assert not MetricSnapshot.objects.filter(date=datetime.date(2020, 3, 31), reconstructed=False)

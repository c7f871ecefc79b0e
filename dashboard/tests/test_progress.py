"""Status of a target against its figure and deadline (dashboard/progress.py)."""

import datetime
from decimal import Decimal

import pytest

from dashboard.models import Target
from dashboard.progress import Status, assess, elapsed_share

D = datetime.date
YEAR = (D(2020, 1, 1), D(2020, 12, 31))
# 2020-07-01 is 182 of 365 days into the year: half the year gone
MID = D(2020, 7, 1)


def status(numerator, denominator=None, *, figure=100, at_most=False, day=MID, period=YEAR):
    return assess(
        figure=Decimal(figure),
        at_most=at_most,
        numerator=numerator,
        denominator=denominator,
        period=period,
        day=day,
    )


def test_elapsed_share():
    assert elapsed_share(D(2020, 1, 1), *YEAR) == 0
    assert elapsed_share(MID, *YEAR) == pytest.approx(182 / 365)
    assert elapsed_share(D(2021, 3, 1), *YEAR) == 1
    assert elapsed_share(D(2019, 3, 1), *YEAR) == 0


def test_counts_at_least():
    assert status(120, figure=120).status == Status.MET
    assert status(200, figure=120).status == Status.MET  # beyond the figure
    assert status(61, figure=120).status == Status.ON_TRACK  # 50.8% ≥ 49.9% of the year
    assert status(59, figure=120).status == Status.BEHIND  # 49.2% < 49.9%
    assert status(119, figure=120, day=D(2021, 1, 1)).status == Status.OVERDUE
    assert status(119, figure=120, day=D(2020, 12, 31)).status == Status.BEHIND  # last day
    progress = status(60, figure=120)
    assert (progress.value, progress.bar_pct, progress.expected_pct) == (Decimal(60), 50, 50)
    assert status(300, figure=120).bar_pct == 100


def test_rates_are_met_exactly_not_by_rounding():
    progress = status(1999, 2000)  # 99.95% shows as 100.0 but is not all of them
    assert progress.value == Decimal("100.0")
    assert progress.status == Status.ON_TRACK
    assert status(2000, 2000).status == Status.MET
    assert status(1, 3).value == Decimal("33.3")
    assert status(2, 3).value == Decimal("66.7")
    assert status(1, 3).status == Status.BEHIND  # 33% of the way at half time
    # an 80% figure
    assert status(4, 5, figure=80).status == Status.MET
    assert status(3, 5, figure=80, day=D(2021, 1, 5)).status == Status.OVERDUE


def test_a_rate_with_nobody_to_count():
    progress = status(0, 0)
    assert progress.status == Status.NO_SUBJECT
    assert progress.value is None and progress.bar_pct == 0


def test_at_most_targets_like_zero_employment_households():
    deadline = (D(2020, 1, 1), D(2020, 6, 30))
    assert status(0, figure=0, at_most=True, period=deadline).status == Status.MET
    assert status(3, figure=0, at_most=True, day=D(2020, 6, 15), period=deadline).status == (
        Status.BEHIND
    )
    assert status(3, figure=0, at_most=True, day=D(2020, 7, 1), period=deadline).status == (
        Status.OVERDUE
    )
    # met after having been missed: the count went back to zero
    assert status(0, figure=0, at_most=True, day=D(2020, 9, 1), period=deadline).status == (
        Status.MET
    )


@pytest.mark.django_db
def test_quarterly_target_is_judged_over_the_current_quarter_after_its_deadline(targets):
    surveyed = targets[10]
    assert surveyed.repeats_quarterly and surveyed.deadline == D(2020, 3, 31)
    assert surveyed.period_on(D(2020, 2, 10)) == (D(2020, 1, 1), D(2020, 3, 31))
    assert surveyed.period_on(D(2020, 3, 31)) == (D(2020, 1, 1), D(2020, 3, 31))
    assert surveyed.period_on(D(2020, 6, 15)) == (D(2020, 4, 1), D(2020, 6, 30))
    assert surveyed.period_on(D(2020, 11, 2)) == (D(2020, 10, 1), D(2020, 12, 31))
    # a one-off deadline stays put
    employed = targets[20]
    assert employed.period_on(D(2020, 6, 15)) == (D(2020, 1, 1), D(2020, 3, 31))


@pytest.mark.django_db
def test_targets_validate_unit_against_their_metric(targets):
    from django.core.exceptions import ValidationError

    target = targets[1]
    target.unit = "人"
    with pytest.raises(ValidationError, match="单位应为 %"):
        target.full_clean()
    count = targets[12]
    count.unit = "%"
    with pytest.raises(ValidationError, match="不能为 %"):
        count.full_clean()
    rate = Target.objects.get(pk=targets[2].pk)
    rate.figure = Decimal(120)
    with pytest.raises(ValidationError, match="不能超过 100"):
        rate.full_clean()
    rate.figure, rate.metric = Decimal(90), "no_such_metric"
    with pytest.raises(ValidationError) as error:
        rate.full_clean()
    assert "metric" in error.value.message_dict

"""The targets as the plan reads them, where a naive reading gives another number; and any
target as of a past date, each number equal to its drill-down list of that date."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from dashboard.metrics import METRICS
from dashboard.selectors import board
from dashboard.tests.conftest import measure, measure_parts, names
from laborers.choices import EmploymentKind, LaborAbility
from laborers.models import Household, Program
from laborers.warning_rules import rule_counts
from xiushan_jobs.testing import (
    make_enrollment,
    make_episode,
    make_funding,
    make_household,
    make_laborer,
    make_recruitment_event,
    make_training_class,
    make_workshop,
)

D = datetime.date
WILLING = {"labor_ability": LaborAbility.ORDINARY, "employment_intention": "县内就业"}
UNWILLING = {"labor_ability": LaborAbility.ORDINARY, "employment_intention": "无就业意愿"}


def card_of(data, number):
    return next(c for c in data.cards if c.target.number == number)


# --- target 3: capable AND willing --------------------------------------------------------


def test_3_a_household_nobody_wants_work_for_is_not_zero_employment(
    client, village_a1, village_b1, county_user, targets
):
    wanting = make_household(village_a1, number="H-WANT")  # ✓ capable, willing, no job
    make_laborer(wanting, **WILLING)
    make_laborer(wanting, **UNWILLING)
    unwilling = make_household(village_b1, number="H-NOWISH")  # ✗ capable but unwilling
    make_laborer(unwilling, **UNWILLING)
    working = make_household(village_b1, number="H-WORK")  # ✗ someone employed
    make_episode(make_laborer(working, **WILLING))
    make_laborer(working, **WILLING)

    # the naive reading (a capable member, nobody employed) would count two households
    assert measure("zero_employment", county_user) == (1, None)
    # the same set feeds the warning, the household list's filter and its flag
    assert rule_counts(county_user, D(2020, 6, 15))["zero_employment"] == 1
    client.force_login(county_user)
    listed = client.get(reverse("laborers:household_list") + "?zero_employment=1")
    assert [row.number for row in listed.context["rows"]] == ["H-WANT"]
    everyone = client.get(reverse("laborers:household_list")).context["rows"]
    assert {r.number for r in everyone if r.is_zero_employment} == {"H-WANT"}
    warned = client.get(reverse("laborers:laborer_list") + "?warning=zero_employment")
    assert warned.context["page"].paginator.count == 1  # the willing member, not the other


def test_3_as_of_a_past_date_reads_the_jobs_of_that_day(village_a1, county_user):
    household = make_household(village_a1, number="H-LATE")
    make_episode(make_laborer(household, **WILLING), start=D(2020, 4, 20))
    assert measure("zero_employment", county_user) == (0, None)
    assert measure("zero_employment", county_user, day=D(2020, 3, 31)) == (1, None)
    assert Household.objects.zero_employment(D(2020, 3, 31)).count() == 1


# --- target 6: coverage, with skill mastery beside it -------------------------------------


def test_6_coverage_is_the_figure_and_enrolling_without_a_need_does_not_inflate_it(
    village_a1, county_user
):
    running = make_training_class(
        None, "苗绣", start_date=D(2020, 6, 1), end_date=D(2020, 7, 31), status="培训中"
    )
    finished = make_training_class(None, "缝纫工")  # May 2020, finished
    a = make_laborer(village=village_a1, name="在训", wants_training=True)  # ✓ trained
    make_enrollment(running, a, days_attended=5)
    b = make_laborer(village=village_a1, name="无需求")  # ✗ no need recorded: not counted
    make_enrollment(running, b, days_attended=5)
    c = make_laborer(village=village_a1, name="已改否", wants_training=True)  # ✓ ✓ skilled
    make_enrollment(finished, c, days_attended=10, completed=True, skill="缝纫工（初级）")
    c.wants_training = False  # the survey after training cleared the need
    c.save()
    d = make_laborer(village=village_a1, name="退出", wants_training=True)  # ✗ dropped out
    make_enrollment(finished, d, days_attended=2)
    make_laborer(village=village_a1, name="待培", wants_training=True)  # ✗ not yet trained

    parts = measure_parts("training_coverage", county_user)
    # naive: completion with a skill over need-or-enrolled would read 1 / 5
    assert (parts["numerator"], parts["denominator"], parts["skilled"]) == (2, 4, 1)
    assert names("training_coverage", county_user) == {"在训", "已改否"}
    assert names("training_coverage", county_user, "denominator") == {
        "在训",
        "已改否",
        "退出",
        "待培",
    }
    # as of 31 March nobody had started a class of the year
    assert measure("training_coverage", county_user, day=D(2020, 3, 31)) == (0, 3)


# --- target 5: the money beside the count -------------------------------------------------


def test_5_shows_the_money_on_the_card_and_in_the_report(client, village_a1, county_user):
    workshop = make_workshop(village_a1, name="凤鸣车间", established_on=D(2020, 3, 1))
    make_funding(workshop, amount=300000, date=D(2020, 4, 1))
    make_funding(workshop, amount=250000, date=D(2020, 5, 1))  # the same workshop again
    make_funding(workshop, amount=90000, date=D(2019, 12, 1))  # last year's
    parts = measure_parts("workshops_funded", county_user)
    assert (parts["numerator"], parts["funds"]) == (1, 550000)

    client.force_login(county_user)
    card = card_of(client.get(reverse("dashboard:county")).context["board"], 5)
    (money, unit), *_ = card.reading.extras
    assert (money.value, unit) == (550000, "元")
    listed = client.get(money.url)
    assert listed.context["total"] == 550000 and listed.context["page"].paginator.count == 2
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("dashboard:county_report")).content)
    )
    sheet = book["目标完成情况"]
    headers = [c.value for c in sheet[2]]
    row = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == 5)
    assert "550,000 元" in row[headers.index("旁列数字")]


# --- target 10: one deadline for page and report ------------------------------------------


def test_10_the_report_gives_the_deadline_the_card_shows(client, county, county_user):
    client.force_login(county_user)
    card = card_of(client.get(reverse("dashboard:county")).context["board"], 10)
    assert card.deadline == D(2020, 6, 30)  # the current quarter's end, past 31 March
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("dashboard:county_report")).content)
    )
    sheet = book["目标完成情况"]
    headers = [c.value for c in sheet[2]]
    row = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == 10)
    assert row[headers.index("完成时限")].date() == D(2020, 6, 30)


# --- targets 15 and 16: the difference stated where users read it -------------------------


def test_15_16_state_on_the_card_that_one_counts_completion_the_other_attendance(
    client, county, county_user
):
    client.force_login(county_user)
    page = client.get(reverse("dashboard:county")).content.decode()
    for key in ("shandong_skills_training", "shandong_business_training"):
        assert "目标 15 计“结业”人数" in METRICS[key].definition
        assert "目标 16 计“参加”人数" in METRICS[key].definition
    assert page.count("目标 16 计“参加”人数") == 2  # under 说明 on both cards


# --- target 17: distinct positions --------------------------------------------------------


def test_17_an_employer_at_several_events_offers_its_positions_once(county_user):
    make_recruitment_event(None, "hechuan", employers=[("合川某公司", 40, 25)])
    make_recruitment_event(None, "hechuan", employers=[("合川某公司", 40, 20)], date=D(2020, 6, 1))
    make_recruitment_event(None, "hechuan", employers=[("合川某厂", 10, 4)])
    # naive: 25 + 20 + 4 = 49 advertised; distinct: the company's 25 once, and 4
    assert measure("hechuan_graduate_positions", county_user) == (29, None)
    assert measure("hechuan_graduate_positions", county_user, day=D(2020, 5, 31)) == (29, None)
    assert measure("hechuan_graduate_positions", county_user, day=D(2020, 5, 1)) == (0, None)


# --- target 12's list, kept by the county -------------------------------------------------


def test_12_the_county_flags_key_electronics_employers_in_the_admin(
    client, village_a1, county_user, targets, leader, officer_a
):
    from transfer.demo import KEY_ELECTRONICS, seed_employers
    from transfer.models import Employer

    program = Program.objects.get(code="cq-electronics")
    sent = {"employer": "重庆富士康", "program": program}
    make_episode(make_laborer(village=village_a1), EmploymentKind.IN_CITY, **sent)
    # ✗ found on their own: not the county's sending (送工送岗)
    make_episode(make_laborer(village=village_a1), EmploymentKind.IN_CITY, employer="重庆富士康")
    seed_employers()
    flagged = set(Employer.objects.key_electronics().values_list("name", flat=True))
    assert flagged == set(KEY_ELECTRONICS)  # the demo's Chongqing electronics firms only
    assert Employer.objects.filter(name="合川区某汽配企业", is_key_electronics=False).exists()
    assert measure("cq_electronics", county_user) == (1, None)
    employer = Employer.objects.get(name="重庆富士康")
    client.force_login(county_user)
    url = reverse("admin:transfer_employer_change", args=[employer.pk])
    response = client.post(url, {"name": "重庆富士康", "note": "", "is_key_electronics": ""})
    assert response.status_code == 302
    employer.refresh_from_db()
    assert not employer.is_key_electronics and employer.history.count() == 2
    assert measure("cq_electronics", county_user) == (0, None)
    for user in (leader, officer_a):  # the list is the county bureau's alone
        client.force_login(user)
        response = client.post(url, {"name": "重庆富士康", "is_key_electronics": "on"})
        assert response.status_code in (302, 403)
        employer.refresh_from_db()
        assert not employer.is_key_electronics


# --- target 20: "by 31 March" judged at 31 March ------------------------------------------


def test_20_is_judged_on_the_position_at_its_deadline(client, village_a1, county_user, targets):
    early = make_laborer(village=village_a1, name="早", **WILLING)
    make_episode(early, start=D(2020, 2, 1))
    late = make_laborer(village=village_a1, name="晚", **WILLING)
    make_episode(late, start=D(2020, 4, 10))  # employed after the deadline
    data = board(county_user, day=D(2020, 6, 15))
    card = card_of(data, 20)
    assert (card.reading.numerator.value, card.reading.denominator.value) == (1, 2)
    assert card.reading.day == D(2020, 3, 31) and card.status == "overdue"
    assert (card.current.numerator.value, card.current.denominator.value) == (2, 2)
    client.force_login(county_user)
    listed = client.get(card.reading.numerator.url)
    assert "as_of=2020-03-31" in card.reading.numerator.url
    assert [row[0].text for row in listed.context["rows"]] == ["早"]


# --- as of any date -----------------------------------------------------------------------


def _counts(context):
    if context.get("total") is not None:
        return context["total"]
    return context["page"].paginator.count


def test_as_of_every_number_equals_its_drill_down_list_of_that_date(
    client, county, county_user, django_assert_max_num_queries
):
    """Every card's numbers, extras and township cells as of 31 March equal the lists
    they link to; the lists are the dashboard's drill-downs of that date."""
    client.force_login(county_user)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("dashboard:county") + "?as_of=2020-03-31")
    data = response.context["board"]
    assert data.day == D(2020, 3, 31) and data.past
    assert "预警是当前的情况，按日期回看时不显示" in response.content.decode()
    links = []
    for card in data.cards:
        reading = card.reading
        links += [reading.numerator] + ([reading.denominator] if reading.denominator else [])
        links += [link for link, _ in reading.extras]
    for row in data.rows:
        for reading in filter(None, row.readings):
            links += [reading.numerator] + ([reading.denominator] if reading.denominator else [])
    for link in links:
        assert "as_of=2020-03-31" in link.url, link
        assert _counts(client.get(link.url).context) == link.value, link
    # the records' own dates: a job started on 1 April is not counted on 31 March
    now = card_of(board(county_user, day=D(2020, 6, 15)), 18)
    then = card_of(data, 18)
    assert (now.reading.numerator.value, then.reading.numerator.value) == (3, 0)
    # services dated after 31 March are not counted then (乙 had three by 5 March)
    services = card_of(data, 9)
    assert services.reading.numerator.value == 3


def test_as_of_quarter_ends_fill_before_snapshots_began(county, county_user):
    data = board(county_user, day=D(2020, 6, 15))
    at_march = board(county_user, day=D(2020, 3, 31))
    for card in data.cards:
        if card.reading is None:
            continue
        first = card.quarters[1]
        assert first.reconstructed and 2 not in card.quarters
        assert first.numerator == card_of(at_march, card.target.number).reading.numerator.value


def test_the_first_snapshot_records_earlier_quarter_ends_from_the_records(
    county, county_user, targets
):
    from dashboard.models import MetricSnapshot
    from dashboard.services import snapshot_take

    result = snapshot_take(day=D(2020, 6, 15))
    assert result.reconstructed == [D(2020, 3, 31)]
    march = MetricSnapshot.objects.get(date=D(2020, 3, 31), township=None, target=targets[18])
    assert march.reconstructed and march.numerator == 0  # the transfers began on 1 April
    at_march = card_of(board(county_user, day=D(2020, 3, 31)), 20).reading
    row = MetricSnapshot.objects.get(date=D(2020, 3, 31), township=None, target=targets[20])
    assert (row.numerator, row.denominator) == (
        at_march.numerator.value,
        at_march.denominator.value,
    )
    assert snapshot_take(day=D(2020, 6, 15)).reconstructed == []  # recorded once
    # the board reads them now: its quarter column is the recorded row
    card = card_of(board(county_user, day=D(2020, 6, 15)), 18)
    assert card.quarters[1].pk == march.pk


def test_as_of_the_report_and_the_township_board(client, county, county_user, officer_a):
    client.force_login(county_user)
    response = client.get(reverse("dashboard:county_report") + "?as_of=2020-03-31")
    assert "20200331" in response["Content-Disposition"].encode("latin-1").decode("utf-8")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "截至2020年3月31日" in book["目标完成情况"].cell(row=1, column=1).value
    assert book["预警"].cell(row=3, column=1).value.startswith("预警是当前的情况")
    client.force_login(officer_a)
    own = client.get(reverse("dashboard:township_home") + "?as_of=2020-03-31")
    assert own.context["board"].day == D(2020, 3, 31)
    for card in own.context["board"].cards:
        listed = client.get(card.reading.numerator.url).context
        assert _counts(listed) == card.reading.numerator.value


def test_as_of_a_township_officer_still_sees_only_their_township(
    client, county, officer_a, township_b, targets
):
    client.force_login(officer_a)
    other = reverse("dashboard:township", args=[township_b.pk]) + "?as_of=2020-03-31"
    assert client.get(other).status_code == 404
    drill = reverse("dashboard:drilldown", args=[targets[20].pk, "denominator"])
    rows = client.get(f"{drill}?as_of=2020-03-31").context["rows"]
    assert rows and {row[3].text.split()[0] for row in rows} == {"中和街道"}
    assert client.get(f"{drill}?as_of=2020-03-31&township={township_b.pk}").status_code == 404


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2020-13-45", "截至日期（as_of）无法识别"),
        ("abc", "截至日期（as_of）无法识别"),
        ("2021-01-01", "晚于今天"),
    ],
)
def test_as_of_bad_input_is_explained_in_chinese(client, county_user, value, message):
    client.force_login(county_user)
    response = client.get(reverse("dashboard:county") + f"?as_of={value}")
    assert response.status_code == 200
    assert response.context["board"].day == D(2020, 6, 15)
    assert message in response.content.decode()


# --- stable keys --------------------------------------------------------------------------


def test_targets_name_their_metric_by_a_stable_key(targets):
    assert {t.metric for t in targets.values()} <= set(METRICS)
    # the key is the registry's, not the function's name
    assert METRICS["graduates_employed"].func.__name__ == "graduates_employed_or_preparing"
    assert targets[20].judged_on_deadline and not targets[3].judged_on_deadline


def test_the_migration_converts_function_names_to_keys(targets):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "dashboard.migrations.0002_metric_keys_and_judging_on_deadline"
    )
    target = targets[6]
    target.metric = "training_demand_skilled"
    target.title = "有培训需求者应培尽培并掌握技能"
    target.save()
    migration.forwards(apps, None)
    target.refresh_from_db()
    assert (target.metric, target.title) == ("training_coverage", "有培训需求者应培尽培")
    migration.backwards(apps, None)
    target.refresh_from_db()
    assert target.metric == "training_demand_skilled"


def test_every_metric_states_its_definition(client, county, county_user):
    client.force_login(county_user)
    page = client.get(reverse("dashboard:county")).content.decode()
    for spec in METRICS.values():
        assert spec.definition and spec.definition[:20] in page, spec.key
    assert "可调整的口径：公益性岗位、扶贫车间就业均计为就业" in page


def test_as_of_board_queries_do_not_grow_with_the_data(
    client, county, county_user, village_a1, village_b1, django_assert_max_num_queries
):
    url = reverse("dashboard:county") + "?as_of=2020-03-31"
    client.force_login(county_user)
    # session and user, targets, the counting pass and its UNION, townships, snapshots,
    # rectification summary, warning providers that are not targets' shortfalls
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    klass = make_training_class(None, "苗绣")
    for i in range(12):  # more laborers, jobs, services, trainees, households
        laborer = make_laborer(village=(village_a1, village_b1)[i % 2], **WILLING)
        make_episode(laborer, start=D(2020, 1, 1 + i), end=D(2020, 3, 1) if i % 3 else None)
        make_enrollment(klass, laborer, days_attended=3, completed=bool(i % 2))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert card_of(response.context["board"], 20).reading.denominator.value > 12

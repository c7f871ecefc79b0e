"""The dashboard's figures on a small hand-made county, with the answers worked out by hand,
and each figure's list page showing exactly as many rows as the figure counts."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count

from laborers.choices import EmploymentIntention, EmploymentKind, LaborAbility
from laborers.models import Program
from workshops import selectors
from workshops.services import placement_start
from xiushan_jobs.testing import (
    make_episode,
    make_funding,
    make_laborer,
    make_post,
    make_workshop,
)

pytestmark = pytest.mark.django_db

D = datetime.date
WILLING = {"labor_ability": LaborAbility.ORDINARY, "employment_intention": "县内就业"}


@pytest.fixture
def county(village_a1, village_a2, village_b1):
    """Township A = 中和街道 (villages A1, A2), township B = 隘口镇 (village B1)."""
    a1, a2, b1 = village_a1, village_a2, village_b1
    # --- workshops (target 4: built in 2020 and recognised) -------------------------------
    w1 = make_workshop(a1, name="W1", established_on=D(2020, 3, 1))  # ✓ built 2020
    w2 = make_workshop(a2, name="W2", established_on=D(2019, 5, 1))  # built 2019
    w3 = make_workshop(a1, name="W3", established_on=D(2020, 2, 1), status="申报中")  # applying
    make_workshop(b1, name="W4", established_on=D(2020, 1, 10))  # ✓ built 2020
    w5 = make_workshop(
        b1,
        name="W5",
        established_on=D(2020, 1, 5),
        status="已摘牌",
        recognised_on=D(2020, 2, 1),
        delisted_on=D(2020, 5, 1),
    )  # delisted
    # --- funding (target 5: workshops with 财政涉农资金 in 2020) ----------------------------
    make_funding(w1, amount=300000, date=D(2020, 4, 1))  # ✓ W1
    make_funding(w1, amount=100000, date=D(2020, 5, 1))  # W1 again: counted once
    make_funding(w2, amount=80000, date=D(2019, 8, 1))  # 2019: not this year
    make_funding(w2, "鲁渝援建", date=D(2020, 4, 1))  # Shandong: not 涉农资金
    make_funding(w3, amount=200000, date=D(2020, 3, 1))  # ✓ W3 (still applying)
    make_funding(w5, amount=150000, date=D(2020, 2, 1))  # ✓ W5 (delisted later)
    # --- laborers (target 8) ---------------------------------------------------------------
    p1 = make_post(a1, name="P1", positions=3)
    pb = make_post(b1, name="PB")
    make_laborer(village=a1, name="L1", **WILLING)  # ✓ unplaced
    l2 = make_laborer(
        village=a1,
        name="L2",
        labor_ability=LaborAbility.WEAK,
        employment_intention=EmploymentIntention.ANY,
    )  # ✓ in post
    placement_start(site=p1, laborer=l2, start_date=D(2020, 3, 1))
    l3 = make_laborer(village=a1, name="L3", **WILLING)  # ✓ in post, not linked to a site
    make_episode(l3, EmploymentKind.WELFARE_POST, start=D(2020, 2, 1), employer="村委会")
    l4 = make_laborer(village=a2, name="L4", **WILLING)  # employed: not hard to employ
    make_episode(l4, EmploymentKind.IN_COUNTY, start=D(2020, 2, 1))
    make_laborer(
        village=a2,
        name="L5",
        labor_ability=LaborAbility.ORDINARY,
        employment_intention=EmploymentIntention.NONE,
    )  # not willing
    make_laborer(
        village=a2, name="L6", labor_ability=LaborAbility.LOST, employment_intention="县内就业"
    )  # not labor-capable
    l7 = make_laborer(
        village=b1,
        name="L7",
        labor_ability=LaborAbility.SKILLED,
        employment_intention=EmploymentIntention.OUTSIDE,
    )  # ✓ unplaced
    make_episode(l7, EmploymentKind.OUTSIDE, start=D(2019, 3, 1), end=D(2020, 5, 1))
    l8 = make_laborer(
        village=b1,
        name="L8",
        labor_ability=LaborAbility.ORDINARY,
        employment_intention=EmploymentIntention.NONE,
    )  # in post, not willing
    placement_start(site=pb, laborer=l8, start_date=D(2020, 4, 1))
    # --- local work (target 14, part) --------------------------------------------------------
    local = Program.objects.get(code="local")
    l9 = make_laborer(village=a1, name="L9", **WILLING)  # ✓ workshop from 2020-04
    placement_start(site=w1, laborer=l9, start_date=D(2020, 4, 1))
    l10 = make_laborer(village=a2, name="L10", **WILLING)  # ✓ twice in 2020, counted once
    make_episode(l10, EmploymentKind.WORKSHOP, start=D(2020, 2, 1), end=D(2020, 3, 31))
    make_episode(l10, EmploymentKind.IN_COUNTY, start=D(2020, 4, 10), program=local)
    l11 = make_laborer(village=b1, name="L11", **WILLING)  # local program, but from 2019
    make_episode(l11, EmploymentKind.IN_COUNTY, start=D(2019, 12, 1), program=local)
    l12 = make_laborer(  # workshop started 2019 (and no longer wants work)
        village=b1, name="L12", employment_intention=EmploymentIntention.NONE
    )
    make_episode(l12, EmploymentKind.WORKSHOP, start=D(2019, 6, 1), end=D(2020, 2, 1))
    l13 = make_laborer(village=b1, name="L13", **WILLING)  # in county, no program
    make_episode(l13, EmploymentKind.IN_COUNTY, start=D(2020, 3, 1))


def names(figure) -> set[str]:
    return set(figure.queryset.values_list("name", flat=True))


def test_workshops_built(county, county_user, officer_a, officer_b):
    figure = selectors.workshops_built(user=county_user, year=2020)
    assert (figure.count, names(figure)) == (2, {"W1", "W4"})
    assert selectors.workshops_built(user=officer_a, year=2020).count == 1
    assert selectors.workshops_built(user=officer_b, year=2020).count == 1
    assert names(selectors.workshops_built(user=county_user, year=2019)) == {"W2"}
    # the business date's year by default
    assert selectors.workshops_built(user=county_user).count == 2


def test_workshops_with_agricultural_funds(county, county_user, officer_a, officer_b):
    figure = selectors.workshops_with_agricultural_funds(user=county_user, year=2020)
    assert (figure.count, names(figure)) == (3, {"W1", "W3", "W5"})
    assert selectors.agricultural_funds_total(user=county_user, year=2020) == Decimal(750000)
    assert selectors.workshops_with_agricultural_funds(user=officer_a, year=2020).count == 2
    assert selectors.agricultural_funds_total(user=officer_a, year=2020) == Decimal(600000)
    assert selectors.agricultural_funds_total(user=officer_b, year=2020) == Decimal(150000)
    assert names(selectors.workshops_with_agricultural_funds(user=county_user, year=2019)) == {"W2"}


def test_hard_to_employ_and_posts(county, county_user, officer_a, officer_b):
    denominator = selectors.hard_to_employ(user=county_user)
    numerator = selectors.hard_to_employ_in_posts(user=county_user)
    unplaced = selectors.hard_to_employ_unplaced(user=county_user)
    assert names(denominator) == {"L1", "L2", "L3", "L7"}
    assert names(numerator) == {"L2", "L3"}
    assert names(unplaced) == {"L1", "L7"}
    assert numerator.count + unplaced.count == denominator.count
    assert [
        selectors.hard_to_employ(user=officer_a).count,
        selectors.hard_to_employ_in_posts(user=officer_a).count,
        selectors.hard_to_employ_unplaced(user=officer_a).count,
    ] == [3, 2, 1]
    assert [
        selectors.hard_to_employ(user=officer_b).count,
        selectors.hard_to_employ_in_posts(user=officer_b).count,
        selectors.hard_to_employ_unplaced(user=officer_b).count,
    ] == [1, 0, 1]


def test_local_work(county, county_user, officer_a, officer_b):
    figure = selectors.local_work_laborers(user=county_user, year=2020)
    assert (figure.count, names(figure)) == (2, {"L9", "L10"})
    assert selectors.local_work_laborers(user=officer_a, year=2020).count == 2
    assert selectors.local_work_laborers(user=officer_b, year=2020).count == 0
    assert names(selectors.local_work_laborers(user=county_user, year=2019)) == {"L11", "L12"}


def test_figures_break_down_by_township(county, county_user):
    figure = selectors.hard_to_employ(user=county_user)
    rows = (
        figure.queryset.values(f"{figure.township_path}__name")
        .annotate(n=Count("pk"))
        .values_list(f"{figure.township_path}__name", "n")
    )
    assert dict(rows) == {"中和街道": 3, "隘口镇": 1}
    figure = selectors.workshops_built(user=county_user, year=2020)
    rows = figure.queryset.values(f"{figure.township_path}__name").annotate(n=Count("pk"))
    assert {r[f"{figure.township_path}__name"]: r["n"] for r in rows} == {
        "中和街道": 1,
        "隘口镇": 1,
    }


FIGURES = [
    lambda user: selectors.workshops_built(user=user, year=2020),
    lambda user: selectors.workshops_with_agricultural_funds(user=user, year=2020),
    lambda user: selectors.hard_to_employ(user=user),
    lambda user: selectors.hard_to_employ_in_posts(user=user),
    lambda user: selectors.hard_to_employ_unplaced(user=user),
    lambda user: selectors.local_work_laborers(user=user, year=2020),
]


@pytest.mark.parametrize("figure_of", FIGURES)
def test_each_figure_links_to_a_list_of_exactly_its_rows(
    county, client, county_user, officer_a, officer_b, figure_of
):
    for user in (county_user, officer_a, officer_b):
        figure = figure_of(user)
        client.force_login(user)
        response = client.get(figure.url)
        assert response.status_code == 200
        page = response.context["page"]
        assert page.paginator.count == figure.count
        assert {o.pk for o in page.object_list} == set(figure.queryset.values_list("pk", flat=True))


def test_the_warning_counts_its_list(county, client, officer_a):
    from workshops.contributions import unplaced_warning

    [warning] = unplaced_warning(officer_a)
    assert warning.count == 1
    client.force_login(officer_a)
    page = client.get(warning.url).context["page"]
    assert [o.name for o in page.object_list] == ["L1"]

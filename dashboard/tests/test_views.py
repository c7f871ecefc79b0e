"""Who sees which board, what the drill-down refuses, the navigation, targets as data, and
constant query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboard.models import Target
from laborers.choices import EmploymentKind, LaborAbility
from laborers.models import Township
from xiushan_jobs.testing import (
    make_episode,
    make_laborer,
    make_recruitment_event,
    make_village,
    make_workshop,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def test_anonymous_users_go_to_the_login_page(client, township_a, targets):
    urls = [
        reverse("dashboard:county"),
        reverse("dashboard:county_report"),
        reverse("dashboard:township_home"),
        reverse("dashboard:township", args=[township_a.pk]),
        reverse("dashboard:drilldown", args=[targets[1].pk, "numerator"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")


def test_the_dashboard_is_the_home_of_the_county_and_leaders(
    client, county_user, leader, officer_a
):
    for user in (county_user, leader):
        client.force_login(user)
        assert client.get("/").url == reverse("dashboard:county")
        nav = [
            item["label"] for item in client.get(reverse("dashboard:county")).context["nav_items"]
        ]
        assert nav[:2] == ["目标看板", "全县概况"]
    client.force_login(officer_a)
    assert client.get("/").url == reverse("laborers:workspace")
    nav = [item["label"] for item in client.get(reverse("laborers:workspace")).context["nav_items"]]
    assert nav[:2] == ["工作台", "目标进展"]
    # an officer asking for the county board lands on their own
    assert client.get(reverse("dashboard:county")).url == reverse("dashboard:township_home")
    response = client.get(reverse("dashboard:county_report"))
    assert response.url == reverse("dashboard:township_report", args=[officer_a.township_id])


def test_officers_see_their_own_township_only(
    client, county, county_user, officer_b, township_a, township_b, village_a1, targets
):
    client.force_login(officer_b)
    assert client.get(reverse("dashboard:township", args=[township_a.pk])).status_code == 404
    report = reverse("dashboard:township_report", args=[township_a.pk])
    assert client.get(report).status_code == 404
    own = client.get(reverse("dashboard:township", args=[township_b.pk]))
    assert own.status_code == 200 and own.context["board"].township == township_b
    # the drill-down refuses another township's or village's rows
    drilldown = reverse("dashboard:drilldown", args=[targets[20].pk, "denominator"])
    assert client.get(f"{drilldown}?township={township_a.pk}").status_code == 404
    assert client.get(f"{drilldown}?village={village_a1.pk}").status_code == 404
    assert client.get(f"{drilldown}?township=x").status_code == 404
    # and without an area shows the officer's own rows: what the county sees of B
    mine = client.get(drilldown).context
    assert {row[3].text.split()[0] for row in mine["rows"]} == {"隘口镇"}
    client.force_login(county_user)
    of_b = client.get(f"{drilldown}?township={township_b.pk}").context
    assert of_b["page"].paginator.count == mine["page"].paginator.count > 0
    assert of_b["page"].paginator.count < client.get(drilldown).context["page"].paginator.count


def test_drilldown_lists_a_part_and_says_what_it_counts(client, county, county_user, targets):
    client.force_login(county_user)
    response = client.get(reverse("dashboard:drilldown", args=[targets[18].pk, "numerator"]))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3  # 戊 in each village
    html = response.content.decode()
    assert "转移 50 名新生代劳动力到重庆主城及合川区就业" in html  # the plan's sentence
    assert "1980 年 1 月 1 日及以后出生" in html  # the metric's own definition
    assert "500241********" in html  # ID numbers masked
    # a rate's two parts point at each other
    rate = client.get(reverse("dashboard:drilldown", args=[targets[2].pk, "numerator"]))
    assert rate.context["other_url"].endswith("/denominator/")
    # a sum shows its total
    positions = client.get(reverse("dashboard:drilldown", args=[targets[17].pk, "numerator"]))
    assert positions.context["total"] == 29
    assert positions.context["page"].paginator.count == 2  # the two employers
    # what does not exist
    for url in (
        reverse("dashboard:drilldown", args=[targets[3].pk, "denominator"]),  # a count
        reverse("dashboard:drilldown", args=[targets[1].pk, "nothing"]),
        reverse("dashboard:drilldown", args=[99999, "numerator"]),
        # positions offered belong to no township
        reverse("dashboard:drilldown", args=[targets[17].pk, "numerator"]) + "?township=1",
    ):
        assert client.get(url).status_code == 404, url


def test_pages_refuse_other_methods_and_leaders_change_nothing(
    client, county, leader, officer_a, township_a, targets
):
    client.force_login(leader)
    for url in (
        reverse("dashboard:county"),
        reverse("dashboard:township", args=[township_a.pk]),
        reverse("dashboard:drilldown", args=[targets[1].pk, "numerator"]),
        reverse("dashboard:county_report"),
    ):
        assert client.post(url).status_code == 405
    page = client.get(reverse("dashboard:county")).content.decode()
    # no form that changes anything (the as-of date is a GET form)
    assert 'method="post"' not in page.replace('<form method="post" action="/logout/">', "")
    # the targets are changed in the admin, which is the county bureau's alone
    for user in (leader, officer_a):
        client.force_login(user)
        assert client.get(reverse("admin:dashboard_target_changelist")).status_code == 302
    figure = targets[12].figure
    client.post(reverse("admin:dashboard_target_change", args=[targets[12].pk]), {"figure": "1"})
    targets[12].refresh_from_db()
    assert targets[12].figure == figure


def test_the_county_edits_a_figure_and_the_card_follows(client, county, county_user, targets):
    county_user.is_staff = True
    county_user.save()
    client.force_login(county_user)
    target = targets[12]
    url = reverse("admin:dashboard_target_change", args=[target.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: form.initial.get(name, "")
        for name in form.fields
        if form.initial.get(name) is not None
    }
    data.update(
        figure="2",
        deadline="2020-12-31",
        in_township_table="",
        repeats_quarterly="",
        is_active="on",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert target.figure == Decimal(2)
    assert target.history.count() == 1  # changes of a target keep their history
    card = next(
        c for c in client.get(reverse("dashboard:county")).context["cards"] if c.target == target
    )
    assert card.reading.numerator.value == 3 and card.status == "met"


def test_next_years_plan_is_new_rows(client, county_user, settings):
    Target.objects.create(
        plan_year=2021,
        number=1,
        title="有意愿劳动力就业",
        source_section="2021年方案",
        source_text="……",
        figure=Decimal(95),
        unit="%",
        deadline=D(2021, 12, 31),
        metric="willing_employed",
    )
    client.force_login(county_user)
    assert len(client.get(reverse("dashboard:county")).context["cards"]) == 20
    settings.XJ_TODAY = D(2021, 3, 1)
    cards = client.get(reverse("dashboard:county")).context["cards"]
    assert [(c.target.plan_year, c.target.title) for c in cards] == [(2021, "有意愿劳动力就业")]


def test_a_target_whose_metric_is_gone_says_so(client, county_user, targets):
    Target.objects.filter(pk=targets[4].pk).update(metric="retired_metric")
    client.force_login(county_user)
    card = next(
        c for c in client.get(reverse("dashboard:county")).context["cards"] if c.target.number == 4
    )
    assert card.reading is None and "计算方法未注册" in card.unavailable


def test_the_page_works_without_javascript(client, county, county_user):
    """Numbers, links and the table are in the HTML; the charts' data ride along as JSON
    for the vendored Chart.js, never from a CDN."""
    client.force_login(county_user)
    html = client.get(reverse("dashboard:county")).content.decode()
    assert 'id="dashboard-chart-data" type="application/json"' in html
    assert "vendor/chartjs/chart.umd.js" in html
    assert "cdn" not in html.lower()
    assert "<noscript>" in html
    assert html.count('class="table area-table"') == 1


def _more_data(n: int, village):
    """``n`` more laborers of every kind in another township."""
    for i in range(n):
        laborer = make_laborer(
            village=village,
            labor_ability=LaborAbility.ORDINARY,
            employment_intention="均可",
            is_college_graduate=i % 3 == 0,
        )
        if i % 2:
            make_episode(laborer, EmploymentKind.IN_CITY, start=D(2020, 2, 1))
    make_workshop(village, established_on=D(2020, 1, 5))
    make_recruitment_event(village.township, "hechuan", employers=[(f"企业{n}", 5, 2)])


@pytest.mark.parametrize("extra", [0, 40])
def test_query_counts_do_not_grow_with_the_data(
    client,
    county,
    county_user,
    officer_a,
    township_a,
    targets,
    extra,
    django_assert_max_num_queries,
):
    if extra:
        for name in ("梅江镇", "石耶镇", "峨溶镇"):
            _more_data(extra, make_village(Township.objects.get(name=name)))
    client.force_login(county_user)
    # session and user 2; targets 1; programs none (joined by code); the laborer pass 1
    # (+ the settings of the statement on PostgreSQL); the other parts' UNION 1; townships
    # 1; snapshots 1; the warning providers' lines (laborers 5, workshops 1, rectification 1);
    # the rectification summary 1; the selectors' own counts until they are lazy
    with django_assert_max_num_queries(30):
        assert client.get(reverse("dashboard:county")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("dashboard:township", args=[township_a.pk])).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("dashboard:county_report")).status_code == 200
    client.force_login(officer_a)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("dashboard:township_home")).status_code == 200
    # a drill-down: session, user, target, its count, the page's ids, the page's rows
    with django_assert_max_num_queries(12):
        url = reverse("dashboard:drilldown", args=[targets[20].pk, "denominator"])
        assert client.get(url).status_code == 200


def test_a_townships_counts_are_its_share_of_the_countys(client, county, officer_a):
    """120 people to the electronics firms is the county's figure: a township's number is its
    contribution, not judged against it; its rates are judged as the county's are."""
    client.force_login(officer_a)
    board = client.get(reverse("dashboard:township_home")).context["board"]
    cards = {card.target.number: card for card in board.cards}
    assert cards[12].status == "share" and cards[12].reading.progress.ratio is None
    assert cards[20].status in ("met", "on_track", "behind", "overdue")
    assert cards[3].status in ("met", "behind", "overdue")  # zero households: each area's
    assert "share" not in {status for status, _ in board.status_counts}
    html = client.get(reverse("dashboard:township_home")).content.decode()
    assert "全县目标 120 人" in html

"""预警: each count links to a list of exactly that many records; other apps' warnings
appear on the same page."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from laborers import choices
from laborers.views import summary as summary_views
from laborers.warning_rules import RULES, RULES_BY_KEY, laborer_warning_provider
from xiushan_jobs.lib import extensions
from xiushan_jobs.testing import make_episode, make_household, make_laborer, make_service

pytestmark = pytest.mark.django_db
SURVEYED = datetime.date(2020, 5, 1)  # this quarter (the business date is 2020-06-15)


def scenario(village):
    """One or more laborers breaking each rule, and some breaking none."""
    fine = dict(last_surveyed_on=SURVEYED)
    relocated = make_household(village, relocated=True)
    make_laborer(relocated, employment_intention=choices.EmploymentIntention.OUTSIDE, **fine)
    make_episode(
        make_laborer(relocated, employment_intention=choices.EmploymentIntention.ANY, **fine)
    )
    make_laborer(
        village=village,
        is_college_graduate=True,
        graduation_year=2019,
        employment_intention="县内就业",
        **fine,
    )
    make_laborer(
        village=village,
        is_college_graduate=True,
        graduation_year=2019,
        in_employment_preparation=True,
        **fine,
    )
    served = make_laborer(village=village, employment_intention="县内就业", **fine)
    for day in (1, 2, 3):
        make_service(served, date=datetime.date(2020, 2, day))
    make_episode(served)
    make_laborer(village=village, wants_training=True, employment_intention="无就业意愿")
    make_laborer(village=village, labor_ability=choices.LaborAbility.NONE, **fine)


@pytest.fixture
def warned(village_a1, village_a2, village_b1):
    for village in (village_a1, village_a2, village_b1):
        scenario(village)


def followed_count(client, url: str) -> int:
    path, query = urlsplit(url).path, urlsplit(url).query
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    if "totals" in response.context:
        return response.context["totals"]["laborers"]
    return response.context["page"].paginator.count


@pytest.mark.parametrize("user", ["officer_a", "officer_b", "village_officer", "county_user"])
def test_every_count_equals_its_list(client, warned, request, user):
    client.force_login(request.getfixturevalue(user))
    response = client.get(reverse("laborers:warnings"))
    mine = {rule.key for rule in RULES}
    warnings = {w.key: w for w in response.context["warnings"] if w.key in mine}
    assert set(warnings) == {
        "zero_employment",
        "relocated_unemployed",
        "graduate_idle",
        "few_services",
        "not_updated",
    }
    for warning in warnings.values():
        assert warning.count == followed_count(client, warning.url), warning.key
        assert warning.count > 0, warning.key


def test_counts_per_rule_for_one_village(client, warned, village_officer):
    client.force_login(village_officer)
    response = client.get(reverse("laborers:warnings"))
    warnings = {w.key: w.count for w in response.context["warnings"] if w.key in RULES_BY_KEY}
    assert warnings == {
        # the idle graduate's household: a capable member willing to work, nobody employed
        # (the graduate preparing and the trainee do not want a job: not zero-employment)
        "zero_employment": 1,
        "relocated_unemployed": 1,
        "graduate_idle": 1,
        # willing or wanting training with fewer than 3 services this year
        "few_services": 4,
        "not_updated": 1,
    }


def test_zero_employment_laborers_can_be_listed_too(client, warned, village_officer):
    client.force_login(village_officer)
    response = client.get(reverse("laborers:laborer_list"), {"warning": "zero_employment"})
    assert response.context["totals"] == {
        "laborers": 1,
        "employed": 0,
        "unemployed": 1,
        "households": 1,
    }


def test_any_warning(client, warned, village_officer):
    client.force_login(village_officer)
    response = client.get(reverse("laborers:laborer_list"), {"warning": "any"})
    # everyone but the worker with three services, the laborer unable to work and the
    # graduate preparing for work (whose household wants no job: not zero-employment)
    listed = {row.pk for row in response.context["rows"]}
    assert response.context["totals"]["laborers"] == len(listed) == 4


def test_warnings_of_other_apps_are_rendered(client, warned, officer_a, request):
    def rectification(user):
        return [
            extensions.Warning(
                key="overdue_tasks",
                label="逾期整改任务",
                count=2,
                url="/rectification/?overdue=1",
                help="已过整改期限仍未销号。",
                severity="danger",
            )
        ]

    extensions.register_warning_provider(rectification)
    request.addfinalizer(lambda: extensions.warning_providers.remove(rectification))
    client.force_login(officer_a)
    page = client.get(reverse("laborers:warnings")).content.decode()
    assert "逾期整改任务" in page and "/rectification/?overdue=1" in page
    assert "已过整改期限仍未销号" in page and "warning-danger" in page


def test_help_names_the_quarter_and_its_deadline(client, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("laborers:warnings")).content.decode()
    assert "2020年第2季度截止 2020-06-30" in page and "2020-03-31" in page


@pytest.mark.parametrize("villages", [1, 3])
def test_query_count_does_not_grow(
    client,
    village_a1,
    village_a2,
    village_b1,
    officer_a,
    villages,
    django_assert_max_num_queries,
    monkeypatch,
):
    for village in (village_a1, village_a2, village_b1)[:villages]:
        scenario(village)
    # this app's lines only: other apps' providers answer for their own queries
    monkeypatch.setattr(summary_views, "warning_providers", [laborer_warning_provider])
    client.force_login(officer_a)
    # session, user, one count per rule
    with django_assert_max_num_queries(7):
        assert client.get(reverse("laborers:warnings")).status_code == 200

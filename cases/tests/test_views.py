"""The case pages: 我的待办, the list, one case and what can be done on it, the county's
handling figures (each links to a list of exactly that many cases)."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Case, CaseAction, CaseStatus
from cases.services import cases_sync
from laborers.services import laborer_mark_surveyed
from xiushan_jobs.testing import make_laborer

pytestmark = pytest.mark.django_db

D = datetime.date


def _cases(village, n, *, day=None):
    # without labor ability: only the quarterly survey rule fires
    laborers = [make_laborer(village=village, labor_ability="无劳动力") for _ in range(n)]
    cases_sync(laborer_ids=[p.pk for p in laborers], day=day)
    return list(Case.objects.filter(laborer__in=laborers, rule__key="not_updated"))


@pytest.mark.parametrize("size", [1, 12])
def test_todo_on_the_workspace_most_urgent_first(
    client, village_a1, officer_a, size, django_assert_max_num_queries, monkeypatch
):
    from laborers.views import summary

    # the warning providers answer for their own queries
    monkeypatch.setattr(summary, "warning_providers", [])
    old = _cases(village_a1, size, day=D(2020, 4, 1))  # long overdue: escalated
    new = _cases(village_a1, 1)
    client.force_login(officer_a)
    # session, user, breakdown, villages, survey progress, my services; the to-do
    # counts and the to-do page
    with django_assert_max_num_queries(9):
        response = client.get(reverse("laborers:workspace"))
    html = response.content.decode()
    assert "我的待办" in html
    shown = [c.pk for c in response.context["top_sections"] and _todo(response)]
    # escalated cases first; the new one, due in 30 days, last (or beyond the first 8)
    assert shown[0] == old[0].pk
    if size < 8:
        assert shown[-1] == new[0].pk
    else:
        assert new[0].pk not in shown
    assert "逾期报县" in html


def _todo(response):
    from cases.contributions import todo_section

    return todo_section(response.wsgi_request).context["todo"]


def test_todo_is_not_shown_to_county_or_leader(client, village_a1, county_user):
    _cases(village_a1, 1)
    client.force_login(county_user)
    assert "我的待办" not in client.get(reverse("laborers:workspace")).content.decode()


def test_a_township_officer_never_sees_another_townships_cases(
    client, village_a1, village_b1, officer_b
):
    (case_a,) = _cases(village_a1, 1)
    (case_b,) = _cases(village_b1, 1)
    client.force_login(officer_b)
    page = client.get(reverse("cases:list")).context["page"]
    assert [c.pk for c in page] == [case_b.pk]
    assert client.get(reverse("cases:detail", args=[case_a.pk])).status_code == 404
    response = client.post(reverse("cases:note", args=[case_a.pk]), {"text": "x"})
    assert response.status_code == 404
    assert not CaseAction.objects.exists()


@pytest.mark.parametrize("size", [2, 30])
def test_case_list_queries_do_not_grow(
    client, village_a1, county_user, size, django_assert_max_num_queries
):
    _cases(village_a1, size)
    client.force_login(county_user)
    # session, user, count, page (rule, laborer, village, township, helper joined), rules,
    # townships
    with django_assert_max_num_queries(7):
        response = client.get(reverse("cases:list"), {"state": "open"})
    assert response.context["page"].paginator.count == size


def test_verify_note_then_the_case_closes_when_a_service_clears_it(
    client, village_a1, village_officer
):
    (case,) = _cases(village_a1, 1)
    client.force_login(village_officer)
    url = reverse("cases:detail", args=[case.pk])
    assert client.get(reverse("cases:verify", args=[case.pk])).status_code == 405
    response = client.post(
        reverse("cases:verify", args=[case.pk]), {"result": "属实", "text": "入户"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.HELPING
    # a bad form: a clear message, nothing saved, no error page
    response = client.post(reverse("cases:note", args=[case.pk]), {"text": ""}, follow=True)
    assert "未保存" in response.content.decode()
    detail = client.get(url).content.decode()
    assert "修改调查信息" in detail  # one tap to the form that resolves it
    laborer_mark_surveyed(laborer=case.laborer, by=village_officer)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLEARED
    detail = client.get(url).content.decode()
    assert "解除：调查更新" in detail and "核实走访" in detail


def test_dismissal_is_approved_by_the_township_and_supervising_is_the_countys(
    client, village_a1, village_officer, officer_a, county_user, leader
):
    (case,) = _cases(village_a1, 1)
    client.force_login(village_officer)
    client.post(reverse("cases:dismiss", args=[case.pk]), {"reason": "迁出", "note": "举家迁出"})
    assert client.post(reverse("cases:approve", args=[case.pk])).status_code == 403
    assert (
        client.post(reverse("cases:supervise", args=[case.pk]), {"text": "快"}).status_code == 403
    )
    client.force_login(leader)
    assert client.post(reverse("cases:approve", args=[case.pk])).status_code == 403
    client.force_login(county_user)
    client.post(reverse("cases:supervise", args=[case.pk]), {"text": "请本周办结"})
    case.refresh_from_db()
    assert case.supervised_on == D(2020, 6, 15)
    client.force_login(officer_a)
    assert "请本周办结" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    client.post(reverse("cases:approve", args=[case.pk]))
    case.refresh_from_db()
    case.laborer.refresh_from_db()
    assert case.status == CaseStatus.DISMISSED
    assert case.laborer.labor_ability == "无劳动力"


def test_handling_figures_link_to_lists_of_the_same_size(
    client, village_a1, village_b1, county_user, officer_a
):
    cases = _cases(village_a1, 3, day=D(2020, 5, 1)) + _cases(village_b1, 2, day=D(2020, 5, 1))
    # one cleared on time (due 2020-05-31), one late
    cleared_on_time, cleared_late = cases[0], cases[1]
    for case, day in ((cleared_on_time, D(2020, 5, 20)), (cleared_late, D(2020, 6, 10))):
        case.laborer.last_surveyed_on = day
        case.laborer.save()
        cases_sync(laborer_ids=[case.laborer_id], day=day)
    client.force_login(county_user)
    response = client.get(reverse("cases:handling"), {"year": 2020})
    handling = response.context["handling"]
    total = handling.total
    assert (total.total, total.handled, total.on_time, total.open) == (5, 2, 1, 3)
    assert total.handling_rate == 40.0 and total.on_time_rate == 50.0
    assert total.median_days == (19 + 40) / 2
    html = response.content.decode()
    for row in [*handling.by_township, *handling.by_rule, total]:
        for state, expected in (
            ("escalated", row.escalated),
            ("all", row.total),
            ("handled", row.handled),
            ("on_time", row.on_time),
            ("open", row.open),
        ):
            url = row.url() + f"&state={state}"
            assert row.url().replace("&", "&amp;") + f"&state={state}" in html
            listed = client.get(url).context["page"].paginator.count
            assert listed == expected, (row.label, state)


def test_the_dashboard_and_its_report_hold_the_handling_figures(client, village_a1, county_user):
    import io

    import openpyxl

    _cases(village_a1, 2, day=D(2020, 5, 1))
    client.force_login(county_user)
    page = client.get(reverse("dashboard:county"))
    handling = page.context["handling"]
    assert handling.total.total == 2
    assert "预警处置：处置率与及时率" in page.content.decode()
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("dashboard:county_report")).content)
    )
    sheet = book["预警处置"]
    header = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
    assert header[1:6] == ("预警", "处置中", "逾期", "报县督办", "已处置")
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0]}
    # opened, open, overdue, escalated (due 05-31, +15 days: 06-15), handled
    assert rows["中和街道"][1:6] == (2, 2, 2, 2, 0)

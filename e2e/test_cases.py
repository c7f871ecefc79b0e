"""A village day on a phone (375 px), warning cases: the officer opens today's most
urgent case from 我的待办, records a job from the case, and the case closes by itself."""

import datetime

import pytest
from playwright.sync_api import expect

from cases.models import Case, CaseStatus
from cases.services import cases_sync
from e2e.conftest import PHONE
from laborers.choices import ServiceKind
from xiushan_jobs.testing import make_episode, make_household, make_laborer, make_service

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_officer_closes_the_most_urgent_case_by_recording_a_job(
    browser, live_server, login, shot, officer_a, village_a1
):
    household = make_household(village_a1)
    make_episode(make_laborer(household, name="杨在岗", last_surveyed_on=datetime.date(2020, 6, 1)))
    idle = make_laborer(
        household,
        name="田小兰",
        employment_intention="县内就业",
        last_surveyed_on=datetime.date(2020, 6, 1),
    )
    for kind in (ServiceKind.POLICY, ServiceKind.CARE, ServiceKind.JOB_RECOMMENDATION):
        make_service(idle, kind=kind, date=datetime.date(2020, 5, 2))
    # warned six weeks ago: overdue and escalated to the county by now
    cases_sync(laborer_ids=[idle.pk], day=datetime.date(2020, 5, 1), event="规则核查")
    urgent = Case.objects.get(laborer=idle)
    assert urgent.rule.key == "unplaced"
    # a case raised today, less urgent
    cases_sync(laborer_ids=[make_laborer(village=village_a1, name="周未更新").pk])

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, "officer_a")
    todo = page.locator(".todo-item")
    expect(todo.first).to_contain_text("田小兰")
    expect(todo.first).to_contain_text("逾期报县")
    fits(page)
    shot(page, "todo")

    todo.first.locator("a").click()
    expect(page.locator("h1")).to_contain_text("有就业意愿、未就业且未安置公益性岗位")
    expect(page.locator(".case-status")).to_contain_text("待核实")
    fits(page)
    shot(page, "case")

    page.click(".btn:has-text('登记就业')")
    page.select_option("select[name=kind]", "县内务工")
    page.fill("input[name=employer]", "秀山县工业园区某电子厂")
    page.fill("input[name=place]", "秀山县")
    page.fill("input[name=start_date]", "2020-06-15")
    fits(page)
    shot(page, "job-form")
    page.click("button:has-text('保存')")

    # back on the case: closed by the job, with the event that closed it
    expect(page.locator(".case-status")).to_contain_text("已解除")
    expect(page.locator(".case-cleared")).to_contain_text("登记就业")
    expect(page.locator(".timeline")).to_contain_text("秀山县工业园区某电子厂")
    fits(page)
    shot(page, "case-closed")
    urgent.refresh_from_db()
    assert urgent.status == CaseStatus.CLEARED
    assert urgent.cleared_on == datetime.date(2020, 6, 15)
    context.close()

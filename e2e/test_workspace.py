"""A village officer's day on a phone: find a laborer, log a service in three taps, reveal
the ID number (logged), mark the survey done, check the household and the warnings; no
page scrolls sideways. A leader reads the same laborer without any button that writes."""

import pytest
from playwright.sync_api import expect

from audit.models import AccessLog
from e2e.conftest import PHONE
from laborers.models import Service
from xiushan_jobs.testing import make_episode, make_household, make_laborer, make_service

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


@pytest.fixture
def village(village_a1, officer_a):
    household = make_household(village_a1, relocated=True)
    laborer = make_laborer(
        household,
        name="欧阳晓燕",
        phone="13912345678",
        employment_intention="市外就业",
        note="常年在外，春节回乡。" * 4,
    )
    make_episode(
        make_laborer(household, name="欧阳大山", relationship="配偶"),
        employer="重庆市秀山土家族苗族自治县某某电子科技有限公司",
        place="秀山县",
    )
    make_service(laborer, officer=officer_a, note="电话联系，介绍了县工业园区的岗位。")
    for i in range(30):
        make_laborer(village=village_a1, name=f"成员{i:02d}")
    return laborer


def test_village_officer_logs_a_service_in_three_taps(
    browser, live_server, login, shot, village, village_officer
):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, "village_a1")
    expect(page.locator("h1")).to_contain_text("工作台")
    fits_the_phone(page)
    shot(page, "workspace")

    page.fill("#ws-q", "晓燕")
    page.click("button:has-text('查找')")
    expect(page.locator(".totals")).to_contain_text("共 1 人")
    fits_the_phone(page)
    shot(page, "search")

    page.click("a:has-text('欧阳晓燕')")  # tap 1: the laborer
    expect(page.locator("h1")).to_contain_text("欧阳晓燕")
    expect(page.locator("#identity")).to_contain_text("139****5678")
    fits_the_phone(page)
    shot(page, "detail")
    page.click("button.chip:has-text('关心关爱')")  # tap 2: the kind; the date is today
    expect(page.locator(".msg-success")).to_contain_text("已登记")
    service = Service.objects.get(laborer=village, kind="关心关爱")
    assert (str(service.date), service.officer.username) == ("2020-06-15", "village_a1")
    # back on the search's list, where the officer came from
    expect(page.locator(".totals")).to_contain_text("共 1 人")
    shot(page, "service-logged")
    page.click("a:has-text('欧阳晓燕')")

    page.click("button:has-text('查看完整号码')")
    expect(page.locator("#identity")).to_contain_text(village.id_number)
    assert AccessLog.objects.filter(action="reveal", object_id=village.pk).count() == 1
    page.reload()
    expect(page.locator("#identity")).not_to_contain_text(village.id_number)

    page.click("button:has-text('标记已调查更新')")
    expect(page.locator(".msg-success")).to_contain_text("2020-06-15")

    for path in (
        f"/laborers/households/{village.household_id}/",
        "/laborers/people/?warning=few_services",
        "/laborers/warnings/",
        "/laborers/quality/",
        f"/laborers/people/{village.pk}/edit/",
    ):
        page.goto(f"{live_server.url}{path}")
        fits_the_phone(page)
    shot(page, "edit")
    context.close()


def test_leader_reads_without_write_buttons(browser, live_server, login, village, leader):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, "leader")
    page.goto(f"{live_server.url}/laborers/people/{village.pk}/")
    expect(page.locator("h1")).to_contain_text("欧阳晓燕")
    for label in ("编辑", "标记已调查更新", "查看完整号码", "登记就业"):
        expect(page.locator(f"text={label}")).to_have_count(0)
    expect(page.locator("button.chip")).to_have_count(0)
    fits_the_phone(page)
    context.close()

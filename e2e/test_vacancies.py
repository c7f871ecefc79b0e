"""岗位信息推送 on a phone (375 px): a township officer opens a vacancy, pushes it to three of
its matches in one action, marks one hired; the laborer's page then shows the new job and
the 岗位推荐 service. The public page opens without signing in."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import PHONE
from laborers.models import Service
from vacancies.models import Answer, PushedLaborer
from vacancies.tests.conftest import make_vacancy
from xiushan_jobs.testing import make_laborer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_officer_matches_pushes_and_hires_on_a_phone(
    browser, live_server, login, shot, officer_a, village_a1, village_a2, township_a
):
    names = ["田小兰", "杨春花", "吴大山"]
    for name in names:
        make_laborer(village=village_a1, name=name, employment_intention="县内就业")
    make_laborer(village=village_a2, name="不愿外出", employment_intention="无就业意愿")
    vacancy = make_vacancy(work_township=township_a)

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, "officer_a")
    page.goto(f"{live_server.url}/vacancies/")
    page.click(f"a:has-text('{vacancy.title}')")
    expect(page.locator("h1")).to_contain_text("缝纫工")
    matches = page.locator("#matches")
    for name in names:
        expect(matches).to_contain_text(name)
    expect(matches).not_to_contain_text("不愿外出")
    fits(page)
    shot(page, "matches")

    for name in names:
        page.locator("#matches tr", has_text=name).locator("input[type=checkbox]").check()
    page.select_option("#id_channel", "微信")
    page.click("button:has-text('推送给所选劳动力')")
    expect(page.locator(".msg-success")).to_contain_text("已向 3 名劳动力推送")
    expect(page.locator("#count-pushed")).to_have_text("3")
    fits(page)
    shot(page, "pushed")
    assert Service.objects.filter(kind="岗位推荐", channel="微信", officer=officer_a).count() == 3

    page.locator("#recipients tr", has_text="田小兰").locator("a:has-text('登记答复')").click()
    page.select_option("#id_answer", "hired")
    page.fill("#id_monthly_income", "3200")
    fits(page)
    shot(page, "answer")
    page.click("button:has-text('保存答复')")
    expect(page.locator(".msg-success")).to_contain_text("已登记 田小兰 的答复")
    expect(page.locator("#count-hired")).to_have_text("1")
    hired = PushedLaborer.objects.get(laborer__name="田小兰")
    assert hired.answer == Answer.HIRED and hired.episode is not None
    shot(page, "hired")

    page.locator("#recipients a:has-text('田小兰')").click()
    expect(page.locator("h1")).to_contain_text("田小兰")
    main = page.locator("main")
    expect(main).to_contain_text("秀山县某服装厂")  # the job
    expect(main).to_contain_text("岗位推荐")  # the service
    expect(main).to_contain_text("已录用")  # the push section
    fits(page)
    shot(page, "laborer")

    # the public page, signed out
    public = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/jobs/")
    expect(public.locator("main")).to_contain_text("缝纫工")
    expect(public.locator("main")).not_to_contain_text("田小兰")
    fits(public)
    shot(public, "public")

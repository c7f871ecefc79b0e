"""The county bureau's morning: the dashboard is home, a target's figure opens the list
behind it with the same count, the report downloads; on a phone and without JavaScript
the numbers and links are all there."""

import openpyxl
import pytest
from playwright.sync_api import expect

from dashboard.tests.data import build_county
from e2e.conftest import PHONE
from laborers.models import Township
from xiushan_jobs.testing import make_village

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo_county(db):
    a = Township.objects.get(name="中和街道")
    b = Township.objects.get(name="隘口镇")
    build_county(make_village(a, "凤鸣村"), make_village(a, "太平村"), make_village(b, "坝芒村"), a)


def number(locator) -> int:
    return int(locator.inner_text().replace(",", ""))


def test_county_bureau_reads_the_dashboard(
    browser, live_server, login, shot, demo_county, county_user, tmp_path
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, "county")
    expect(page).to_have_url(f"{live_server.url}/dashboard/")  # the bureau's home
    expect(page.locator("h1")).to_contain_text("2020年就业扶贫目标看板")
    expect(page.locator(".target-card")).to_have_count(20)
    # the vendored Chart.js drew the charts
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-progress')")
    assert page.evaluate("Chart.getChart('chart-areas').data.labels.length") == 27
    shot(page, "dashboard")

    # target 20's denominator: a drill-down with the same count
    card = page.locator("#target-20")
    link = card.locator(".target-counts a").nth(1)
    expected = number(link)
    link.click()
    expect(page.locator("h1")).to_contain_text("有劳动能力、有就业意愿的劳动力")
    assert number(page.locator(".drilldown-count")) == expected
    shot(page, "drilldown")

    # target 1's denominator: the laborer list filtered to graduates
    page.go_back()
    link = page.locator("#target-1 .target-counts a").nth(1)
    expected = number(link)
    link.click()
    expect(page).to_have_url(f"{live_server.url}/laborers/people/?group=graduate")
    assert number(page.locator(".totals strong").first) == expected
    shot(page, "graduates-list")

    # a township's cell in the table
    page.go_back()
    row = page.locator(".area-table tr", has_text="中和街道")
    cell = row.locator("td").nth(1).locator("a").first
    expected = number(cell)
    cell.click()
    assert number(page.locator(".drilldown-count")) == expected
    page.go_back()

    with page.expect_download() as download:
        page.click("text=导出 Excel 报表")
    assert download.value.suggested_filename == "就业扶贫目标完成情况_全县_20200615.xlsx"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    row20 = next(
        r for r in book["目标完成情况"].iter_rows(min_row=3, values_only=True) if r[0] == 20
    )
    assert row20[11] == number(page.locator("#target-20 .target-counts a").nth(1))
    page.close()


def test_dashboard_on_a_phone_and_without_javascript(
    browser, live_server, login, shot, demo_county, county_user
):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    login(page, "county")
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator(".target-card")).to_have_count(20)
    expect(page.locator(".area-table tbody tr")).to_have_count(27)
    assert page.locator(".target-card a.num-link").count() >= 14
    expect(page.locator("noscript").first).to_be_attached()
    shot(page, "phone-no-js")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()

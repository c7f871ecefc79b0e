"""The township officer's phone, measured in a real browser at 375 px: every tappable thing
on the main pages is at least 44 px tall, the header's links never break across lines, a
filtered search shows its results (and its filters as chips) on the first screen, and a
service logged from the list comes back to the list with its filters and the message.
The county's table sorts by a tap on a column and fits a 1280 px screen."""

import pytest
from playwright.sync_api import expect

from dashboard.tests.data import build_county
from e2e.conftest import PHONE
from laborers.models import Service, Township
from xiushan_jobs.testing import (
    make_episode,
    make_household,
    make_laborer,
    make_service,
    make_village,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TAP = 44

#: every visible tap target under 44 px tall, named for the failure message
SMALL_TARGETS = """(tap) => {
  const small = [];
  for (const el of document.querySelectorAll(
      "a, button, input[type=checkbox], select, summary")) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden") continue;
    if (box.height < tap - 0.5) {
      const name = (el.textContent || el.name || el.getAttribute("aria-label") || "").trim();
      small.push(`${el.tagName.toLowerCase()} "${name.slice(0, 24)}" ${box.height.toFixed(1)}px`);
    }
  }
  return small;
}"""

#: texts of the header's links that wrap onto more than one line
BROKEN_HEADER_LINKS = """() => [...document.querySelectorAll(".userbox a, .userbox button")]
  .filter((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return lines.size > 1;
  })
  .map((el) => el.textContent.trim())"""


@pytest.fixture
def township(village_a1, village_a2, officer_a):
    household = make_household(village_a1, number="50024100100100001", relocated=True)
    head = make_laborer(household, name="欧阳晓燕", phone="13912345678")
    make_service(head, officer=officer_a)
    make_episode(
        make_laborer(household, name="欧阳大山", relationship="配偶"),
        employer="秀山县工业园区某电子厂",
        place="秀山县",
    )
    for i in range(30):
        other = make_household(village_a2 if i % 2 else village_a1)
        make_laborer(other, name=f"田{i:02d}", employment_intention="县内就业")
    return head


def small_targets(page) -> list[str]:
    return page.evaluate(SMALL_TARGETS, TAP)


def test_officer_pages_have_thumb_sized_targets_and_results_first(
    browser, live_server, login, shot, township
):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, "officer_a")
    head = township
    pages = {
        "workspace": "/laborers/workspace/",
        "people": "/laborers/people/",
        "people-filtered": "/laborers/people/?employment=unemployed&not_updated=on",
        "laborer": f"/laborers/people/{head.pk}/",
        "service": f"/laborers/people/{head.pk}/services/new/",
        "households": "/laborers/households/",
        "household": f"/laborers/households/{head.household_id}/",
        "add-member": f"/laborers/households/{head.household_id}/members/new/",
        "warnings": "/laborers/warnings/",
        "quality": "/laborers/quality/",
        "password": "/password/",
        "imports": "/imports/",
        "dashboard": "/dashboard/",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        assert small_targets(page) == [], name
        assert page.evaluate(BROKEN_HEADER_LINKS) == [], name
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        shot(page, name)
    # 季度末数据 keeps target names readable (not one character per line)
    page.goto(f"{live_server.url}/dashboard/")
    name_cell = page.locator(".quarter-table td.primary").first.bounding_box()
    assert name_cell["width"] >= 150 and name_cell["height"] < 100, name_cell
    # the favicon is served
    icon = page.locator("link[rel=icon]").first.get_attribute("href")
    assert page.request.get(f"{live_server.url}{icon}").ok

    # the folded panel's own controls, opened, are thumb-sized too
    page.goto(f"{live_server.url}/laborers/people/")
    page.click("summary:has-text('筛选和排序')")
    assert small_targets(page) == []

    # a filtered search: the results are on the first screen, the filters in use are chips
    page.fill("input[name=q]", "田")
    page.select_option("select[name=employment]", "unemployed")
    page.check("input[name=not_updated]")
    page.click("button:has-text('应用')")
    expect(page.locator(".totals")).to_contain_text("共 30 人")
    summary = page.locator("details.filters summary")
    expect(summary).to_contain_text("筛选和排序")
    expect(summary.locator(".filter-count")).to_have_text("2")  # the search box is in view
    expect(page.locator(".filter-chip")).to_have_count(4)  # 3 filters and 清除全部
    first_row = page.locator(".laborer-table tbody tr").first.bounding_box()
    assert first_row["y"] + 60 < PHONE["height"], first_row  # its name, at least, in view
    assert small_targets(page) == []
    first_screen = shot(page, "filtered-search")
    page.screenshot(path=str(first_screen.with_name(f"{first_screen.stem}-first-screen.png")))

    # a chip removes its own filter and keeps the others
    page.click(".filter-chip:has-text('就业状态')")
    expect(page.locator(".filter-chip")).to_have_count(3)
    assert "not_updated=on" in page.url and "employment" not in page.url
    filtered = page.url

    # log a service from the list: back on the same list, the message on the first screen
    page.locator(".laborer-table a:has-text('登记服务')").first.click()
    page.click("button.chip:has-text('关心关爱')")
    expect(page.locator(".msg-success")).to_contain_text("已登记")
    assert page.url == filtered
    assert page.locator(".msg-success").bounding_box()["y"] < PHONE["height"]
    assert Service.objects.filter(kind="关心关爱").count() == 1
    shot(page, "back-on-the-list")
    context.close()


def test_village_officer_pages_have_thumb_sized_targets(
    browser, live_server, login, township, village_officer
):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, "village_a1")
    head = township
    for path in (
        "/laborers/workspace/",
        "/laborers/people/?warning=any",
        f"/laborers/people/{head.pk}/",
        f"/laborers/people/{head.pk}/services/new/",
        f"/laborers/people/{head.pk}/edit/",
        f"/laborers/households/{head.household_id}/",
        "/laborers/warnings/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert small_targets(page) == [], path
        assert page.evaluate(BROKEN_HEADER_LINKS) == [], path
    context.close()


def test_county_table_sorts_and_fits_a_desktop(browser, live_server, login, shot, county_user):
    a = Township.objects.get(name="中和街道")
    b = Township.objects.get(name="隘口镇")
    build_county(make_village(a, "凤鸣村"), make_village(a, "太平村"), make_village(b, "坝芒村"), a)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, "county")
    table = page.locator("table.area-table")
    expect(table.locator("thead .sort-button").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    wrap = table.locator("xpath=..")
    assert wrap.evaluate("(el) => el.scrollWidth <= el.clientWidth + 1")
    # the test county is small: with a real township's four-digit counts in every cell the
    # table must still fit
    table.locator("tbody td a, tfoot td a").evaluate_all(
        "(links) => links.forEach((a) => { a.textContent = '8,888'; })"
    )
    assert wrap.evaluate("(el) => el.scrollWidth <= el.clientWidth + 1"), wrap.evaluate(
        "(el) => [el.scrollWidth, el.clientWidth]"
    )
    rows = table.locator("tbody tr")
    assert rows.count() == 27

    def column(index: int) -> list[str]:
        return rows.evaluate_all(
            f"(rows) => rows.map((r) => r.cells[{index}].getAttribute('data-sort-value')"
            " ?? r.cells[{index}].textContent.trim())"
        )

    # a count column: descending on the second tap, the total row stays last
    header = table.locator("thead th").nth(1)
    header.locator(".sort-button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    values = [float(v) if v else None for v in column(1)]
    present = [v for v in values if v is not None]
    assert present == sorted(present) and values[: len(present)] == present
    header.locator(".sort-button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    present = [float(v) for v in column(1) if v]
    assert present == sorted(present, reverse=True)
    expect(table.locator("tfoot tr td").first).to_have_text("全县")
    # the township column stays in view when the table scrolls sideways (a narrower screen)
    position = table.locator("tbody tr td").first.evaluate("(el) => getComputedStyle(el).position")
    assert position == "sticky"
    shot(page, "sorted")
    page.close()

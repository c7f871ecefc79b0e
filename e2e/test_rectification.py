"""A county officer closes out a rectification task on a phone: progress report with a
photo, close-out request, approval; a leader sees the result read-only."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import PHONE
from rectification.models import Status
from xiushan_jobs.testing import PNG_BYTES, seeded_task

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_county_closes_out_a_task_on_a_phone(
    browser, live_server, login, shot, county_user, leader, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "培训补贴发放现场.png"
    photo.write_bytes(PNG_BYTES)
    task = seeded_task(57)

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, "county")
    page.goto(f"{live_server.url}/rectification/")
    expect(page.locator("tr.is-overdue")).to_have_count(6)  # on 2020-06-15
    shot(page, "list")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.click(f"a[href='/rectification/{task.pk}/'] >> nth=0")
    page.click("text=报送进展")
    page.fill("#id_text", "印发东西部扶贫协作劳务技能培训差异化补贴标准。")
    page.set_input_files("#id_files", str(photo))
    shot(page, "report-form")
    page.click("button:has-text('报送')")
    expect(page.locator(".msg-success")).to_contain_text("进展已报送")
    expect(page.locator(".evidence-list")).to_contain_text("培训补贴发放现场.png")

    page.click("button:has-text('申请销号')")
    expect(page.locator(".msg-success")).to_contain_text("已申请销号")
    page.click("button:has-text('批准销号')")
    expect(page.locator(".msg-success")).to_contain_text("已批准销号")
    expect(page.locator(".card-info")).to_contain_text("2020年9月30日")  # next quarterly report
    shot(page, "closed")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    task.refresh_from_db()
    assert task.status == Status.CLOSED
    context.close()

    page = browser.new_page()
    login(page, "leader")
    page.goto(f"{live_server.url}/rectification/{task.pk}/")
    expect(page.locator("h1")).to_contain_text("（57）")
    expect(page.locator("text=重新打开")).to_have_count(0)
    with page.expect_download() as download:
        page.goto(f"{live_server.url}/rectification/")
        page.click("text=导出整改台账")
    assert download.value.suggested_filename == "整改台账-20200615.xlsx"
    page.close()

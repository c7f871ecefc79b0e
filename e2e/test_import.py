"""Browser journey: a township officer uploads a survey sheet on a phone, watches the
progress bar while the worker checks it, reads the preview and confirms."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import PHONE
from laborers.models import ImportBatch, Laborer
from laborers.tests.survey_files import row, xlsx_bytes
from xiushan_jobs.testing import run_tasks, valid_id_number

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_officer_uploads_watches_progress_previews_and_confirms(
    browser, live_server, login, shot, officer_a, village_a1, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.XJ_IMPORT_INLINE = False  # the worker does the work, as in production
    path = tmp_path / "凤鸣村调查表.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                row(id_number=valid_id_number(), household="H1"),
                row(id_number=valid_id_number(), household="H2", phone="123"),
            ],
            title="凤鸣村2020年调查表",
        )
    )
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, "officer_a")
    page.goto(f"{live_server.url}/imports/")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=上传并检查")
    expect(page.locator("#import-stage")).to_have_text("排队中")
    shot(page, "queued")

    # The worker picks the batch up; the page, polling, reloads into the preview by itself.
    run_tasks()
    expect(page.locator("text=确认导入")).to_be_visible(timeout=10_000)
    expect(page.locator(".import-errors")).to_contain_text("手机号码“123”格式不正确")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "preview")

    page.click("text=确认导入")
    expect(page.locator("#import-stage")).to_have_text("排队中")
    run_tasks()
    expect(page.locator("h1 .badge")).to_have_text("已导入", timeout=10_000)
    shot(page, "applied")
    assert Laborer.objects.count() == 1
    assert ImportBatch.objects.get().status == ImportBatch.Status.APPLIED
    context.close()

"""The township officer's journey on a phone, end to end (issue 9): sign in, filter the
laborers, open one, log a service, record a new job, upload a survey sheet, read the
preview, confirm; upload a bad sheet and download its annotated errors. Then type the URL
of another township's laborer: 404."""

import datetime

import openpyxl
import pytest
from playwright.sync_api import expect

from e2e.conftest import PHONE
from laborers.models import EmploymentEpisode, Laborer, Service
from laborers.tests.survey_files import row, xlsx_bytes
from xiushan_jobs.testing import make_episode, make_laborer, run_tasks, valid_id_number

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def run_worker():
    run_tasks()


def test_township_officer_day_on_a_phone(
    browser, live_server, login, shot, officer_a, village_a1, village_b1, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.XJ_IMPORT_INLINE = False  # the worker processes uploads, as in production
    idle = make_laborer(village=village_a1, name="田小兰", employment_intention="县内就业")
    make_episode(make_laborer(village=village_a1, name="杨在岗"))
    elsewhere = make_laborer(village=village_b1, name="隘口某人")

    context = browser.new_context(viewport=PHONE, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    login(page, "officer_a")
    expect(page.locator("h1")).to_contain_text("工作台")
    shot(page, "workspace")

    # filter the laborers: not employed
    page.goto(f"{live_server.url}/laborers/people/")
    page.click("summary:has-text('筛选和排序')")
    page.select_option("select[name=employment]", "unemployed")
    page.click("button:has-text('应用')")
    expect(page.locator(".totals")).to_contain_text("共 1 人")
    expect(page.locator("main")).not_to_contain_text("杨在岗")
    fits(page)
    shot(page, "filtered")

    # open the laborer and log a service
    page.click("a:has-text('田小兰')")
    expect(page.locator("h1")).to_contain_text("田小兰")
    page.click("button.chip:has-text('岗位推荐')")
    expect(page.locator(".msg-success")).to_contain_text("已登记")
    assert Service.objects.filter(laborer=idle, kind="岗位推荐", officer=officer_a).exists()
    # back on the filtered list the officer came from
    expect(page.locator(".filter-chip").first).to_contain_text("就业状态：未就业")
    shot(page, "service")
    page.click("a:has-text('田小兰')")

    # record a new job
    page.click("a:has-text('登记就业')")
    page.select_option("select[name=kind]", "县内务工")
    page.fill("input[name=employer]", "秀山县工业园区某电子厂")
    page.fill("input[name=place]", "秀山县")
    page.fill("input[name=start_date]", "2020-06-01")
    page.fill("input[name=monthly_income]", "2800")
    fits(page)
    shot(page, "job-form")
    page.click("button:has-text('保存')")
    expect(page.locator("h1")).to_contain_text("田小兰")
    expect(page.locator("main")).to_contain_text("秀山县工业园区某电子厂")
    job = EmploymentEpisode.objects.get(laborer=idle, end_date__isnull=True)
    assert (job.kind, job.start_date) == ("县内务工", datetime.date(2020, 6, 1))
    shot(page, "job-recorded")

    # upload a survey sheet, read the preview, confirm
    good = tmp_path / "凤鸣村调查表.xlsx"
    new_id = valid_id_number()
    good.write_bytes(
        xlsx_bytes([row(id_number=new_id, household="H-NEW", name="新登记")], title="凤鸣村调查表")
    )
    page.goto(f"{live_server.url}/imports/")
    page.set_input_files("input[type=file]", str(good))
    page.click("text=上传并检查")
    run_worker()
    expect(page.locator("text=确认导入")).to_be_visible(timeout=10_000)
    fits(page)
    shot(page, "preview")
    page.click("text=确认导入")
    run_worker()
    expect(page.locator("h1 .badge")).to_have_text("已导入", timeout=10_000)
    assert Laborer.objects.filter(id_number=new_id, name="新登记").exists()
    shot(page, "applied")

    # a bad sheet: the preview names the cell, the annotated workbook marks it
    bad = tmp_path / "有错误的调查表.xlsx"
    bad.write_bytes(xlsx_bytes([row(id_number=valid_id_number(), household="H-BAD", phone="123")]))
    page.goto(f"{live_server.url}/imports/")
    page.set_input_files("input[type=file]", str(bad))
    page.click("text=上传并检查")
    run_worker()
    expect(page.locator(".import-errors")).to_contain_text(
        "手机号码“123”格式不正确", timeout=10_000
    )
    shot(page, "bad-preview")
    with page.expect_download() as download_info:
        page.click("text=下载错误标注表")
    annotated = tmp_path / "annotated.xlsx"
    download_info.value.save_as(annotated)
    sheet = openpyxl.load_workbook(annotated)["待修改"]
    cells = [str(cell.value) for line in sheet.iter_rows() for cell in line if cell.value]
    assert any("手机号码" in text for text in cells)

    # another township's laborer, by URL: 404
    response = page.goto(f"{live_server.url}/laborers/people/{elsewhere.pk}/")
    assert response.status == 404
    expect(page.locator("h1")).to_contain_text("没有找到")
    shot(page, "other-township-404")
    context.close()

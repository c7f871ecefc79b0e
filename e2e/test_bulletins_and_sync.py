"""The county issues a monthly bulletin and a township officer reads it; the county writes
the municipal survey system's file, sees a refused row and downloads the file."""

import datetime

import pytest
from docx import Document
from playwright.sync_api import expect

from bulletins.models import Bulletin
from laborers.choices import EmploymentIntention
from survey_sync.models import SyncRun
from xiushan_jobs.testing import make_episode, make_laborer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def people(village_a1, village_b1):
    willing = {
        "employment_intention": EmploymentIntention.IN_COUNTY,
        "last_surveyed_on": datetime.date(2020, 3, 20),
    }
    at_work = make_laborer(village=village_a1, name="王五", **willing)
    make_episode(at_work, start=datetime.date(2020, 3, 1))
    make_laborer(village=village_b1, name="赵六", **willing)
    make_laborer(village=village_a1, name="钱七", employment_intention="")


def test_county_issues_a_bulletin_a_township_reads_it(
    browser, live_server, login, shot, county_user, officer_a, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = browser.new_page()
    login(page, "county")
    page.goto(f"{live_server.url}/bulletins/")
    page.select_option("#id_period", "month")
    page.fill("#id_day", "2020-06-15")
    page.click("button:has-text('起草')")
    expect(page.locator("h1")).to_contain_text("关于2020年6月全县就业扶贫工作进展情况的通报")
    expect(page.locator("table").nth(1)).to_contain_text("中和街道")
    shot(page, "draft")
    page.click("text=编辑文字")
    page.fill("#id_problems", "一是隘口镇有意愿劳动力就业进度滞后。")
    page.fill("#id_next_steps", "一是开展岗位信息推送。")
    page.click("button:has-text('保存')")
    page.click("button:has-text('印发')")
    expect(page.locator(".msg-success")).to_contain_text("秀山就业扶贫通报〔2020〕第 1 期")
    shot(page, "issued")
    with page.expect_download() as download:
        page.click("text=下载 Word")
    document = Document(download.value.path())
    assert "一是隘口镇有意愿劳动力就业进度滞后。" in "\n".join(p.text for p in document.paragraphs)
    page.close()

    page = browser.new_page()
    login(page, "officer_a")
    page.goto(f"{live_server.url}/bulletins/")
    page.click("text=关于2020年6月全县就业扶贫工作进展情况的通报")
    expect(page.locator("tr.highlight")).to_contain_text("中和街道")
    shot(page, "township-reads")
    assert Bulletin.objects.get().is_issued
    page.close()


def test_county_writes_the_municipal_sync_file(
    browser, live_server, login, shot, county_user, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = browser.new_page()
    login(page, "county")
    page.goto(f"{live_server.url}/sync/")
    page.select_option("#id_mode", "full")
    page.click("button:has-text('检查并预览')")
    expect(page.locator("table")).to_contain_text("钱七")
    expect(page.locator("table")).to_contain_text("缺少“就业意愿”")
    shot(page, "preview")
    page.click("button:has-text('生成同步文件并记录')")
    expect(page.locator(".msg-success")).to_contain_text("写入 2 人，1 人因信息不全未写入")
    with page.expect_download() as download:
        page.click("text=下载同步文件")
    assert download.value.suggested_filename.endswith(".xlsx")
    shot(page, "recorded")
    assert SyncRun.objects.get().rows == 2
    page.close()

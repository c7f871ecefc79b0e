"""Browser journey: on a phone, a township officer opens a training class, uploads the
organizer's sign-in sheet for it (the class comes preset), reads the preview and confirms;
then looks through the training and entrepreneurship pages, none wider than the phone."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import PHONE
from training.models import Enrollment
from training.tests.test_imports import xlsx
from xiushan_jobs.testing import (
    make_laborer,
    make_loan,
    make_station,
    make_training_class,
    valid_id_number,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_officer_imports_a_sign_in_sheet_and_reads_the_pages_on_a_phone(
    browser, live_server, login, shot, officer_a, township_a, village_a1, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.XJ_IMPORT_INLINE = True
    klass = make_training_class(
        township_a, name="中和街道2020年苗绣培训班（第1期）", funding_source="东西部扶贫协作资金"
    )
    laborer = make_laborer(
        village=village_a1,
        name="杨秀英",
        wants_training=True,
        training_trade="苗绣",
        wants_entrepreneurship=True,
        labor_ability="普通劳动力",
    )
    make_laborer(village=village_a1, name="吴芳", wants_training=True, training_trade="苗绣")
    make_loan(laborer, project="苗绣工作室")
    make_station("001")
    path = tmp_path / "苗绣班签到表.xlsx"
    path.write_bytes(
        xlsx(
            [
                ["杨秀英", laborer.id_number, "", 10, "是", "苗绣技艺专项能力证书"],
                ["李四", valid_id_number(region="500242"), "13800138000", 9, "是", ""],
            ]
        )
    )
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, "officer_a")
    page.goto(f"{live_server.url}/training/{klass.pk}/")
    assert fits(page)
    shot(page, "class")
    page.click("text=导入签到表")
    expect(page.locator("#id_enrollment_training_class")).to_have_value(str(klass.pk))
    page.set_input_files("#id_enrollment_file", str(path))
    page.locator("#upload-enrollment").get_by_text("上传并检查").click()
    expect(page.locator("text=确认导入")).to_be_visible(timeout=10_000)
    expect(page.locator(".messages")).to_contain_text("1 名非贫困学员不发放培训补贴")
    assert fits(page)
    shot(page, "preview")
    page.click("text=确认导入")
    expect(page.locator("h1 .badge")).to_have_text("已导入", timeout=10_000)
    assert Enrollment.objects.count() == 2

    page.click(f"text={klass.name}")
    expect(page.locator(".trainees")).to_contain_text("苗绣技艺专项能力证书")
    expect(page.locator(".trainees")).to_contain_text("东西部资金不补非贫困户")
    assert fits(page)
    shot(page, "trainees")
    page.goto(f"{live_server.url}/laborers/people/{laborer.pk}/")
    expect(page.locator("body")).to_contain_text("苗绣技艺专项能力证书")
    expect(page.locator("body")).to_contain_text("苗绣工作室")
    assert fits(page)
    shot(page, "laborer")
    for step, url in [
        ("classes", "/training/"),
        ("demand", "/training/demand/"),
        ("subsidies", "/training/subsidies/"),
        ("gap", "/training/laborers/gap/"),
        ("entrepreneurship", "/entrepreneurship/"),
        ("loans", "/entrepreneurship/loans/"),
        ("stations", "/entrepreneurship/stations/"),
        ("new-class", "/training/new/"),
    ]:
        page.goto(f"{live_server.url}{url}")
        assert fits(page), url
        shot(page, step)
    context.close()

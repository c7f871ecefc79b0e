"""The employers' vacancy sheets through the shared import pipeline: a real xlsx with a
title row and a 合计 row, preview then apply, errors at their cells, the one employer
registry, history carrying the batch."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from laborers.models import ImportBatch
from transfer.models import Employer
from vacancies.models import Vacancy, WorkArea
from vacancies.tests.conftest import make_vacancy

pytestmark = pytest.mark.django_db
KIND = ImportBatch.Kind.VACANCY
HEADER = [
    "序号", "单位名称", "岗位名称", "工种", "招聘人数", "工作地点", "乡镇（街道）", "省份",
    "月薪下限（元）", "月薪上限（元）", "最低年龄", "最高年龄", "专岗", "协作项目",
    "有效期自", "截止日期",
]  # fmt: skip


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2020年用人单位岗位需求表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for number, values in enumerate(rows, start=1):
        sheet.append([number, *values])
    sheet.append(["合计", "", "", "", sum(r[3] for r in rows if isinstance(r[3], int))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    ["秀山县某服装厂", "缝纫工", "缝纫工", 10, "县内", "中和街道", "", 2800, "3800元", 18, 50,
     "贫困劳动力专岗", "就近就地", "2020.6.1", datetime.date(2020, 8, 31)],
    ["德州某纺织企业", "挡车工", "", 20, "山东", "", "", 4000, 6000, 18, 45, "", "鲁渝劳务协作",
     "2020-06-01", "2020-09-30"],
]  # fmt: skip


@pytest.fixture(autouse=True)
def _imports_inline(settings):
    """Uploads are checked (and confirmed uploads applied) right away, not by the worker."""
    settings.XJ_IMPORT_INLINE = True


def upload(client, data):
    return client.post(
        reverse("imports:upload"), {"kind": KIND, "file": SimpleUploadedFile("岗位.xlsx", data)}
    )


def latest():
    return ImportBatch.objects.order_by("-pk").first()


def test_preview_then_apply_registers_vacancies_and_employers(client, officer_a, township_a):
    existing = make_vacancy(township=township_a, valid_from=datetime.date(2020, 6, 1))
    client.force_login(officer_a)
    upload(client, xlsx(GOOD))
    batch = latest()
    assert (batch.status, batch.rows, batch.created, batch.updated, batch.errors) == (
        "preview", 2, 1, 1, 0
    )  # fmt: skip
    html = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "德州某纺织企业" in html  # a new employer, named in the preview
    assert Vacancy.objects.count() == 1

    client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "applied", batch.message
    existing.refresh_from_db()
    assert (existing.places, existing.pay_max, existing.reserved_for) == (10, 3800, "poor")
    shandong = Vacancy.objects.get(title="挡车工")
    assert shandong.work_area == WorkArea.SHANDONG and shandong.province == "山东省"
    assert shandong.township == township_a  # registered in the officer's township
    assert shandong.program.code == "luyu"
    assert Employer.objects.filter(name="德州某纺织企业").count() == 1
    assert shandong.employer.name == "德州某纺织企业"
    history = Vacancy.history.filter(history_type="+", title="挡车工").get()
    assert history.import_batch_id == batch.pk and history.history_user == officer_a


def test_bad_rows_are_errors_at_their_cells(client, officer_a):
    rows = [
        ["某企业", "普工", "", 5, "县内", "", "", 3000, 2000, 18, 45, "", "", "2020-06-01",
         "2020-05-01"],
        ["某企业", "普工二", "焊工", "五人", "火星", "", "", "", "", "", "", "", "", "明天",
         "2020-09-01"],
    ]  # fmt: skip
    client.force_login(officer_a)
    upload(client, xlsx(rows))
    batch = latest()
    assert (batch.status, batch.errors) == ("preview", 2)
    html = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    for message in (
        "县内岗位请选择工作所在的乡镇（街道）",
        "月薪上限不能低于下限",
        "有效期结束日期不能早于开始日期",
        "没有名为“焊工”的工种",
        "招聘人数应为整数",
        "工作地点“火星”不是可选项",
        "不是可识别的日期",
    ):
        assert message in html, message
    response = client.get(reverse("imports:annotated", args=[batch.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    notes = [c.value for row in book.active.iter_rows() for c in row if c.value]
    assert any("月薪上限不能低于下限" in str(n) for n in notes)


def test_leaders_and_village_officers_cannot_upload_vacancies(client, leader, village_officer):
    for user in (leader, village_officer):
        client.force_login(user)
        upload(client, xlsx(GOOD))
    assert not ImportBatch.objects.filter(kind=KIND).exists()

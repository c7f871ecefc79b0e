"""The import pages: upload, progress, preview, confirm, cancel, downloads, history."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AccessLog
from laborers.imports import services
from laborers.models import ImportBatch, Laborer
from laborers.tests.survey_files import row, xlsx_bytes
from xiushan_jobs.testing import make_laborer, run_tasks, valid_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_and_inline(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.XJ_IMPORT_INLINE = True


def upload(client, data, name="survey.xlsx"):
    return client.post(
        reverse("imports:upload"), {"file": SimpleUploadedFile(name, data), "kind": "survey"}
    )


def survey_file(n=2, **kwargs):
    return xlsx_bytes(
        [row(id_number=valid_id_number(), household=f"H{i}", **kwargs) for i in range(n)]
    )


def test_upload_preview_confirm_apply(client, officer_a, village_a1):
    client.force_login(officer_a)
    response = upload(client, survey_file(3))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:batch", args=[batch.pk])
    assert batch.status == ImportBatch.Status.PREVIEW and batch.created == 3
    assert batch.township_id == officer_a.township_id and len(batch.sha256) == 64
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "将新增" in html and "确认导入" in html and "还没有写入" in html
    assert Laborer.objects.count() == 0

    response = client.post(reverse("imports:confirm", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.applied_by == officer_a
    assert Laborer.objects.count() == 3
    assert all(h.import_batch_id == batch.pk for h in Laborer.history.all())
    assert "已新增" in client.get(reverse("imports:batch", args=[batch.pk])).content.decode()


def test_preview_shows_errors_with_row_column_and_masked_diffs(client, officer_a, village_a1):
    person = make_laborer(village=village_a1, phone="13800138000")
    data = xlsx_bytes(
        [
            row(id_number=person.id_number, household=person.household.number, phone="13900139000"),
            row(id_number=valid_id_number(), household="H2", ability="很强"),
        ]
    )
    client.force_login(officer_a)
    upload(client, data)
    html = client.get(
        reverse("imports:batch", args=[ImportBatch.objects.get().pk])
    ).content.decode()
    assert "劳动能力“很强”不是可选项" in html
    assert "139****9000" in html and "13900139000" not in html  # phones masked
    assert person.id_number not in html
    assert "下载错误标注表" in html


def test_same_file_again_is_pointed_out_and_all_unchanged(client, officer_a, village_a1):
    data = survey_file(2)
    client.force_login(officer_a)
    upload(client, data)
    first = ImportBatch.objects.get()
    client.post(reverse("imports:confirm", args=[first.pk]))
    upload(client, data)
    second = ImportBatch.objects.exclude(pk=first.pk).get()
    assert second.duplicate_of == first
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    html = client.get(reverse("imports:batch", args=[second.pk])).content.decode()
    assert "完全相同" in html and "没有需要写入的行" in html and "确认导入" not in html


def test_refused_files_write_nothing_and_say_why(client, officer_a, village_a1):
    client.force_login(officer_a)
    upload(client, b"%PDF-1.4 not a sheet", "survey.xlsx")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REFUSED and "PDF" in batch.message
    html = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "文件未被接受" in html and "PDF" in html
    assert Laborer.objects.count() == 0


def test_upload_form_refuses_too_big_and_empty(client, officer_a, settings):
    settings.XJ_IMPORT_MAX_BYTES = 2048
    client.force_login(officer_a)
    response = upload(client, b"x" * 4096)
    assert response.status_code == 400 and "文件太大" in response.content.decode()
    assert "文件是空的" in upload(client, b"").content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("name", ["调查表", "调查表.pdf", "调查表.xlsx.1"])
def test_a_workbook_is_known_by_its_content_not_its_name(client, officer_a, village_a1, name):
    """Files saved from WeChat arrive without their extension or with a wrong one: the
    bytes say it is a workbook. It is stored under a name of our own."""
    client.force_login(officer_a)
    assert upload(client, survey_file(2), name).status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created, batch.file_name) == (
        ImportBatch.Status.PREVIEW,
        2,
        name,
    )
    assert name not in batch.file.name and batch.file.name.endswith(".upload")


def test_text_under_a_wrong_name_is_refused_by_its_content(client, officer_a):
    client.force_login(officer_a)
    upload(client, b"abc", "survey.pdf")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REFUSED
    assert "不支持的文件类型“.pdf”" in batch.message


def test_cancel(client, officer_a, village_a1):
    client.force_login(officer_a)
    upload(client, survey_file(1))
    batch = ImportBatch.objects.get()
    client.post(reverse("imports:cancel", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED and Laborer.objects.count() == 0


def test_annotated_workbook_marks_bad_cells_and_can_be_uploaded_again(
    client, officer_a, village_a1
):
    good = valid_id_number()
    data = xlsx_bytes(
        [row(id_number=good), row(id_number=valid_id_number(), household="H2", phone="123")],
        title="调查表",
    )
    client.force_login(officer_a)
    upload(client, data)
    batch = ImportBatch.objects.get()
    response = client.get(reverse("imports:annotated", args=[batch.pk]))
    assert response.status_code == 200
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, object_id=batch.pk).exists()
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["待修改"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "错误说明" and rows[0][4] == "身份证号码"
    assert len(rows) == 2  # the header and the one bad row
    assert rows[1][6] == "123" and "原第 4 行" in rows[1][-1] and "手机号码" in rows[1][-1]
    phone_cell = sheet.cell(row=2, column=7)
    assert phone_cell.fill.fgColor.rgb.endswith("FFC7CE") and "手机号码" in phone_cell.comment.text
    assert sheet.cell(row=2, column=5).number_format == "@"
    # fixed and uploaded again as it is: the note column is ignored, the row goes in
    sheet.cell(row=2, column=7).value = "13700137000"
    out = io.BytesIO()
    book.save(out)
    client.post(reverse("imports:confirm", args=[batch.pk]))
    upload(client, out.getvalue(), "fixed.xlsx")
    again = ImportBatch.objects.order_by("-pk").first()
    assert (again.created, again.errors) == (1, 0), services.load_report(again).issues
    assert not any("错误说明" in w for w in services.load_report(again).warnings)


def test_blank_template(client, officer_a, village_a1, village_a2):
    client.force_login(officer_a)
    response = client.get(reverse("imports:template", args=["survey"]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:5] == ["乡镇（街道）", "村（社区）", "户编号", "姓名", "身份证号码"]
    assert sheet.cell(row=2, column=5).number_format == "@"
    lists = {}
    for validation in sheet.data_validations.dataValidation:
        (cells,) = validation.sqref.ranges
        lists[cells.coord[0]] = validation.formula1  # column letter → '=选项!$B$2:$B$3'
    assert "B" in lists and "F" in lists  # villages, relationship
    sheet_ref, cell_range = lists["B"].lstrip("=").split("!")
    options = book[sheet_ref.strip("'")]
    villages = [c.value for (c,) in options[cell_range.replace("$", "")]]
    assert set(villages) == {"凤鸣村", "太平村"}  # only the officer's villages
    assert "填表说明" in book.sheetnames
    # the blank template, uploaded as it is, is recognised and refused as header-only
    upload(client, response.content, "template.xlsx")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REFUSED and "只有表头" in batch.message


def test_leader_sees_history_but_cannot_upload_or_confirm(client, leader, officer_a, village_a1):
    client.force_login(officer_a)
    upload(client, survey_file(1))
    batch = ImportBatch.objects.get()
    client.force_login(leader)
    html = client.get(reverse("imports:index")).content.decode()
    assert batch.file_name in html and "上传并检查" not in html
    assert client.get(reverse("imports:batch", args=[batch.pk])).status_code == 200
    assert upload(client, survey_file(1)).status_code == 403
    assert client.post(reverse("imports:confirm", args=[batch.pk])).status_code == 403
    assert client.get(reverse("imports:annotated", args=[batch.pk])).status_code == 403
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW


def test_other_township_gets_404_and_colleague_cannot_confirm(
    client, officer_a, officer_b, village_a1
):
    client.force_login(officer_a)
    upload(client, survey_file(1), "zhonghe-only.xlsx")
    batch = ImportBatch.objects.get()
    client.force_login(officer_b)
    for name in ("imports:batch", "imports:status", "imports:annotated"):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:confirm", args=[batch.pk])).status_code == 404
    assert batch.file_name not in client.get(reverse("imports:index")).content.decode()
    from xiushan_jobs.testing import make_user

    colleague = make_user("colleague_a", "township", township=officer_a.township)
    client.force_login(colleague)
    assert client.post(reverse("imports:confirm", args=[batch.pk])).status_code == 403
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW


def test_wrong_methods_and_anonymous(client, officer_a):
    assert client.get(reverse("imports:index")).status_code == 302
    client.force_login(officer_a)
    assert client.get(reverse("imports:upload")).status_code == 405
    assert client.get(reverse("imports:confirm", args=[1])).status_code == 405
    assert client.post(reverse("imports:index")).status_code == 405


def test_progress_is_visible_while_queued_and_survives_reloads(
    client, officer_a, village_a1, settings
):
    settings.XJ_IMPORT_INLINE = False  # a worker will pick it up
    client.force_login(officer_a)
    upload(client, survey_file(2))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.QUEUED
    html = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "排队中" in html and 'role="progressbar"' in html
    status = client.get(reverse("imports:status", args=[batch.pk])).json()
    assert status["active"] is True and status["status"] == "queued"
    # the worker runs, independently of any browser
    assert run_tasks() == 1
    status = client.get(reverse("imports:status", args=[batch.pk])).json()
    assert status["active"] is False and status["status"] == "preview"
    client.post(reverse("imports:confirm", args=[batch.pk]))
    assert client.get(reverse("imports:status", args=[batch.pk])).json()["status"] == "confirmed"
    assert run_tasks() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and Laborer.objects.count() == 2


def test_stale_batches_go_back_to_the_queue(officer_a, village_a1, settings):
    import datetime

    from django.utils import timezone

    settings.XJ_IMPORT_INLINE = False
    batch = services.import_batch_create(
        user=officer_a, kind="survey", file_name="s.xlsx", data=survey_file(1)
    )
    # a worker claimed the task and the batch, then died while applying
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.get().claim("dead-worker")
    old = timezone.now() - datetime.timedelta(hours=1)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.APPLYING, heartbeat_at=old
    )
    assert services.import_batches_requeue_stale() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CONFIRMED
    # the dead worker took its task with it: the batch has a new one, which applies it
    assert run_tasks() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and Laborer.objects.count() == 1


def test_a_duplicate_task_finds_the_batch_claimed_and_does_nothing(officer_a, village_a1, settings):
    from laborers.imports.tasks import process_import_batch

    settings.XJ_IMPORT_INLINE = False
    batch = services.import_batch_create(
        user=officer_a, kind="survey", file_name="s.xlsx", data=survey_file(1)
    )
    process_import_batch.enqueue(batch.pk)
    assert run_tasks() == 2
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW and batch.rows == 1


def test_the_minutely_sweep_is_a_periodic_task(officer_a, village_a1, settings):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    settings.XJ_IMPORT_INLINE = False
    batch = services.import_batch_create(
        user=officer_a, kind="survey", file_name="s.xlsx", data=survey_file(1)
    )
    assert run_tasks() == 1  # checked: waiting in preview
    old = timezone.now() - datetime.timedelta(hours=1)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING, heartbeat_at=old
    )
    out = io.StringIO()
    call_command("enqueue_periodic", "minutely", stdout=out)
    assert "sweep_import_batches" in out.getvalue()
    assert run_tasks() == 2  # the sweep, then the batch's new check
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW


def test_a_crash_while_applying_marks_the_batch_failed_and_writes_nothing(
    officer_a, village_a1, monkeypatch
):
    batch = services.import_batch_create(
        user=officer_a, kind="survey", file_name="s.xlsx", data=survey_file(2)
    )
    from laborers.imports import survey

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(survey.bulk, "insert_history", boom)
    services.import_batch_confirm(batch=batch, user=officer_a)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and "没有写入" in batch.message
    assert Laborer.objects.count() == 0


@pytest.mark.parametrize("extra", [0, 30])
def test_history_page_query_count_does_not_grow(
    client, officer_a, village_a1, extra, django_assert_max_num_queries
):
    for i in range(extra):
        ImportBatch.objects.create(
            user=officer_a, township=officer_a.township, file_name=f"{i}.xlsx", sha256="x"
        )
    client.force_login(officer_a)
    # session, user (+ township for the area label), count, page of batches with user,
    # township and village joined
    with django_assert_max_num_queries(6):
        assert client.get(reverse("imports:index")).status_code == 200


@pytest.mark.parametrize("n", [2, 60])
def test_batch_page_query_count_does_not_grow(
    client, officer_a, village_a1, n, django_assert_max_num_queries
):
    client.force_login(officer_a)
    upload(client, survey_file(n))
    batch = ImportBatch.objects.get()
    # session, user (+ township for the area label), the batch with user and duplicate;
    # the report is a file, not queries
    with django_assert_max_num_queries(5):
        assert client.get(reverse("imports:batch", args=[batch.pk])).status_code == 200

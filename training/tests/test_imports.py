"""The sign-in sheet import through the shared pipeline: real xlsx/xls/csv sheets, the class
as a parameter of the batch, preview and apply, matching by ID number in the user's area,
the rules of enrollments and of rectification item 57, and the shared downloads."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from laborers.imports.services import import_batch_process, import_file_run
from laborers.models import ImportBatch
from training.imports import EnrollmentImporter
from training.models import Enrollment, TrainingClass
from xiushan_jobs.testing import (
    make_enrollment,
    make_laborer,
    make_training_class,
    valid_id_number,
)

pytestmark = pytest.mark.django_db
KIND = ImportBatch.Kind.ENROLLMENT
HEADER = ["序号", "姓名", "身份证号码", "联系电话", "出勤天数", "是否结业", "取得证书或技能"]


def xlsx(rows, *, header=HEADER, title="中和街道苗绣培训班签到表") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for number, values in enumerate(rows, start=1):
        sheet.append([number, *values])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    sheet.append(["合计", f"{len(rows)} 人"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def gbk_csv(rows, *, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for number, values in enumerate(rows, start=1):
        writer.writerow([number, *values])
    return out.getvalue().encode("gbk")


def xls(rows, *, header=HEADER) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("签到表")
    for c, value in enumerate(header):
        sheet.write(0, c, value)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate([r, *values]):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, klass, data, name="签到表.xlsx"):
    return client.post(
        reverse("imports:upload"),
        {"kind": KIND, "training_class": klass.pk, "file": SimpleUploadedFile(name, data)},
    )


def latest():
    return ImportBatch.objects.order_by("-pk").first()


def page_of(client, batch) -> str:
    return client.get(reverse("imports:batch", args=[batch.pk])).content.decode()


def test_preview_then_apply_poor_and_non_poor_trainees(client, officer_a, class_a, laborer_a):
    trainee = valid_id_number(region="500242")
    data = xlsx(
        [
            ["杨秀英", laborer_a.id_number, "", 10, "是", "苗绣技艺专项能力证书"],
            ["李 四", trainee, "13800138000", 9, "否", ""],
        ]
    )
    client.force_login(officer_a)
    response = upload(client, class_a, data)
    batch = latest()
    assert response.status_code == 302 and response.url == reverse("imports:batch", args=[batch.pk])
    assert (batch.kind, batch.status, batch.params) == (
        KIND,
        "preview",
        {"training_class": class_a.pk},
    )
    assert (batch.rows, batch.created, batch.errors, batch.skipped) == (2, 2, 0, 1)
    html = page_of(client, batch)
    assert (
        "中和街道苗绣培训班" in html and reverse("training:class_detail", args=[class_a.pk]) in html
    )
    assert "1 人是已登记的贫困劳动力" in html and "1 人按非贫困学员登记" in html
    assert not Enrollment.objects.exists()

    client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "applied"
    poor = Enrollment.objects.get(laborer=laborer_a)
    other = Enrollment.objects.get(laborer__isnull=True)
    assert (poor.training_class, poor.days_attended, poor.completed, poor.skill) == (
        class_a,
        10,
        True,
        "苗绣技艺专项能力证书",
    )
    assert (other.name, other.id_number, other.phone, other.days_attended) == (
        "李四",
        trainee,
        "13800138000",
        9,
    )
    assert (poor.subsidy, other.subsidy) == (Decimal(1000), Decimal(450))
    history = Enrollment.history.filter(history_type="+")
    assert history.count() == 2
    assert all(h.import_batch_id == batch.pk and h.history_user == officer_a for h in history)


def test_updates_from_a_gbk_csv_show_what_changes(client, officer_a, class_a, laborer_a):
    make_enrollment(class_a, laborer_a, days_attended=6)
    number = valid_id_number(region="500242")
    make_enrollment(class_a, name="李四", id_number=number, days_attended=9)
    data = gbk_csv(
        [["杨秀英", laborer_a.id_number, "", 10, "已结业", ""], ["李四", number, "", 9, "", ""]]
    )
    client.force_login(officer_a)
    upload(client, class_a, data, "签到表.csv")
    batch = latest()
    assert (batch.created, batch.updated, batch.unchanged) == (0, 1, 1)
    html = page_of(client, batch)
    assert "出勤天数：<del>6</del> → <ins>10</ins>" in html
    assert "是否结业：<del>否</del> → <ins>是</ins>" in html
    assert laborer_a.id_number not in html  # masked in the diff
    client.post(reverse("imports:confirm", args=[batch.pk]))
    enrollment = Enrollment.objects.get(laborer=laborer_a)
    assert (enrollment.days_attended, enrollment.completed) == (10, True)
    assert enrollment.history.filter(history_type="~", import_batch=batch).exists()


def test_legacy_xls_sheet(client, officer_a, class_a, laborer_a):
    client.force_login(officer_a)
    upload(client, class_a, xls([["杨秀英", laborer_a.id_number, "", 3, "否", ""]]), "签到.xls")
    assert latest().created == 1


def test_rows_that_break_the_rules_are_errors_at_their_cells(
    client, officer_a, class_a, laborer_a, laborer_b, village_a1
):
    twice = valid_id_number(region="500242")
    rows = [
        ["杨秀", laborer_a.id_number, "", 5, "", ""],  # name disagrees with the registry
        ["龙海", laborer_b.id_number, "", 5, "", ""],  # registered in another township
        ["王五", "500241198506150010", "", 5, "", ""],  # bad check digit
        ["赵六", 500241198506150000, "", 5, "", ""],  # Excel made it a number
        ["钱七", valid_id_number(region="500242"), "", 12, "", ""],  # longer than the class
        ["孙八", valid_id_number(region="500242"), "", 5, "否", "苗绣证书"],  # skill, not completed
        ["周九", twice, "", 5, "", ""],
        ["周九", twice, "", 5, "", ""],
        ["", valid_id_number(region="500242"), "", 5, "", ""],
    ]
    client.force_login(officer_a)
    upload(client, class_a, xlsx(rows))
    batch = latest()
    assert (batch.created, batch.errors) == (0, 9)
    html = page_of(client, batch)
    for message in (
        "登记的贫困劳动力姓名为“杨秀英”",
        "已在隘口镇登记为贫困劳动力，不在您的管辖范围内",
        "校验位错误",
        "被 Excel 存成了数字",
        "出勤天数不能超过培训期 10 天",
        "结业后才能登记取得的证书或技能",
        "在文件中出现了多次",
        "姓名不能为空",
    ):
        assert message in html, message
    assert 'class="conflict"' in html
    annotated = client.get(reverse("imports:annotated", args=[batch.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(annotated.content)).active
    assert sheet.max_row == 10 and sheet.cell(row=1, column=8).value == "错误说明"


def test_attendance_before_the_class_starts_is_refused(client, officer_a, township_a, laborer_a):
    planned = make_training_class(
        township_a,
        start_date=datetime.date(2020, 7, 1),
        end_date=datetime.date(2020, 7, 5),
        status="筹备中",
    )
    client.force_login(officer_a)
    upload(client, planned, xlsx([["杨秀英", laborer_a.id_number, "", 2, "是", ""]]))
    html = page_of(client, latest())
    assert "尚未开班" in html and "培训班结业" in html
    # a registration list (no attendance yet) goes in
    upload(client, planned, xlsx([["杨秀英", laborer_a.id_number, "", 0, "", ""]]))
    assert latest().created == 1


SUBSIDY_HEADER = ["序号", "姓名", "身份证号码", "出勤天数", "补贴标准（元/天）"]


def test_east_west_class_pays_non_poor_trainees_nothing(client, officer_a, township_a, laborer_a):
    """Rectification item 57 in the import: a sheet that pays a non-poor trainee from East-West
    cooperation funds is refused at that cell, saying why; one that pays nothing goes in
    with a warning that says so."""
    klass = make_training_class(township_a, funding_source="东西部扶贫协作资金")
    non_poor = valid_id_number(region="500242")
    client.force_login(officer_a)
    upload(
        client,
        klass,
        xlsx(
            [["杨秀英", laborer_a.id_number, 10, 70], ["李四", non_poor, 10, 70]],
            header=SUBSIDY_HEADER,
        ),
    )
    batch = latest()
    assert (batch.created, batch.errors) == (0, 2)
    html = page_of(client, batch)
    assert "非贫困学员的补贴标准应为 0" in html and "东西部扶贫协作资金不得用于非贫困户补助" in html
    assert "与本班贫困学员标准 100 元/天不一致" in html and "整改第57项" in html

    upload(
        client,
        klass,
        xlsx(
            [["杨秀英", laborer_a.id_number, 10, 100], ["李四", non_poor, 10, 0]],
            header=SUBSIDY_HEADER,
        ),
    )
    batch = latest()
    assert (batch.created, batch.errors) == (2, 0)
    assert "1 名非贫困学员不发放培训补贴" in page_of(client, batch)
    client.post(reverse("imports:confirm", args=[batch.pk]))
    trainee = Enrollment.objects.get(id_number=non_poor)
    assert trainee.subsidy == 0 and "不发放培训补贴" in trainee.subsidy_note


def test_refusals_of_the_class_parameter(
    client, officer_a, class_a, class_b, laborer_a, township_a
):
    data = xlsx([["杨秀英", laborer_a.id_number, "", 1, "", ""]])
    client.force_login(officer_a)
    response = upload(client, class_b, data)  # another township's class
    assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
    response = client.post(
        reverse("imports:upload"), {"kind": KIND, "file": SimpleUploadedFile("a.xlsx", data)}
    )
    assert response.status_code == 400 and "请选择签到表所属的培训班" in response.content.decode()
    cancelled = make_training_class(township_a, status="已取消")
    assert upload(client, cancelled, data).status_code == 400
    assert not ImportBatch.objects.exists()

    # the class was cancelled after the upload: the batch is refused when checked
    upload(client, class_a, data)
    batch = latest()
    TrainingClass.objects.filter(pk=class_a.pk).update(status="已取消")
    batch.status = ImportBatch.Status.QUEUED
    batch.save()
    import_batch_process(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "refused" and "已取消" in batch.message


def test_who_may_upload_sign_in_sheets(client, village_officer, leader, class_a, laborer_a):
    data = xlsx([["杨秀英", laborer_a.id_number, "", 1, "", ""]])
    for user in (village_officer, leader):
        client.force_login(user)
        assert upload(client, class_a, data).status_code == 403
        assert f'value="{KIND}"' not in client.get(reverse("imports:index")).content.decode()
    assert not ImportBatch.objects.exists()


def test_upload_page_offers_the_class_preset_from_its_page(client, officer_a, class_a, class_b):
    client.force_login(officer_a)
    html = client.get(
        reverse("imports:index"), {"kind": KIND, "training_class": class_a.pk}
    ).content.decode()
    assert "上传培训签到表" in html and "上传村级调查表" in html
    assert f'<option value="{class_a.pk}" selected>' in html
    assert "隘口镇苗绣培训班" not in html  # only classes the user manages


def test_same_sheet_is_a_copy_only_for_the_same_class(
    client, officer_a, class_a, township_a, laborer_a
):
    data = xlsx([["杨秀英", laborer_a.id_number, "", 1, "", ""]])
    other = make_training_class(township_a, name="第二期")
    client.force_login(officer_a)
    upload(client, class_a, data)
    first = latest()
    client.post(reverse("imports:confirm", args=[first.pk]))
    upload(client, class_a, data)
    assert latest().duplicate_of == first and latest().unchanged == 1
    upload(client, other, data)
    assert latest().duplicate_of is None and latest().created == 1


def test_trainee_registered_later_becomes_a_poor_trainee(client, officer_a, class_a, village_a1):
    number = valid_id_number()
    make_enrollment(class_a, name="吴芳", id_number=number, days_attended=4)
    make_laborer(village=village_a1, name="吴芳", id_number=number)  # registered afterwards
    client.force_login(officer_a)
    upload(client, class_a, xlsx([["吴芳", number, "", 4, "", ""]]))
    batch = latest()
    assert batch.updated == 1 and "非贫困学员</del> → <ins>贫困劳动力" in page_of(client, batch)
    client.post(reverse("imports:confirm", args=[batch.pk]))
    enrollment = Enrollment.objects.get()
    assert enrollment.laborer.name == "吴芳" and enrollment.id_number == ""


def test_apply_checks_again_what_changed_since_the_preview(client, officer_a, class_a, laborer_a):
    make_enrollment(class_a, laborer_a, days_attended=2)
    client.force_login(officer_a)
    upload(client, class_a, xlsx([["杨秀英", laborer_a.id_number, "", 8, "", ""]]))
    batch = latest()
    assert batch.updated == 1
    enrollment = Enrollment.objects.get()
    enrollment.days_attended, enrollment.note = 8, "补登"  # another officer, meanwhile
    enrollment.save()
    client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    enrollment.refresh_from_db()
    assert batch.status == "applied" and (batch.updated, batch.unchanged) == (0, 1)
    assert (enrollment.days_attended, enrollment.note) == (8, "补登")


def test_a_change_while_writing_is_checked_again(
    client, officer_a, class_a, laborer_a, monkeypatch
):
    """Between the apply's own check and its write someone changes the trainee: ``verify``
    notices (the row's update time moved) and the file is checked again in the transaction."""
    make_enrollment(class_a, laborer_a, days_attended=2)
    client.force_login(officer_a)
    upload(client, class_a, xlsx([["杨秀英", laborer_a.id_number, "", 8, "", ""]]))
    batch = latest()
    original = EnrollmentImporter.check
    calls = []

    def check_then_someone_edits(self, rows, report):
        plan = original(self, rows, report)
        if not calls:
            enrollment = Enrollment.objects.get()
            enrollment.note, enrollment.days_attended = "补登", 8
            enrollment.save()
        calls.append(1)
        return plan

    monkeypatch.setattr(EnrollmentImporter, "check", check_then_someone_edits)
    client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert len(calls) == 2 and batch.status == "applied" and batch.unchanged == 1
    html = page_of(client, batch)
    assert "核对之后有记录被他人修改" in html and html.count("按身份证号码匹配") == 1
    assert Enrollment.objects.get().note == "补登"


def test_template_and_command_line(client, officer_a, class_a, laborer_a):
    client.force_login(officer_a)
    response = client.get(reverse("imports:template", args=[KIND]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in book.worksheets[0][1]]
    assert headers[:4] == ["姓名", "身份证号码", "联系电话", "出勤天数"]
    assert "补贴标准（元/天）" in headers
    instructions = " ".join(str(c.value) for row in book["填表说明"].iter_rows() for c in row)
    assert "整改第57项" in instructions

    data = xlsx([["杨秀英", laborer_a.id_number, "", 3, "", ""]])
    params = {"training_class": class_a.pk}
    report, batch = import_file_run(
        user=officer_a, kind=KIND, file_name="a.xlsx", data=data, commit=False, params=params
    )
    assert (report.created, batch) == (1, None) and not Enrollment.objects.exists()
    report, batch = import_file_run(
        user=officer_a, kind=KIND, file_name="a.xlsx", data=data, commit=True, params=params
    )
    assert report.committed and batch.params == params and Enrollment.objects.count() == 1

"""The back office: import and export with Chinese headers through the models' own rules
(rectification item 57 included), exports logged, every admin page opens."""

import datetime

import openpyxl
import pytest
import tablib
from django.urls import reverse

from audit.models import AccessLog
from training import services
from training.models import BusinessLoan, Enrollment, GuidanceSession, TrainingClass
from training.resources import (
    BusinessLoanResource,
    EnrollmentResource,
    TrainingClassResource,
)
from xiushan_jobs.testing import (
    import_messages,
    make_enrollment,
    make_loan,
    make_mentor,
    make_station,
    valid_id_number,
)

pytestmark = pytest.mark.django_db
D = datetime.date
CLASS_HEADERS = [
    "培训班名称",
    "工种",
    "办班方式",
    "资金来源",
    "承办单位",
    "培训地点",
    "开班日期",
    "结业日期",
    "课时",
    "状态",
    "贫困学员补贴（元/天）",
    "非贫困学员补贴（元/天）",
]


def xlsx_dataset(tmp_path, rows) -> tablib.Dataset:
    """A real xlsx file, read the way the admin reads it."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "培训班.xlsx"
    book.save(path)
    return tablib.Dataset().load(path.read_bytes(), format="xlsx")


def class_row(name, source="就业专项资金", poor=100, non_poor=50):
    return [
        name,
        "苗绣",
        "农民夜校",
        source,
        "秀山县就业培训中心",
        "中和街道",
        datetime.datetime(2020, 5, 1),
        datetime.datetime(2020, 5, 10),
        60,
        "已结业",
        poor,
        non_poor,
    ]


def test_class_import_obeys_item_57(tmp_path):
    dataset = xlsx_dataset(
        tmp_path,
        [
            CLASS_HEADERS,
            class_row("合规班"),
            class_row("一刀切班", poor=70, non_poor=70),
            class_row("东西部班", source="东西部扶贫协作资金", poor=120, non_poor=30),
        ],
    )
    result = TrainingClassResource().import_data(dataset, dry_run=True, raise_errors=False)
    messages = import_messages(result)
    assert (
        "贫困学员应高于非贫困学员" in messages
        and "东西部扶贫协作资金不得用于非贫困户补助" in messages
    )
    assert "整改第57项" in messages and not TrainingClass.objects.exists()
    dataset = xlsx_dataset(tmp_path, [CLASS_HEADERS, class_row("合规班")])
    result = TrainingClassResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert TrainingClass.objects.get().trade.name == "苗绣"


def test_enrollments_and_loans_round_trip(class_a, laborer_a):
    make_enrollment(class_a, laborer_a, days_attended=10, completed=True, skill="苗绣证书")
    number = valid_id_number(region="500242")
    make_enrollment(class_a, name="李四", id_number=number, days_attended=5)
    data = EnrollmentResource().export()
    assert data.headers[:6] == [
        "ID",
        "培训班编号",
        "培训班",
        "贫困劳动力身份证号码",
        "贫困劳动力姓名",
        "姓名（非贫困学员）",
    ]
    assert data[0][3] == laborer_a.id_number and data[1][5] == "李四"
    Enrollment.objects.all().delete()
    result = EnrollmentResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Enrollment.objects.get(laborer=laborer_a).skill == "苗绣证书"

    make_loan(laborer_a)
    data = BusinessLoanResource().export()
    assert data.headers[1:4] == ["身份证号码", "姓名", "承贷银行"]
    BusinessLoan.objects.all().delete()
    assert not BusinessLoanResource().import_data(data, dry_run=False).has_validation_errors()
    assert BusinessLoan.objects.get().laborer == laborer_a


def test_enrollment_import_refuses_a_poor_laborer_as_non_poor(tmp_path, class_a, laborer_a):
    data = EnrollmentResource().export()
    data.append(["", class_a.pk, "", "", "", "冒名", laborer_a.id_number, "", 3, "否", "", "", ""])
    result = EnrollmentResource().import_data(data, dry_run=True, raise_errors=False)
    assert "已登记为建档立卡贫困劳动力" in import_messages(result)


def test_admin_export_is_logged(client, county_user, class_a, laborer_a):
    make_enrollment(class_a, laborer_a)
    client.force_login(county_user)
    response = client.post(
        reverse("admin:training_enrollment_export"),
        {"format": "0", "resource": "0", "enrollmentresource_laborer": "on"},
    )
    assert response.status_code == 200
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.row_count) == (county_user, "export", 1)


def test_admin_pages_open(client, county_user, class_a, laborer_a, village_a1):
    enrollment = make_enrollment(class_a, laborer_a)
    mentor = make_mentor()
    session = GuidanceSession(mentor=mentor, date=D(2020, 6, 1), mode="一对一", topic="选址")
    services.session_save(session=session, laborers=[laborer_a], by=county_user)
    loan = make_loan(laborer_a)
    station = make_station("001")
    client.force_login(county_user)
    for name, args in [
        ("admin:training_trade_changelist", []),
        ("admin:training_trainingclass_changelist", []),
        ("admin:training_trainingclass_change", [class_a.pk]),
        ("admin:training_trainingclass_import", []),
        ("admin:training_enrollment_changelist", []),
        ("admin:training_enrollment_change", [enrollment.pk]),
        ("admin:training_mentor_changelist", []),
        ("admin:training_guidancesession_change", [session.pk]),
        ("admin:training_businessloan_changelist", []),
        ("admin:training_businessloan_change", [loan.pk]),
        ("admin:training_workstation_change", [station.pk]),
        ("admin:training_stationoccupancy_changelist", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_trades_are_an_editable_list(client, county_user, class_a):
    from training.models import Trade

    client.force_login(county_user)
    response = client.post(
        reverse("admin:training_trade_add"),
        {"name": " 电 工 ", "sort_order": 20, "is_active": "on"},
    )
    assert response.status_code == 302 and Trade.objects.filter(name="电工").exists()
    in_use = Trade.objects.get(name="苗绣")
    assert client.get(reverse("admin:training_trade_delete", args=[in_use.pk])).status_code == 403

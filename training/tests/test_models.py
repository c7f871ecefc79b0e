"""The rules of the records, on save: rectification item 57 on subsidies (model and
database), classes, trainees, loans, work stations and guidance."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from training.models import (
    BusinessLoan,
    Enrollment,
    GuidanceSession,
    StationOccupancy,
    TrainingClass,
)
from xiushan_jobs.testing import (
    make_enrollment,
    make_laborer,
    make_loan,
    make_mentor,
    make_station,
    make_training_class,
    valid_id_number,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def errors_of(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        obj.full_clean()
    return info.value.message_dict


# --- rectification item 57 ---------------------------------------------------------------------


@pytest.mark.parametrize(("poor", "non_poor"), [(70, 70), (50, 80), (0, 0)])
def test_rates_must_favour_the_poor(class_a, poor, non_poor):
    class_a.poor_daily_subsidy = Decimal(poor)
    class_a.non_poor_daily_subsidy = Decimal(non_poor)
    message = " ".join(errors_of(class_a)["poor_daily_subsidy"])
    assert "整改第57项" in message and "贫困学员应高于非贫困学员" in message


def test_east_west_funds_pay_no_non_poor_trainee(class_a):
    class_a.funding_source = "东西部扶贫协作资金"
    class_a.non_poor_daily_subsidy = Decimal(30)
    message = " ".join(errors_of(class_a)["non_poor_daily_subsidy"])
    assert "东西部扶贫协作资金不得用于非贫困户补助" in message and "整改第57项" in message
    class_a.non_poor_daily_subsidy = Decimal(0)
    class_a.full_clean()  # poor 100, non-poor 0: differentiated and allowed


def test_negative_rates_are_refused(class_a):
    class_a.non_poor_daily_subsidy = Decimal(-5)
    assert "不能为负数" in errors_of(class_a)["non_poor_daily_subsidy"][0]


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"poor_daily_subsidy": 70, "non_poor_daily_subsidy": 70}, "favours_the_poor"),
        (
            {"funding_source": "东西部扶贫协作资金", "non_poor_daily_subsidy": 20},
            "east_west_funds_pay_only_the_poor",
        ),
    ],
)
def test_the_database_refuses_item_57_violations_too(class_a, fields, constraint):
    """Writes that skip ``full_clean`` (a script, a bulk update) are still refused."""
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        TrainingClass.objects.filter(pk=class_a.pk).update(**fields)


def test_subsidy_owed_by_category(class_a, laborer_a):
    poor = make_enrollment(class_a, laborer_a, days_attended=10, completed=True)
    other = make_enrollment(class_a, days_attended=8)
    assert (poor.subsidy, other.subsidy) == (Decimal(1000), Decimal(400))
    assert poor.subsidy_note == other.subsidy_note == ""


def test_non_poor_trainee_of_an_east_west_class_is_owed_nothing_and_told_why(township_a):
    klass = make_training_class(township_a, funding_source="东西部扶贫协作资金")
    trainee = make_enrollment(klass, days_attended=10)
    assert trainee.daily_rate == 0 and trainee.subsidy == 0
    assert "东西部扶贫协作资金不得用于非贫困户补助" in trainee.subsidy_note


# --- classes -----------------------------------------------------------------------------------


def test_class_dates_and_status(class_a):
    class_a.end_date = D(2020, 4, 30)
    assert "结业日期不能早于开班日期" in errors_of(class_a)["end_date"][0]
    class_a.end_date = D(2020, 6, 20)  # after the business date 2020-06-15
    assert "不能标记为“已结业”" in errors_of(class_a)["status"][0]
    class_a.status = "培训中"
    class_a.full_clean()
    class_a.start_date = D(2020, 6, 16)
    assert "还没到" in errors_of(class_a)["status"][0]


def test_class_cannot_contradict_its_trainees(class_a, laborer_a):
    make_enrollment(class_a, laborer_a, days_attended=10, completed=True)
    class_a.refresh_from_db()
    class_a.status = "培训中"
    assert "1 名学员登记结业" in errors_of(class_a)["status"][0]
    class_a.status = "已结业"
    class_a.end_date = D(2020, 5, 5)
    assert "不能短于该天数" in errors_of(class_a)["end_date"][0]


# --- enrollments -------------------------------------------------------------------------------


def test_trainee_is_a_poor_laborer_or_a_named_non_poor_person(class_a, laborer_a):
    assert set(errors_of(Enrollment(training_class=class_a))) >= {"name", "id_number"}
    enrollment = Enrollment(
        training_class=class_a, laborer=laborer_a, name="别名", id_number=valid_id_number()
    )
    enrollment.full_clean()
    assert (enrollment.name, enrollment.id_number) == ("", "")  # the registry says who


def test_non_poor_id_number_is_validated_like_everywhere(class_a):
    bad = Enrollment(training_class=class_a, name="李四", id_number="500241198506150010")
    assert "校验位" in errors_of(bad)["id_number"][0]
    number = valid_id_number(region="500242")
    typed = Enrollment(
        training_class=class_a, name="李 四", id_number=f" {number[:6]} {number[6:]}"
    )
    typed.full_clean()  # normalised before validating, as in every form and import
    assert (typed.name, typed.id_number) == ("李四", number)


def test_registered_poor_laborer_cannot_be_entered_as_non_poor(class_a, laborer_a):
    trainee = Enrollment(training_class=class_a, name="杨秀英", id_number=laborer_a.id_number)
    assert "已登记为建档立卡贫困劳动力" in errors_of(trainee)["id_number"][0]


def test_attendance_completion_and_certificate_rules(class_a, laborer_a, township_a):
    too_long = Enrollment(training_class=class_a, laborer=laborer_a, days_attended=11)
    assert "不能超过培训期 10 天" in errors_of(too_long)["days_attended"][0]
    early = Enrollment(training_class=class_a, laborer=laborer_a, skill="苗绣证书")
    assert "结业后才能登记" in errors_of(early)["skill"][0]
    planned = make_training_class(
        township_a, start_date=D(2020, 7, 1), end_date=D(2020, 7, 5), status="筹备中"
    )
    ahead = Enrollment(training_class=planned, laborer=laborer_a, days_attended=2, completed=True)
    errors = errors_of(ahead)
    assert "尚未开班" in errors["days_attended"][0] and "结业" in errors["completed"][0]


def test_a_person_is_enrolled_once_per_class(class_a, laborer_a):
    make_enrollment(class_a, laborer_a)
    assert (
        "已是本班学员"
        in errors_of(Enrollment(training_class=class_a, laborer=laborer_a))["__all__"][0]
    )
    number = valid_id_number(region="500242")
    make_enrollment(class_a, name="李四", id_number=number)
    again = Enrollment(training_class=class_a, name="李四", id_number=number)
    assert "已是本班学员" in errors_of(again)["__all__"][0]


def test_cancelled_class_takes_no_trainee(township_a, laborer_a):
    cancelled = make_training_class(township_a, status="已取消")
    assert (
        "已取消" in errors_of(Enrollment(training_class=cancelled, laborer=laborer_a))["__all__"][0]
    )


# --- loans, stations, guidance ---------------------------------------------------------------


def test_loan_dates_follow_its_status(laborer_a):
    loan = BusinessLoan(
        laborer=laborer_a,
        bank="农商行",
        amount=50000,
        project="网店",
        applied_on=D(2020, 3, 1),
        status="发放",
    )
    errors = errors_of(loan)
    assert "须填写发放日期" in errors["disbursed_on"][0] and "到期日期" in errors["due_on"][0]
    loan.disbursed_on, loan.due_on = D(2020, 2, 1), D(2022, 2, 1)
    assert "不能早于申请日期" in errors_of(loan)["disbursed_on"][0]
    loan.disbursed_on = D(2020, 3, 10)
    loan.status = "逾期"
    assert "还没过" in errors_of(loan)["status"][0]
    loan.status, loan.repaid_on = "还清", D(2020, 6, 1)
    loan.full_clean()
    loan.status = "申请"
    loan.full_clean()
    assert loan.disbursed_on is None and loan.repaid_on is None
    loan.amount = 0
    assert "大于 0" in errors_of(loan)["amount"][0]


def test_overdue_loan(laborer_a):
    loan = make_loan(
        laborer_a,
        status="逾期",
        applied_on=D(2017, 3, 1),
        disbursed_on=D(2017, 3, 20),
        due_on=D(2019, 3, 19),
    )
    assert BusinessLoan.objects.past_due(D(2020, 6, 15)).get() == loan and loan.is_past_due
    assert not make_loan(laborer_a).is_past_due  # due in 2022


def test_work_stations_are_for_poor_college_graduates(village_a1, capable):
    station = make_station()
    worker = make_laborer(village=village_a1, name="吴芳", **capable)
    occupancy = StationOccupancy(
        station=station, laborer=worker, business="网店", start_date=D(2020, 3, 1)
    )
    message = errors_of(occupancy)["laborer"][0]
    assert "面向贫困高校毕业生" in message and "吴芳" in message


def test_a_station_holds_one_graduate_at_a_time(village_a1, capable):
    station = make_station(opened_on=D(2019, 9, 1))
    first, second = (
        make_laborer(village=village_a1, is_college_graduate=True, graduation_year=2019, **capable)
        for _ in range(2)
    )
    StationOccupancy.objects.create(
        station=station, laborer=first, business="设计", start_date=D(2020, 1, 1)
    )
    clash = StationOccupancy(
        station=station, laborer=second, business="网店", start_date=D(2020, 3, 1)
    )
    assert "已有人入驻" in errors_of(clash)["start_date"][0]
    before = StationOccupancy(
        station=station, laborer=second, business="网店", start_date=D(2019, 8, 1)
    )
    assert "投入使用" in errors_of(before)["start_date"][0]


def test_guidance_mode_matches_the_number_of_laborers():
    session = GuidanceSession(mentor=make_mentor(), mode="一对一")
    assert "请改为“多对一”" in session.participant_errors(2)["mode"]
    session.mode = "多对一"
    assert "请选择“一对一”" in session.participant_errors(1)["mode"]
    assert session.participant_errors(3) == {}
    assert "至少选择一名" in session.participant_errors(0)["laborers"]

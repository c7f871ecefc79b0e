"""The pages that change data, end to end through the test client: what is saved (read back
with ``refresh_from_db``), what is refused and the message that says why."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from laborers.models import Service
from training.models import (
    BusinessLoan,
    Enrollment,
    GuidanceSession,
    Mentor,
    StationOccupancy,
    TrainingClass,
    WorkStation,
)
from xiushan_jobs.testing import (
    make_enrollment,
    make_laborer,
    make_loan,
    make_mentor,
    make_station,
    valid_id_number,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def class_form(**overrides):
    from training.models import Trade

    data = {
        "name": "中和街道2020年苗绣培训班",
        "trade": Trade.objects.get(name="苗绣").pk,
        "format": "农民夜校",
        "program": "",
        "funding_source": "就业专项资金",
        "organizer": "秀山县就业培训中心",
        "place": "中和街道便民服务中心",
        "start_date": "2020-06-20",
        "end_date": "2020-07-04",
        "hours": "90",
        "status": "筹备中",
        "poor_daily_subsidy": "100",
        "non_poor_daily_subsidy": "50",
    }
    return {**data, **overrides}


def test_officer_creates_a_class_of_their_township(client, officer_a, township_a, township_b):
    client.force_login(officer_a)
    form = client.get(reverse("training:class_create")).context["form"]
    assert list(form.fields["township"].queryset) == [township_a]
    assert form["township"].value() == township_a.pk
    response = client.post(reverse("training:class_create"), class_form(township=township_b.pk))
    assert "township" in response.context["form"].errors  # not another township's
    response = client.post(reverse("training:class_create"), class_form(township=township_a.pk))
    klass = TrainingClass.objects.get()
    assert response.url == reverse("training:class_detail", args=[klass.pk])
    assert klass.township == township_a and klass.history.get().history_user == officer_a


def test_county_creates_a_county_class(client, county_user):
    client.force_login(county_user)
    client.post(reverse("training:class_create"), class_form(township=""))
    assert TrainingClass.objects.get().township is None


def test_item_57_refusals_say_why_on_the_form(client, county_user):
    client.force_login(county_user)
    response = client.post(
        reverse("training:class_create"),
        class_form(poor_daily_subsidy="70", non_poor_daily_subsidy="70"),
    )
    html = response.content.decode()
    assert (
        response.status_code == 200 and "整改第57项" in html and "贫困学员应高于非贫困学员" in html
    )
    response = client.post(
        reverse("training:class_create"),
        class_form(funding_source="东西部扶贫协作资金", non_poor_daily_subsidy="30"),
    )
    assert "东西部扶贫协作资金不得用于非贫困户补助" in response.content.decode()
    assert not TrainingClass.objects.exists()


def test_edit_and_delete_a_class(client, officer_a, class_a, laborer_a):
    client.force_login(officer_a)
    client.post(
        reverse("training:class_edit", args=[class_a.pk]),
        class_form(
            township=class_a.township_id,
            name="改名",
            start_date="2020-05-01",
            end_date="2020-05-10",
            status="已结业",
            poor_daily_subsidy="120",
        ),
    )
    class_a.refresh_from_db()
    assert (class_a.name, class_a.poor_daily_subsidy) == ("改名", Decimal(120))
    make_enrollment(class_a, laborer_a)
    response = client.post(reverse("training:class_delete", args=[class_a.pk]), follow=True)
    assert "已有 1 名学员，不能删除" in response.content.decode()
    assert TrainingClass.objects.filter(pk=class_a.pk).exists()


def test_enroll_by_search_then_a_non_poor_trainee(client, officer_a, class_a, laborer_a, laborer_b):
    client.force_login(officer_a)
    url = reverse("training:enroll", args=[class_a.pk])
    results = client.get(url, {"q": laborer_a.id_number[-4:]}).context["pick"].results
    assert results == [laborer_a]
    # only the tail the mask shows: a longer one would rebuild the number digit by digit
    assert client.get(url, {"q": laborer_a.id_number[-6:]}).context["pick"].results == []
    assert client.get(url, {"q": "龙海"}).context["pick"].results == []  # another township
    client.post(url, {"laborer": laborer_a.pk})
    assert Enrollment.objects.get().laborer == laborer_a
    assert client.post(url, {"laborer": laborer_b.pk}).status_code == 404
    number = valid_id_number(region="500242")
    client.post(url, {"form": "trainee", "name": "李四", "id_number": number, "phone": ""})
    assert Enrollment.objects.get(laborer__isnull=True).id_number == number
    response = client.post(
        url, {"form": "trainee", "name": "冒名", "id_number": laborer_a.id_number, "phone": ""}
    )
    assert "已登记为建档立卡贫困劳动力" in response.content.decode()
    assert Enrollment.objects.count() == 2


def test_township_officer_adds_no_non_poor_trainee_to_a_county_class(
    client, officer_a, county_class
):
    client.force_login(officer_a)
    response = client.post(
        reverse("training:enroll", args=[county_class.pk]),
        {"form": "trainee", "name": "李四", "id_number": valid_id_number(region="500242")},
        follow=True,
    )
    assert "由县就业人才局登记" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_enroll_from_the_laborers_page(client, officer_a, class_a, county_class, laborer_a):
    from xiushan_jobs.testing import make_training_class

    open_class = make_training_class(
        None, start_date=D(2020, 7, 1), end_date=D(2020, 7, 10), status="筹备中", name="七月苗绣班"
    )
    client.force_login(officer_a)
    url = reverse("training:laborer_enroll", args=[laborer_a.pk])
    page = client.get(url)
    assert [c.name for c in page.context["classes"]] == ["七月苗绣班"]  # finished ones are not open
    assert [c.name for c in page.context["suggested"]] == ["七月苗绣班"]  # her trade, 苗绣
    client.post(url, {"training_class": open_class.pk})
    assert Enrollment.objects.get().training_class == open_class


def test_record_attendance_completion_and_certificate(client, officer_a, class_a, laborer_a):
    enrollment = make_enrollment(class_a, laborer_a)
    client.force_login(officer_a)
    url = reverse("training:enrollment_edit", args=[enrollment.pk])
    data = {"days_attended": "11", "completed": "on", "skill": "苗绣技艺专项能力证书"}
    assert "不能超过培训期 10 天" in client.post(url, data).content.decode()
    client.post(url, {**data, "days_attended": "10", "certificate_number": "2020123"})
    enrollment.refresh_from_db()
    assert (enrollment.days_attended, enrollment.completed, enrollment.skill) == (
        10,
        True,
        "苗绣技艺专项能力证书",
    )
    client.post(reverse("training:enrollment_delete", args=[enrollment.pk]))
    assert not Enrollment.objects.exists()


def test_mentors_and_a_guidance_session(client, county_user, officer_a, laborer_a, village_a1):
    client.force_login(county_user)
    client.post(
        reverse("training:mentor_create"),
        {"name": "王 老师", "specialty": "电子商务", "phone": "13800138000", "is_active": "on"},
    )
    mentor = Mentor.objects.get()
    assert mentor.name == "王老师"

    other = make_laborer(village=village_a1, wants_entrepreneurship=True)
    client.force_login(officer_a)
    url = reverse("training:session_create")
    page = client.get(url, {"laborer": laborer_a.pk})
    offered = set(page.context["form"].fields["laborers"].queryset)
    assert offered == {laborer_a, other}  # the preset laborer and those who want to start up
    data = {
        "mentor": mentor.pk,
        "date": "2020-06-10",
        "mode": "一对一",
        "kind": "专家指导",
        "topic": "网店选品",
        "laborers": [laborer_a.pk, other.pk],
    }
    url = f"{url}?laborer={laborer_a.pk}"  # the form posts back to the page it is on
    response = client.post(url, data)
    assert "请改为“多对一”" in response.content.decode()
    client.post(url, {**data, "mode": "多对一"})
    session = GuidanceSession.objects.get()
    assert set(session.participants.values_list("laborer", flat=True)) == {laborer_a.pk, other.pk}
    assert Service.objects.filter(kind="创业指导", officer=officer_a).count() == 2
    client.post(
        reverse("training:session_edit", args=[session.pk]),
        {**data, "mode": "一对一", "laborers": [other.pk], "date": "2020-06-11"},
    )
    assert list(Service.objects.values_list("laborer", "date")) == [(other.pk, D(2020, 6, 11))]
    client.post(reverse("training:session_delete", args=[session.pk]))
    assert not GuidanceSession.objects.exists() and not Service.objects.exists()


def test_county_picks_a_township_before_laborers_are_offered(
    client, county_user, laborer_a, township_a
):
    client.force_login(county_user)
    page = client.get(reverse("training:session_create"))
    assert page.context["needs_township"] and not page.context["form"].fields["laborers"].queryset
    page = client.get(reverse("training:session_create"), {"township": township_a.pk})
    assert not page.context["needs_township"]


def test_record_and_repay_a_loan(client, officer_a, laborer_a):
    client.force_login(officer_a)
    url = reverse("training:loan_create")
    assert client.get(url, {"q": "杨秀英"}).context["pick"].results == [laborer_a]
    data = {
        "bank": "重庆农村商业银行秀山支行",
        "amount": "100000",
        "project": "苗绣工作室",
        "status": "发放",
        "applied_on": "2020-03-01",
    }
    response = client.post(f"{url}?laborer={laborer_a.pk}", data)
    assert "须填写发放日期" in response.content.decode()
    client.post(
        f"{url}?laborer={laborer_a.pk}",
        {**data, "disbursed_on": "2020-03-20", "due_on": "2022-03-19"},
    )
    loan = BusinessLoan.objects.get()
    assert (loan.laborer, loan.amount, loan.status) == (laborer_a, Decimal(100000), "发放")
    client.post(
        reverse("training:loan_edit", args=[loan.pk]),
        {
            **data,
            "status": "还清",
            "disbursed_on": "2020-03-20",
            "due_on": "2022-03-19",
            "repaid_on": "2020-06-01",
        },
    )
    loan.refresh_from_db()
    assert (loan.status, loan.repaid_on) == ("还清", D(2020, 6, 1))
    assert loan.history.count() == 2
    client.post(reverse("training:loan_delete", args=[loan.pk]))
    assert not BusinessLoan.objects.exists()


def test_overdue_loans_are_pointed_out(client, officer_a, laborer_a):
    loan = make_loan(
        laborer_a, applied_on=D(2018, 1, 5), disbursed_on=D(2018, 1, 20), due_on=D(2020, 1, 19)
    )
    client.force_login(officer_a)
    assert client.get(reverse("training:loan_list")).context["past_due"] == 1
    assert (
        "已于 2020-01-19 到期"
        in client.get(reverse("training:loan_detail", args=[loan.pk])).content.decode()
    )
    response = client.get(reverse("training:loan_list"), {"past_due": "true"})
    assert list(response.context["page"].object_list) == [loan]


def test_stations_and_occupancies(client, county_user, officer_a, village_a1, capable):
    client.force_login(county_user)
    client.post(
        reverse("training:station_create"),
        {
            "base": "秀山县创业孵化基地",
            "number": " 001 ",
            "opened_on": "2019-09-01",
            "is_active": "on",
        },
    )
    station = WorkStation.objects.get()
    assert station.number == "001"
    graduate = make_laborer(
        village=village_a1, name="田园", is_college_graduate=True, graduation_year=2019, **capable
    )
    make_laborer(village=village_a1, name="田野", **capable)  # not a graduate
    client.force_login(officer_a)
    url = reverse("training:occupancy_start", args=[station.pk])
    assert client.get(url, {"q": "田"}).context["pick"].results == [graduate]
    client.post(f"{url}?laborer={graduate.pk}", {"business": "电商", "start_date": "2020-03-01"})
    occupancy = StationOccupancy.objects.get()
    assert (occupancy.laborer, occupancy.end_date) == (graduate, None)
    detail = client.get(reverse("training:station_detail", args=[station.pk]))
    assert not detail.context["can_place"]
    client.post(reverse("training:occupancy_end", args=[occupancy.pk]), {"end_date": "2020-06-01"})
    occupancy.refresh_from_db()
    assert occupancy.end_date == D(2020, 6, 1)
    response = client.post(
        reverse("training:occupancy_end", args=[occupancy.pk]),
        {"end_date": "2020-06-02"},
        follow=True,
    )
    assert "已于 2020-06-01 退出" in response.content.decode()
    client.force_login(county_user)
    response = client.post(reverse("training:station_delete", args=[station.pk]), follow=True)
    assert "不能删除" in response.content.decode() and WorkStation.objects.exists()


def test_mentor_list_masks_phones_for_leaders(client, leader, officer_a):
    make_mentor(name="王老师", phone="13800138000")
    client.force_login(leader)
    html = client.get(reverse("training:mentor_list")).content.decode()
    assert "138****8000" in html and "13800138000" not in html
    client.force_login(officer_a)
    assert "13800138000" in client.get(reverse("training:mentor_list")).content.decode()


def test_station_list_names_only_visible_occupants(client, officer_b, village_a1, capable):
    station = make_station("007")
    graduate = make_laborer(
        village=village_a1, name="田园", is_college_graduate=True, graduation_year=2019, **capable
    )
    StationOccupancy.objects.create(
        station=station, laborer=graduate, business="电商", start_date=D(2020, 3, 1)
    )
    client.force_login(officer_b)
    html = client.get(reverse("training:station_list")).content.decode()
    assert "已入驻（其他乡镇）" in html and "田园" not in html

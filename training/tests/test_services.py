"""Writes that touch several rows: enrolling, deleting what others depend on, guidance
sessions that are also targeted services, stations given to one graduate at a time."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from laborers.models import Service
from training import services
from training.models import Enrollment, GuidanceSession, StationOccupancy
from xiushan_jobs.testing import (
    make_enrollment,
    make_laborer,
    make_mentor,
    make_station,
    valid_id_number,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_enroll_poor_laborer_and_non_poor_trainee(class_a, laborer_a, officer_a):
    poor = services.enrollment_add(training_class=class_a, laborer=laborer_a, by=officer_a)
    number = valid_id_number(region="500242")
    other = services.enrollment_add(
        training_class=class_a, name="李四", id_number=number, phone="138 0013 8000", by=officer_a
    )
    assert poor.is_poor and not other.is_poor
    other.refresh_from_db()
    assert (other.name, other.id_number, other.phone) == ("李四", number, "13800138000")
    assert poor.history.get().history_user == officer_a
    with pytest.raises(ValidationError, match="该劳动力已是本班学员"):
        services.enrollment_add(training_class=class_a, laborer=laborer_a, by=officer_a)
    with pytest.raises(ValidationError, match="已登记为建档立卡贫困劳动力"):
        services.enrollment_add(
            training_class=class_a, name="冒名", id_number=laborer_a.id_number, by=officer_a
        )
    assert Enrollment.objects.count() == 2


def test_class_with_trainees_is_not_deleted(class_a, laborer_a, county_user):
    make_enrollment(class_a, laborer_a)
    with pytest.raises(services.InUse, match="已取消"):
        services.class_delete(training_class=class_a, by=county_user)
    Enrollment.objects.all().delete()
    services.class_delete(training_class=class_a, by=county_user)
    assert not type(class_a).objects.exists()


def test_guidance_session_is_a_service_of_each_laborer(village_a1, capable, officer_a):
    mentor = make_mentor(name="王导师")
    first, second, third = (make_laborer(village=village_a1, **capable) for _ in range(3))
    session = GuidanceSession(
        mentor=mentor, date=D(2020, 6, 1), mode="多对一", kind="政策咨询", topic="贷款政策"
    )
    services.session_save(session=session, laborers=[first, second], by=officer_a)
    given = Service.objects.filter(kind="创业指导").order_by("laborer_id")
    assert [s.laborer_id for s in given] == [first.pk, second.pk]
    assert all(s.date == D(2020, 6, 1) and "王导师" in s.note for s in given)
    assert all(s.officer == officer_a for s in given)

    # moved to another day, one laborer out and another in: the services follow
    session.date = D(2020, 6, 3)
    services.session_save(session=session, laborers=[second, third], by=officer_a)
    given = Service.objects.filter(kind="创业指导").order_by("laborer_id")
    assert [(s.laborer_id, s.date) for s in given] == [
        (second.pk, D(2020, 6, 3)),
        (third.pk, D(2020, 6, 3)),
    ]
    services.session_delete(session=session, by=officer_a)
    assert not Service.objects.exists() and not GuidanceSession.objects.exists()


def test_guidance_refuses_wrong_mode_or_retired_mentor(laborer_a, officer_a):
    session = GuidanceSession(mentor=make_mentor(), date=D(2020, 6, 1), mode="多对一", topic="选址")
    with pytest.raises(ValidationError) as info:
        services.session_save(session=session, laborers=[laborer_a], by=officer_a)
    assert "一对一" in info.value.message_dict["mode"][0]
    retired = GuidanceSession(
        mentor=make_mentor(is_active=False), date=D(2020, 6, 1), mode="一对一", topic="选址"
    )
    with pytest.raises(ValidationError, match="已退出导师库"):
        services.session_save(session=retired, laborers=[laborer_a], by=officer_a)
    assert not GuidanceSession.objects.exists() and not Service.objects.exists()


def test_station_given_once_and_only_while_in_use(village_a1, capable, officer_a):
    station = make_station()
    first, second = (
        make_laborer(village=village_a1, is_college_graduate=True, graduation_year=2019, **capable)
        for _ in range(2)
    )
    occupancy = services.occupancy_start(
        station=station, laborer=first, start_date=D(2020, 3, 1), business="网店", by=officer_a
    )
    with pytest.raises(ValidationError, match="已有人入驻"):
        services.occupancy_start(
            station=station, laborer=second, start_date=D(2020, 4, 1), business="网店", by=officer_a
        )
    services.occupancy_end(occupancy=occupancy, end_date=D(2020, 5, 31), by=officer_a)
    occupancy.refresh_from_db()
    assert occupancy.end_date == D(2020, 5, 31)
    with pytest.raises(ValidationError, match="已于 2020-05-31 退出"):
        services.occupancy_end(occupancy=occupancy, end_date=D(2020, 6, 1), by=officer_a)
    services.occupancy_start(
        station=station, laborer=second, start_date=D(2020, 6, 1), business="设计", by=officer_a
    )
    station.is_active = False
    station.save()
    services.occupancy_end(
        occupancy=StationOccupancy.objects.get(end_date__isnull=True),
        end_date=D(2020, 6, 10),
        by=officer_a,
    )
    with pytest.raises(ValidationError, match="已撤销"):
        services.occupancy_start(
            station=station, laborer=first, start_date=D(2020, 6, 12), business="网店", by=officer_a
        )
    with pytest.raises(services.InUse, match="取消“在用”"):
        services.station_delete(station=station, by=officer_a)


def test_mentor_with_sessions_is_kept(laborer_a, county_user):
    mentor = make_mentor()
    session = GuidanceSession(mentor=mentor, date=D(2020, 6, 1), mode="一对一", topic="选址")
    services.session_save(session=session, laborers=[laborer_a], by=county_user)
    with pytest.raises(services.InUse, match="取消“在库”"):
        services.mentor_delete(mentor=mentor, by=county_user)

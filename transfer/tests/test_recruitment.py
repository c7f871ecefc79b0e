import datetime
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AccessLog
from laborers.choices import EmploymentKind
from laborers.models import EmploymentEpisode, Program
from transfer.models import EventEmployer, EventKind, Hire, RecruitmentEvent
from transfer.selectors import graduate_positions_offered
from xiushan_jobs.testing import make_episode, make_laborer

pytestmark = pytest.mark.django_db


def make_event(township=None, program_code=None, date=datetime.date(2020, 5, 10), **kwargs):
    event = RecruitmentEvent.objects.create(
        title=kwargs.pop("title", "招聘会"),
        kind=kwargs.pop("kind", EventKind.TOWN_FAIR),
        date=date,
        township=township,
        organizer="县就业人才局",
        program=Program.objects.get(code=program_code) if program_code else None,
        **kwargs,
    )
    return event


def add_employer(event, name="某企业", positions=10, graduates=0, location="秀山县"):
    return EventEmployer.objects.create(
        event=event, name=name, positions=positions, graduate_positions=graduates, location=location
    )


@pytest.fixture
def events(township_a, township_b):
    return {
        "county": make_event(None, title="县级招聘会"),
        "a": make_event(township_a, title="中和场镇招聘"),
        "b": make_event(township_b, title="隘口场镇招聘"),
    }


def titles(response):
    return {event.title for event in response.context["page"]}


# --- scope ---------------------------------------------------------------------------------


def test_list_scope_per_role(client, events, officer_a, village_officer, leader, county_user):
    url = reverse("transfer:event_list")
    client.force_login(officer_a)
    assert titles(client.get(url)) == {"县级招聘会", "中和场镇招聘"}
    client.force_login(village_officer)
    assert titles(client.get(url)) == {"县级招聘会", "中和场镇招聘"}
    for user in (leader, county_user):
        client.force_login(user)
        assert titles(client.get(url)) == {"县级招聘会", "中和场镇招聘", "隘口场镇招聘"}


def test_other_townships_event_is_404(client, events, officer_a):
    client.force_login(officer_a)
    for name in ("event_detail", "event_edit", "hire_create"):
        assert client.get(reverse(f"transfer:{name}", args=[events["b"].pk])).status_code == 404


def test_township_officer_reads_but_cannot_edit_county_events(client, events, officer_a):
    client.force_login(officer_a)
    assert (
        client.get(reverse("transfer:event_detail", args=[events["county"].pk])).status_code == 200
    )
    assert client.get(reverse("transfer:event_edit", args=[events["county"].pk])).status_code == 403


def test_leader_and_village_officer_cannot_write(client, events, leader, village_officer):
    for user in (leader, village_officer):
        client.force_login(user)
        assert client.get(reverse("transfer:event_create")).status_code == 403
        response = client.post(reverse("transfer:event_delete", args=[events["a"].pk]))
        assert response.status_code == 403
    assert RecruitmentEvent.objects.filter(pk=events["a"].pk).exists()


def test_anonymous_goes_to_login(client, events):
    response = client.get(reverse("transfer:event_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_delete_requires_post(client, events, county_user):
    client.force_login(county_user)
    assert client.get(reverse("transfer:event_delete", args=[events["a"].pk])).status_code == 405


# --- create and edit ----------------------------------------------------------------------


def _event_post(township, employers):
    data = {
        "title": "清溪场镇春季招聘会",
        "kind": EventKind.TOWN_FAIR,
        "date": "2020-04-20",
        "place": "场镇广场",
        "township": township.pk if township else "",
        "organizer": "乡镇政府",
        "program": "",
        "attendees": "200",
        "poor_attendees": "60",
        "note": "",
        "employers-TOTAL_FORMS": str(len(employers)),
        "employers-INITIAL_FORMS": "0",
        "employers-MIN_NUM_FORMS": "1",
        "employers-MAX_NUM_FORMS": "1000",
    }
    for i, (name, positions, graduates) in enumerate(employers):
        data |= {
            f"employers-{i}-name": name,
            f"employers-{i}-location": "秀山县",
            f"employers-{i}-positions": str(positions),
            f"employers-{i}-graduate_positions": str(graduates),
        }
    return data


def test_officer_creates_an_event_of_their_township(client, officer_a, township_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("transfer:event_create"),
        _event_post(township_a, [("甲公司", 20, 2), ("乙公司", 5, 0)]),
    )
    event = RecruitmentEvent.objects.get()
    assert response.status_code == 302
    assert event.township == township_a
    assert sorted(event.employers.values_list("name", "positions")) == [
        ("乙公司", 5),
        ("甲公司", 20),
    ]
    assert event.history.first().history_user == officer_a


def test_officer_cannot_create_for_another_township_or_the_county(client, officer_a, township_b):
    client.force_login(officer_a)
    for township in (township_b, None):
        response = client.post(
            reverse("transfer:event_create"), _event_post(township, [("甲公司", 20, 2)])
        )
        assert response.status_code == 200
        assert "township" in response.context["form"].errors
    assert not RecruitmentEvent.objects.exists()


def test_event_rules_are_explained(client, county_user):
    client.force_login(county_user)
    data = _event_post(None, [("甲公司", 5, 9)])
    data["poor_attendees"] = "500"
    response = client.post(reverse("transfer:event_create"), data)
    assert "不能多于参会总人数" in str(response.context["form"].errors)
    assert "不能多于岗位总数" in str(response.context["formset"].errors)
    assert not RecruitmentEvent.objects.exists()


# --- hires --------------------------------------------------------------------------------


def _hire(client, event, laborer, employer, **extra):
    data = {
        "laborer": laborer.pk,
        "employer": employer.pk,
        "kind": EmploymentKind.IN_COUNTY,
        "province": "",
        "start_date": "2020-05-15",
        "monthly_income": "3000",
    } | extra
    return client.post(reverse("transfer:hire_create", args=[event.pk]), data)


def test_hire_creates_the_episode_with_the_program(client, officer_a, village_a1, township_a):
    event = make_event(None, "hechuan", title="合川定向招聘")
    employer = add_employer(event, "合川某企业", positions=5, graduates=5, location="合川区")
    laborer = make_laborer(village=village_a1)
    old = make_episode(laborer, start=datetime.date(2019, 3, 1))
    client.force_login(officer_a)
    response = _hire(client, event, laborer, employer, kind=EmploymentKind.IN_CITY)
    assert response.status_code == 302
    hire = Hire.objects.get()
    episode = hire.episode
    assert (
        episode.laborer,
        episode.kind,
        episode.program.code,
        episode.employer,
        episode.start_date,
    ) == (laborer, EmploymentKind.IN_CITY, "hechuan", "合川某企业", datetime.date(2020, 5, 15))
    old.refresh_from_db()
    assert old.end_date == datetime.date(2020, 5, 14)  # the earlier job ended the day before
    assert episode.history.first().history_user == officer_a


def test_hire_refusals(client, officer_a, village_a1, village_b1):
    event = make_event(None)
    employer = add_employer(event, positions=1)
    first = make_laborer(village=village_a1)
    second = make_laborer(village=village_a1)
    outsider = make_laborer(village=village_b1)
    client.force_login(officer_a)
    assert _hire(client, event, first, employer).status_code == 302
    # full
    response = _hire(client, event, second, employer)
    assert "已全部录满" in str(response.context["form"].errors)
    # twice at the same event
    employer.positions = 5
    employer.save()
    response = _hire(client, event, first, employer)
    assert "已在本次招聘活动中登记录用" in str(response.context["form"].errors)
    # before the event
    response = _hire(client, event, second, employer, start_date="2020-05-01")
    assert "不能早于招聘活动日期" in str(response.context["form"].errors)
    # a job that started later than the new one
    make_episode(second, start=datetime.date(2020, 6, 1))
    response = _hire(client, event, second, employer)
    assert "请先在劳动力页面核实并结束原就业" in str(response.context["form"].errors)
    # out of scope
    assert _hire(client, event, outsider, employer).status_code == 404
    assert Hire.objects.count() == 1
    assert EmploymentEpisode.objects.filter(laborer=second).count() == 1


def test_hire_search_finds_only_laborers_in_scope(client, officer_a, village_a1, village_b1):
    event = make_event(None)
    mine = make_laborer(village=village_a1, name="王五")
    make_laborer(village=village_b1, name="王五")
    client.force_login(officer_a)
    response = client.get(reverse("transfer:hire_create", args=[event.pk]), {"q": "王五"})
    assert response.context["candidates"] == [mine]
    response = client.get(
        reverse("transfer:hire_create", args=[event.pk]), {"q": mine.id_number[-4:]}
    )
    assert response.context["candidates"] == [mine]
    response = client.get(
        reverse("transfer:hire_create", args=[event.pk]), {"q": mine.id_number[-6:]}
    )
    assert response.context["candidates"] == []  # only the tail the mask shows


def test_withdrawing_a_hire_removes_its_episode(client, officer_a, village_a1):
    event = make_event(None)
    employer = add_employer(event)
    laborer = make_laborer(village=village_a1)
    client.force_login(officer_a)
    _hire(client, event, laborer, employer)
    hire = Hire.objects.get()
    assert client.get(reverse("transfer:hire_delete", args=[hire.pk])).status_code == 405
    assert client.post(reverse("transfer:hire_delete", args=[hire.pk])).status_code == 302
    assert not Hire.objects.exists()
    assert not EmploymentEpisode.objects.filter(laborer=laborer).exists()


def test_event_with_hires_cannot_be_deleted(client, officer_a, village_a1, township_a):
    event = make_event(township_a)
    employer = add_employer(event)
    client.force_login(officer_a)
    _hire(client, event, make_laborer(village=village_a1), employer)
    client.post(reverse("transfer:event_delete", args=[event.pk]))
    assert RecruitmentEvent.objects.filter(pk=event.pk).exists()


def test_other_township_hires_are_counted_not_shown(
    client, officer_a, officer_b, village_a1, village_b1
):
    event = make_event(None)
    employer = add_employer(event)
    other = Client()
    other.force_login(officer_b)
    _hire(other, event, make_laborer(village=village_b1, name="外乡人"), employer)
    client.force_login(officer_a)
    response = client.get(reverse("transfer:event_detail", args=[event.pk]))
    assert response.context["hires"] == [] and response.context["hidden_hires"] == 1
    assert "外乡人" not in response.content.decode()


# --- dashboard selector, export, query counts -------------------------------------------


def test_graduate_positions_offered_counts_hechuan_events_only(township_a):
    hechuan = make_event(None, "hechuan")
    add_employer(hechuan, "甲", positions=50, graduates=30)
    add_employer(hechuan, "乙", positions=20, graduates=0)
    add_employer(make_event(township_a, "hechuan"), "丙", positions=10, graduates=7)
    add_employer(make_event(None, "luyu"), "丁", positions=40, graduates=40)
    figure = graduate_positions_offered()
    assert figure.count == 37
    assert sorted(figure.queryset.values_list("name", flat=True)) == ["丙", "甲"]
    assert figure.township_path is None


def test_graduate_positions_count_the_year_and_the_area(client, township_a, officer_b):
    """The year of the event counts; an officer counts county events and their own; the
    event list the figure links to totals the same positions."""
    add_employer(make_event(None, "hechuan"), "甲", positions=50, graduates=30)
    add_employer(make_event(township_a, "hechuan"), "丙", positions=10, graduates=7)
    old = make_event(None, "hechuan")
    old.date = datetime.date(2019, 11, 1)
    old.save()
    add_employer(old, "旧", positions=10, graduates=10)
    assert graduate_positions_offered(year=2020).count == 37
    assert graduate_positions_offered(year=2019).count == 10
    assert graduate_positions_offered(year=0).count == 47
    figure = graduate_positions_offered(user=officer_b)
    assert figure.count == 30
    client.force_login(officer_b)
    response = client.get(figure.url)
    assert response.context["totals"]["positions"]["g"] == figure.count


def test_export_is_scoped_and_logged(client, events, officer_a):
    add_employer(events["a"], positions=12, graduates=3)
    client.force_login(officer_a)
    response = client.get(reverse("transfer:event_export"))
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(row[2] for row in rows) == ["中和场镇招聘", "县级招聘会"]
    assert [row[10] for row in rows if row[2] == "中和场镇招聘"] == [12]
    log = AccessLog.objects.get()
    assert (log.action, log.row_count, log.user) == ("export", 2, officer_a)


@pytest.mark.parametrize("size", [2, 12])
def test_list_and_detail_query_counts_are_constant(
    client, county_user, village_a1, size, django_assert_max_num_queries
):
    from transfer.services import hire_record

    event = None
    for i in range(size):
        event = make_event(None, title=f"活动{i}")
        employer = add_employer(event, positions=size)
        for _ in range(2):
            hire_record(
                event=event,
                employer=employer,
                laborer=make_laborer(village=village_a1),
                kind=EmploymentKind.IN_COUNTY,
                start_date=datetime.date(2020, 5, 20),
                by=county_user,
            )
    client.force_login(county_user)
    # session, user, count, employer sums, hire count, page of events with totals,
    # filter choices (programs, townships)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("transfer:event_list")).status_code == 200
    # session, user, event, employers with hire counts, hires (with laborer, employer,
    # episode), visible laborer ids, editable check
    with django_assert_max_num_queries(8):
        assert client.get(reverse("transfer:event_detail", args=[event.pk])).status_code == 200

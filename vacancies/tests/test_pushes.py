"""Pushing a vacancy and recording answers, through the pages and the services."""

from __future__ import annotations

import datetime
import re
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AccessLog
from laborers.choices import EmploymentKind, ServiceKind
from laborers.models import Laborer, Service
from transfer.models import Employer, EventEmployer
from vacancies.models import Answer, Push, PushedLaborer, Vacancy, WorkArea
from vacancies.services import push_answer_record, push_record
from vacancies.tests.conftest import make_vacancy

pytestmark = pytest.mark.django_db
DAY = datetime.date(2020, 6, 10)


def _push(county_map, officer, *laborers, channel="电话"):
    return push_record(
        vacancy=county_map.vacancy, laborers=list(laborers), channel=channel, date=DAY, by=officer
    )


# --- services ---------------------------------------------------------------------------


def test_a_push_gives_each_laborer_a_job_recommendation_service(county_map, officer_a):
    push = _push(county_map, officer_a, county_map.wang, county_map.li, channel="短信")
    services = Service.objects.filter(kind=ServiceKind.JOB_RECOMMENDATION)
    assert set(services.values_list("laborer__name", flat=True)) == {"王一", "李二"}
    assert set(services.values_list("channel", flat=True)) == {"短信"}
    assert all(s.officer == officer_a and s.date == DAY for s in services)
    recipients = {r.laborer.name: r for r in push.recipients.all()}
    assert recipients["王一"].score == 100
    assert "受过缝纫工培训" in recipients["王一"].reasons
    assert recipients["王一"].service.kind == ServiceKind.JOB_RECOMMENDATION
    # history records who pushed
    assert push.history.first().history_user == officer_a


def test_a_push_refuses_the_employed_the_unwilling_and_the_out_of_area(county_map, officer_a):
    for laborer in (county_map.qian, county_map.sun, county_map.zheng, county_map.old):
        with pytest.raises(ValidationError, match=laborer.name):
            _push(county_map, officer_a, county_map.wang, laborer)
    assert not Push.objects.exists()
    assert not Service.objects.filter(kind=ServiceKind.JOB_RECOMMENDATION).exists()


def test_a_laborer_is_pushed_a_vacancy_once(county_map, officer_a):
    _push(county_map, officer_a, county_map.wang)
    with pytest.raises(ValidationError, match="王一"):
        _push(county_map, officer_a, county_map.wang)


def test_hired_starts_the_job_like_an_event_hire_and_ends_the_search(county_map, officer_a):
    push = _push(county_map, officer_a, county_map.wang)
    recipient = push.recipients.get()
    push_answer_record(
        recipient=recipient,
        answer=Answer.HIRED,
        day=datetime.date(2020, 6, 12),
        remote_interview=True,
        monthly_income=3200,
        by=officer_a,
    )
    recipient.refresh_from_db()
    episode = recipient.episode
    assert episode.kind == EmploymentKind.IN_COUNTY
    assert episode.employer == "秀山县某服装厂"
    assert episode.start_date == datetime.date(2020, 6, 12)
    assert episode.end_date is None
    assert episode.history.first().history_user == officer_a
    assert Laborer.objects.employed().filter(pk=county_map.wang.pk).exists()
    # the remote interview is a service too
    assert county_map.wang.services.filter(kind=ServiceKind.REMOTE_INTERVIEW).exists()
    with pytest.raises(ValidationError, match="已登记录用"):
        push_answer_record(recipient=recipient, answer=Answer.DECLINED, day=DAY, by=officer_a)


def test_hired_into_shandong_is_work_outside_chongqing_under_its_program(county_map, officer_a):
    from laborers.models import Program

    shandong = make_vacancy(
        work_area=WorkArea.SHANDONG, trade=None, program=Program.objects.get(code="luyu")
    )
    push = push_record(
        vacancy=shandong, laborers=[county_map.zhao], channel="微信", date=DAY, by=officer_a
    )
    recipient = push_answer_record(
        recipient=push.recipients.get(), answer=Answer.HIRED, day=DAY, by=officer_a
    )
    assert recipient.episode.kind == EmploymentKind.OUTSIDE
    assert recipient.episode.province == "山东省"
    assert recipient.episode.program.code == "luyu"


def test_places_are_never_exceeded(county_map, officer_a):
    county_map.vacancy.places = 1
    county_map.vacancy.save()
    push = _push(county_map, officer_a, county_map.wang, county_map.li)
    first, second = push.recipients.order_by("pk")
    push_answer_record(recipient=first, answer=Answer.HIRED, day=DAY, by=officer_a)
    with pytest.raises(ValidationError, match="名额已全部录满"):
        push_answer_record(recipient=second, answer=Answer.HIRED, day=DAY, by=officer_a)
    second.refresh_from_db()
    assert second.answer == Answer.PENDING


def test_declined_needs_a_reason(county_map, officer_a):
    recipient = _push(county_map, officer_a, county_map.wang).recipients.get()
    with pytest.raises(ValidationError) as caught:
        push_answer_record(recipient=recipient, answer=Answer.DECLINED, day=DAY, by=officer_a)
    assert "原因" in str(caught.value)
    push_answer_record(
        recipient=recipient,
        answer=Answer.DECLINED,
        day=DAY,
        decline_reason="离家太远",
        by=officer_a,
    )
    recipient.refresh_from_db()
    assert (recipient.answer, recipient.decline_reason) == (Answer.DECLINED, "离家太远")


def test_the_employer_registry_is_shared_with_recruitment_events(county_map, county_user, client):
    """An employer entered at an event (through the event form) and the employer named on
    a vacancy are one registry row."""
    client.force_login(county_user)
    response = client.post(
        reverse("transfer:event_create"),
        {
            "title": "专场招聘",
            "kind": "专场招聘",
            "date": "2020-06-01",
            "organizer": "县就业人才局",
            "attendees": "10",
            "poor_attendees": "5",
            "employers-TOTAL_FORMS": "1",
            "employers-INITIAL_FORMS": "0",
            "employers-MIN_NUM_FORMS": "1",
            "employers-MAX_NUM_FORMS": "1000",
            "employers-0-name": "秀山县某服装厂",
            "employers-0-positions": "3",
            "employers-0-graduate_positions": "0",
        },
    )
    assert response.status_code == 302
    entry = EventEmployer.objects.get(name="秀山县某服装厂")
    assert entry.employer == county_map.vacancy.employer
    assert Employer.objects.filter(name="秀山县某服装厂").count() == 1


# --- pages ------------------------------------------------------------------------------


def test_officer_pushes_from_the_vacancy_page(client, county_map, officer_a):
    client.force_login(officer_a)
    url = reverse("vacancies:detail", args=[county_map.vacancy.pk])
    page = client.get(url).content.decode()
    assert page.index("王一") < page.index("李二") < page.index("赵三")
    assert "郑八" not in page and "钱四" not in page
    response = client.post(
        reverse("vacancies:push", args=[county_map.vacancy.pk]),
        {
            "laborers": [county_map.wang.pk, county_map.li.pk],
            "channel": "入户走访",
            "date": "2020-06-10",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert PushedLaborer.objects.filter(vacancy=county_map.vacancy).count() == 2


def test_pushing_someone_out_of_area_is_refused_with_a_message(client, county_map, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("vacancies:push", args=[county_map.vacancy.pk]),
        {"laborers": [county_map.zheng.pk], "channel": "电话", "date": "2020-06-10"},
    )
    assert response.status_code == 400
    assert "不在您的辖区内" in response.content.decode()
    assert not Push.objects.exists()


def test_push_is_post_only_and_refused_to_leaders(client, county_map, leader):
    client.force_login(leader)
    url = reverse("vacancies:push", args=[county_map.vacancy.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"laborers": [county_map.wang.pk]}).status_code == 403


def test_answer_page_records_hired(client, county_map, officer_a):
    recipient = _push(county_map, officer_a, county_map.wang).recipients.get()
    client.force_login(officer_a)
    response = client.post(
        reverse("vacancies:answer", args=[recipient.pk]),
        {"answer": "hired", "day": "2020-06-12", "start_date": "2020-06-13"},
    )
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert recipient.answer == Answer.HIRED
    assert recipient.episode.start_date == datetime.date(2020, 6, 13)


def test_answer_page_shows_a_refusal_at_its_field(client, county_map, officer_a):
    recipient = _push(county_map, officer_a, county_map.wang).recipients.get()
    client.force_login(officer_a)
    response = client.post(
        reverse("vacancies:answer", args=[recipient.pk]),
        {"answer": "declined", "day": "2020-06-12"},
    )
    assert response.status_code == 200
    assert "不愿意时请填写原因" in response.content.decode()


def test_another_townships_officer_cannot_answer(client, county_map, officer_a, officer_b):
    recipient = _push(county_map, officer_a, county_map.wang).recipients.get()
    client.force_login(officer_b)
    url = reverse("vacancies:answer", args=[recipient.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "hired", "day": "2020-06-12"}).status_code == 404


def test_township_officer_creates_a_vacancy_of_their_township(client, officer_a, township_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("vacancies:create"),
        {
            "employer_name": " 秀山县某电商企业 ",
            "title": "客服",
            "places": "3",
            "work_area": "县内",
            "work_township": township_a.pk,
            "ability_required": "any",
            "valid_from": "2020-06-01",
            "valid_to": "2020-09-30",
            "township": township_a.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    vacancy = Vacancy.objects.get(title="客服")
    assert vacancy.employer.name == "秀山县某电商企业"
    assert vacancy.township == township_a
    assert vacancy.created_by == officer_a


def test_bad_vacancy_input_is_a_chinese_message_at_its_field(client, officer_a, township_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("vacancies:create"),
        {
            "employer_name": "某企业",
            "title": "客服",
            "places": "3",
            "work_area": "县内",
            "ability_required": "any",
            "age_min": "40",
            "age_max": "30",
            "valid_from": "2020-06-01",
            "valid_to": "2020-05-01",
            "township": township_a.pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "县内岗位请选择工作所在的乡镇（街道）" in page
    assert "最高年龄不能低于最低年龄" in page
    assert "有效期结束日期不能早于开始日期" in page
    assert not Vacancy.objects.exists()


def test_township_officer_cannot_edit_another_townships_vacancy(
    client, county_map, officer_b, township_a
):
    own = make_vacancy(work_township=township_a, township=township_a, title="中和专岗")
    client.force_login(officer_b)
    assert client.get(reverse("vacancies:detail", args=[own.pk])).status_code == 404
    assert client.get(reverse("vacancies:edit", args=[own.pk])).status_code == 404
    # the county's vacancy is read by all, changed by the county only
    assert client.get(reverse("vacancies:edit", args=[county_map.vacancy.pk])).status_code == 403


def test_vacancy_page_queries_do_not_grow_with_matches(
    client, county_map, officer_a, django_assert_max_num_queries, village_a1
):
    from xiushan_jobs.testing import make_household, make_laborer

    _push(county_map, officer_a, county_map.li)
    client.force_login(officer_a)
    url = reverse("vacancies:detail", args=[county_map.vacancy.pk])
    # session + user, vacancy, editable check, matches (one query), recipients, funnel;
    # on PostgreSQL the ranking also switches JIT off for its own statement
    most = 10 + (connection.vendor == "postgresql")
    with django_assert_max_num_queries(most) as few:
        assert client.get(url).status_code == 200
    for _ in range(15):
        make_laborer(make_household(village_a1), employment_intention="县内就业")
    with django_assert_max_num_queries(most) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_report_counts_the_funnel_and_the_ledger_is_logged(
    client, county_map, officer_a, county_user, django_assert_max_num_queries
):
    push = _push(county_map, officer_a, county_map.wang, county_map.li, county_map.zhao)
    wang, li, _zhao = push.recipients.order_by("pk")
    push_answer_record(recipient=wang, answer=Answer.HIRED, day=DAY, by=officer_a)
    push_answer_record(recipient=li, answer=Answer.INTERESTED, day=DAY, by=officer_a)
    client.force_login(county_user)
    # session + user, funnel, by vacancy, by employer, by township
    with django_assert_max_num_queries(7):
        response = client.get(reverse("vacancies:report"))
    context = response.context
    assert context["funnel"] == {
        "pushed": 3,
        "interested": 2,
        "interviewed": 1,
        "hired": 1,
        "declined": 0,
    }
    assert context["by_township"][0]["laborer__household__village__township__name"] == "中和街道"
    assert context["chart_data"]["values"] == [3, 2, 1, 1]
    response = client.get(reverse("vacancies:export"))
    book = load_workbook(BytesIO(response.content))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    assert header[0] == "序号" and "身份证号码" in header
    data = rows[3:]
    assert len(data) == 3
    id_column = header.index("身份证号码")
    assert all("*" in row[id_column] for row in data)  # masked
    assert AccessLog.objects.filter(user=county_user, action=AccessLog.Action.EXPORT).exists()


def test_report_of_a_township_counts_only_its_laborers(client, county_map, officer_a, officer_b):
    _push(county_map, officer_a, county_map.wang)
    client.force_login(officer_b)
    assert client.get(reverse("vacancies:report")).context["funnel"]["pushed"] == 0


def test_village_message_is_wechat_text_and_the_sheet_has_a_qr_code(
    client, county_map, officer_a, village_a1, township_b
):
    make_vacancy(township=township_b, title="隘口专岗", work_area=WorkArea.IN_CITY, trade=None)
    client.force_login(officer_a)
    text = client.get(reverse("vacancies:village_message", args=[village_a1.pk])).context["text"]
    assert text.startswith("【中和街道凤鸣村·岗位信息】")
    assert "秀山县某服装厂招缝纫工5人" in text
    assert "隘口专岗" not in text  # another township's own vacancy
    assert f"/jobs/village/{village_a1.pk}/" in text
    sheet = client.get(reverse("vacancies:village_sheet", args=[village_a1.pk])).content.decode()
    assert "<svg" in sheet and "缝纫工" in sheet
    # another township's village: 404
    from xiushan_jobs.testing import make_village

    other = make_village(township_b, "另一村")
    assert client.get(reverse("vacancies:village_message", args=[other.pk])).status_code == 404


def test_laborer_page_shows_fitting_vacancies_and_pushes(client, county_map, officer_a):
    client.force_login(officer_a)
    url = reverse("laborers:laborer_detail", args=[county_map.wang.pk])
    page = client.get(url).content.decode()
    assert "适合的在招岗位" in page and "缝纫工" in page
    recipient = _push(county_map, officer_a, county_map.wang).recipients.get()
    push_answer_record(recipient=recipient, answer=Answer.HIRED, day=DAY, by=officer_a)
    page = client.get(url).content.decode()
    assert "已录用" in page
    assert "适合的在招岗位" not in page  # employed now: not looking


def test_public_page_has_no_id_number_or_phone(client, county_map, officer_a):
    county_map.vacancy.description = "报名电话 13912345678，身份证复印件一份"
    county_map.vacancy.save()
    _push(county_map, officer_a, county_map.wang)
    urls = [
        reverse("public_jobs:list"),
        reverse("public_jobs:detail", args=[county_map.vacancy.pk]),
        reverse("public_jobs:village", args=[county_map.wang.household.village_id]),
    ]
    laborers = Laborer.objects.all()
    for url in urls:
        response = client.get(url)  # no login
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "缝纫工" in page
        assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", page), url  # no mobile number
        assert not re.search(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])", page), url
        assert county_map.vacancy.contact_phone not in page
        for laborer in laborers:
            assert laborer.id_number not in page
            assert f">{laborer.name}<" not in page
        assert "max-age=300" in response["Cache-Control"]
        assert "public" in response["Cache-Control"]
        assert "Cookie" not in response.get("Vary", "")
        assert "Set-Cookie" not in response.headers
        assert '<meta property="og:title"' in page
        assert '<meta property="og:description"' in page


def test_public_page_filters_and_leaves_out_ended_vacancies(client, county_map, township_b):
    make_vacancy(
        title="已结束岗位", valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2020, 5, 1)
    )
    make_vacancy(title="隘口专岗", township=township_b, trade=None, work_area=WorkArea.IN_CITY)
    page = client.get(reverse("public_jobs:list")).content.decode()
    assert "缝纫工" in page and "隘口专岗" in page and "已结束岗位" not in page
    from training.models import Trade

    sewing = Trade.objects.get(name="缝纫工")
    page = client.get(reverse("public_jobs:list"), {"trade": sewing.pk}).content.decode()
    assert "缝纫工" in page and "隘口专岗" not in page
    from laborers.models import Township

    zhonghe = Township.objects.get(name="中和街道")
    page = client.get(reverse("public_jobs:list"), {"township": zhonghe.pk}).content.decode()
    assert "隘口专岗" not in page and "缝纫工" in page
    ended = Vacancy.objects.get(title="已结束岗位")
    assert client.get(reverse("public_jobs:detail", args=[ended.pk])).status_code == 404
    detail = client.get(reverse("public_jobs:detail", args=[county_map.vacancy.pk]))
    assert "<svg" in detail.content.decode()  # its QR code


def test_public_list_queries_stay_flat(client, county_map, django_assert_max_num_queries):
    # the vacancies (employer, trade, township, program joined); the filter's townships
    # and trades
    with django_assert_max_num_queries(3):
        assert client.get(reverse("public_jobs:list")).status_code == 200
    for number in range(10):
        make_vacancy(title=f"岗位{number}")
    with django_assert_max_num_queries(3):
        assert client.get(reverse("public_jobs:list")).status_code == 200


def test_vacancy_list_queries_stay_flat(
    client, county_map, officer_a, township_a, django_assert_max_num_queries
):
    client.force_login(officer_a)
    url = reverse("vacancies:list")
    # session + user, count, the page of vacancies with their counts, the filter's trades
    # and townships, the villages for the message links
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    for number in range(12):
        vacancy = make_vacancy(title=f"岗位{number}", township=township_a)
        push_record(
            vacancy=vacancy,
            laborers=[county_map.li],
            channel="电话",
            date=DAY,
            by=officer_a,
        )
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()
    assert "岗位11" in page

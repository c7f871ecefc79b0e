"""Searching people matches only what the user is shown, or a complete number, which is
an act of identification: revealing roles only, logged, never a match for a leader."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AccessLog
from laborers.models import Laborer
from laborers.search import Kind, read_person_query
from xiushan_jobs.lib.idnumber import mask_id_number, with_check_digit
from xiushan_jobs.testing import make_laborer

pytestmark = pytest.mark.django_db
URL = reverse("laborers:laborer_list")
BIRTH = datetime.date(1983, 11, 12)
NUMBER = with_check_digit("50024119831112720")
PHONE = "19512346700"


@pytest.fixture
def person(village_a1):
    return make_laborer(village=village_a1, name="龙小燕", id_number=NUMBER, phone=PHONE)


def found(client, user, q):
    client.force_login(user)
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return [row.pk for row in response.context["rows"]], response.content.decode()


def reveals(user):
    return AccessLog.objects.filter(user=user, action=AccessLog.Action.REVEAL)


def test_a_leader_cannot_rebuild_a_masked_id_number_from_its_age(client, person, leader):
    # The attack: the list shows 500241********XXXX and an age; try every birth date that
    # fits and the check digit comes for free. Every attempt now matches nothing.
    shown = mask_id_number(NUMBER)
    assert shown.startswith("500241********")
    tail = NUMBER[-4:]
    tries = []
    day = BIRTH - datetime.timedelta(days=15)
    while len(tries) < 30:
        tries.append(with_check_digit(f"500241{day:%Y%m%d}{tail[:3]}"))
        day += datetime.timedelta(days=1)
    assert NUMBER in tries
    for number in tries:
        pks, page = found(client, leader, number)
        assert pks == [], number
    assert "需要查看完整信息的权限" in page  # said plainly, the same for any number
    assert found(client, leader, tail)[0] == [person.pk]  # what the mask shows does match
    assert not reveals(leader).exists()


def test_a_leader_cannot_extend_a_phone_tail_digit_by_digit(client, person, leader):
    assert found(client, leader, "6700")[0] == [person.pk]
    for longer in range(5, 12):
        pks, page = found(client, leader, PHONE[-longer:])
        assert pks == [], PHONE[-longer:]
    assert "后 4 位" in page
    assert found(client, leader, "700")[0] == []  # shorter: nothing either
    assert found(client, leader, "195 1234 6700")[0] == []  # the complete phone


@pytest.mark.parametrize(
    "query",
    [NUMBER[-5:], NUMBER[-3:], NUMBER[:6], NUMBER[6:14], NUMBER[:10], PHONE[:7], PHONE[-6:]],
)
def test_tails_match_only_exactly_as_shown(client, person, officer_a, query):
    assert found(client, officer_a, query)[0] == []
    assert not reveals(officer_a).exists()


def test_the_visible_tails_match(client, person, officer_a, village_a1):
    make_laborer(village=village_a1, name="其他人", phone="13700000000")
    assert found(client, officer_a, NUMBER[-4:].lower())[0] == [person.pk]
    assert found(client, officer_a, "６７００")[0] == [person.pk]  # typed full-width
    assert not reveals(officer_a).exists()  # a visible tail reveals nothing


def test_an_officers_complete_id_search_is_logged_as_a_reveal(client, person, officer_a):
    typed = f"{NUMBER[:6]} {NUMBER[6:14]} {NUMBER[14:].lower()}"
    assert found(client, officer_a, typed)[0] == [person.pk]
    [entry] = reveals(officer_a)
    assert entry.object_id == person.pk and entry.fields == "身份证号码"
    assert "按完整身份证号码查找（劳动力名单）" in entry.detail
    assert NUMBER not in entry.detail  # the log holds references, never the number
    assert found(client, officer_a, "+86 195-1234-6700")[0] == [person.pk]
    assert reveals(officer_a).filter(fields="联系电话", object_id=person.pk).count() == 1


def test_a_complete_search_that_finds_nothing_is_logged_too(client, person, officer_a):
    other = with_check_digit("50024119900101123")
    assert found(client, officer_a, other)[0] == []
    [entry] = reveals(officer_a)
    assert entry.object_id is None and "没有找到" in entry.detail


def test_an_invalid_id_number_matches_nothing_and_says_why(client, person, officer_a):
    wrong = NUMBER[:17] + ("0" if NUMBER[17] != "0" else "1")
    pks, page = found(client, officer_a, wrong)
    assert pks == [] and "不是有效的身份证号码" in page
    assert not reveals(officer_a).exists()


def test_an_id_registered_in_another_township_is_named_without_the_persons_data(
    client, person, officer_b
):
    pks, page = found(client, officer_b, NUMBER)
    assert pks == []
    assert "该身份证号码已在中和街道登记，不在您的管辖范围内。" in page
    assert "龙小燕" not in page and "凤鸣村" not in page and PHONE[-4:] not in page
    [entry] = reveals(officer_b)
    assert entry.object_id == person.pk and "告知登记地" in entry.detail


def test_a_village_officer_is_told_the_other_village_of_the_township(
    client, village_officer, village_a2
):
    neighbour = make_laborer(village=village_a2, name="邻村人")
    pks, page = found(client, village_officer, neighbour.id_number)
    assert pks == [] and "该身份证号码已在中和街道 太平村登记" in page
    assert "邻村人" not in page


def test_a_leader_is_never_told_where_a_number_is_registered(client, person, leader):
    # (a leader sees the whole county, so "elsewhere" cannot arise; and identifying is
    # refused before anything is looked up)
    pks, page = found(client, leader, NUMBER)
    assert pks == [] and "中和街道登记" not in page


def test_pickers_search_under_the_same_rule(client, person, officer_a):
    site_url = reverse("training:enroll", args=[_class_for(officer_a).pk])
    client.force_login(officer_a)
    assert client.get(site_url, {"q": NUMBER[-5:]}).context["pick"].results == []
    assert client.get(site_url, {"q": NUMBER}).context["pick"].results == [person]
    [entry] = reveals(officer_a)
    assert entry.object_id == person.pk and "选择劳动力" in entry.detail


def _class_for(user):
    from training.tests.conftest import make_training_class

    return make_training_class(user.township, name="苗绣培训班")


def test_queryset_search_refuses_identification_to_a_leader(person, leader, officer_a):
    assert list(Laborer.objects.search(NUMBER, user=leader)) == []
    assert list(Laborer.objects.search(NUMBER, user=officer_a)) == [person]
    assert list(Laborer.objects.search("", user=officer_a)) == []


@pytest.mark.parametrize(
    "text, kind",
    [
        ("", Kind.EMPTY),
        ("龙小燕", Kind.NAME),
        ("720x", Kind.TAIL),
        ("6700", Kind.TAIL),
        ("67000", Kind.UNMATCHABLE),
        ("5002411983", Kind.UNMATCHABLE),
        (NUMBER.lower(), Kind.FULL_ID),
        (NUMBER[:17] + "Y", Kind.INVALID_ID),
        ("0086 195 1234 6700", Kind.FULL_PHONE),
    ],
)
def test_reading_the_search_box(text, kind):
    assert read_person_query(text).kind == kind


def test_control_characters_in_a_search_are_dropped_on_every_database(person, officer_a):
    # PostgreSQL refuses a NUL in a query: the search must never send one
    assert read_person_query("龙\x00小\u200b燕") == read_person_query("龙小燕")
    assert list(Laborer.objects.search("\x00", user=officer_a)) == []


# --- the admin (county staff) ------------------------------------------------------------


def _admin_found(client, url, q):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return [obj.pk for obj in response.context["cl"].result_list]


def test_admin_search_matches_only_visible_tails_or_complete_numbers(client, person, county_user):
    client.force_login(county_user)
    url = reverse("admin:laborers_laborer_changelist")
    assert _admin_found(client, url, NUMBER[-4:]) == [person.pk]
    assert _admin_found(client, url, NUMBER[-6:]) == []
    assert _admin_found(client, url, PHONE[-7:]) == []
    assert not reveals(county_user).exists()
    assert _admin_found(client, url, NUMBER) == [person.pk]
    assert _admin_found(client, url, PHONE) == [person.pk]
    assert set(reveals(county_user).values_list("fields", flat=True)) == {"身份证号码", "联系电话"}
    assert _admin_found(client, url, person.household.number) == [person.pk]  # other fields
    assert _admin_found(client, url, "小燕") == [person.pk]


def test_admin_search_of_related_records_uses_the_same_rule(client, person, county_user):
    from xiushan_jobs.testing import make_service

    service = make_service(person)
    client.force_login(county_user)
    url = reverse("admin:laborers_service_changelist")
    assert _admin_found(client, url, NUMBER[-4:]) == [service.pk]
    assert _admin_found(client, url, NUMBER[-8:]) == []
    assert _admin_found(client, url, NUMBER) == [service.pk]
    [entry] = reveals(county_user)
    assert entry.object_id == service.pk and "管理后台" in entry.detail


@pytest.mark.parametrize("size", [3, 30])
def test_an_identifying_search_costs_a_fixed_number_of_queries(
    client, village_a1, officer_a, size, django_assert_max_num_queries
):
    for _ in range(size):
        make_laborer(village=village_a1, phone=PHONE)  # one phone shared by many
    client.force_login(officer_a)
    # the list's 8 (session, user, village choices, totals, page ids, page rows,
    # permissions ×2), the ids found, the content type, the access-log rows in one insert
    with django_assert_max_num_queries(11):
        response = client.get(URL, {"q": PHONE})
    assert response.status_code == 200
    assert reveals(officer_a).count() == size

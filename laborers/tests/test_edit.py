"""Editing a laborer: the model's validation, masked personal data in the form, history
attributed to the user, concurrent edits refused with what changed; marking as surveyed,
adding and deleting members."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AccessLog
from laborers import choices
from laborers.models import EmploymentEpisode, Laborer, Service
from laborers.services import EditConflict, record_save_checked
from xiushan_jobs.lib.idnumber import with_check_digit

pytestmark = pytest.mark.django_db


def form_data(laborer, **changes):
    """What the edit page posts back when the user changes ``changes``."""
    data = {
        "name": laborer.name,
        "id_number": "",
        "phone": "",
        "relationship": laborer.relationship,
        "education": laborer.education,
        "labor_ability": laborer.labor_ability,
        "employment_intention": laborer.employment_intention,
        "training_trade": laborer.training_trade,
        "prior_work_place": laborer.prior_work_place,
        "prior_employer": laborer.prior_employer,
        "note": laborer.note,
        "version": laborer.version,
        "seen_history": laborer.history.order_by("-history_id").first().history_id,
    }
    for flag in ("is_college_graduate", "in_employment_preparation", "is_disabled"):
        if getattr(laborer, flag):
            data[flag] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def edit_url(laborer):
    return reverse("laborers:laborer_edit", args=[laborer.pk])


def test_the_form_does_not_show_the_full_numbers(client, world, officer_a):
    client.force_login(officer_a)
    laborer = world.a1.laborer
    page = client.get(edit_url(laborer)).content.decode()
    assert laborer.id_number not in page and "13800138000" not in page
    assert f"当前：{laborer.id_number[:6]}********" in page and "138****8000" in page


def test_saving_keeps_blank_numbers_and_records_who(client, world, officer_a):
    client.force_login(officer_a)
    laborer = world.a1.laborer
    response = client.post(
        edit_url(laborer),
        form_data(
            laborer,
            labor_ability=choices.LaborAbility.SKILLED,
            training_trade="苗绣",
            wants_training="on",
            employment_intention=choices.EmploymentIntention.ANY,
        ),
    )
    assert response.status_code == 302
    before_id = laborer.id_number
    laborer.refresh_from_db()
    assert (laborer.labor_ability, laborer.training_trade) == ("技能劳动力", "苗绣")
    assert (laborer.id_number, laborer.phone) == (before_id, "13800138000")
    assert laborer.version == 2
    newest = laborer.history.order_by("-history_id").first()
    assert newest.history_user == officer_a and newest.history_type == "~"


def test_a_new_id_number_is_normalised_and_sets_birth_date_and_sex(client, world, officer_a):
    client.force_login(officer_a)
    laborer = world.a1.laborer
    number = with_check_digit("50024119920229002")  # female, born on a leap day
    typed = f" {number[:6]} {number[6:]} ".replace("0", "０")
    assert client.post(edit_url(laborer), form_data(laborer, id_number=typed)).status_code == 302
    laborer.refresh_from_db()
    assert laborer.id_number == number
    assert (laborer.birth_date, laborer.sex) == (datetime.date(1992, 2, 29), "F")


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"id_number": "500241198506151234"}, "id_number", "校验位"),
        ({"id_number": "50024119850615"}, "id_number", "18 位"),
        ({"phone": "12345"}, "phone", "手机号码"),
        ({"departure_date": "2020-07-01"}, "departure_date", "不能晚于今天"),
        ({"is_college_graduate": "on", "graduation_year": "1970"}, "graduation_year", "不合理"),
        ({"name": "  "}, "name", "这个字段是必填项"),
    ],
)
def test_bad_input_is_refused_in_chinese(client, world, officer_a, changes, field, message):
    client.force_login(officer_a)
    laborer = world.a1.laborer
    response = client.post(edit_url(laborer), form_data(laborer, **changes))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert "请按下面的提示修改" in response.content.decode()
    laborer.refresh_from_db()
    assert laborer.version == 1


def test_an_id_number_registered_in_another_township_names_only_the_township(
    client, world, officer_a
):
    client.force_login(officer_a)
    laborer = world.a1.laborer
    other = world.b1.laborer  # in another township: uniqueness is county-wide
    response = client.post(edit_url(laborer), form_data(laborer, id_number=other.id_number))
    [error] = response.context["form"].errors["id_number"]
    assert error.startswith("该身份证号码已在隘口镇登记，不在您的管辖范围内")
    page = response.content.decode()
    assert "乙一" not in page and "坝芒村" not in page and other.household.number not in page
    # finding who holds a complete number identifies them: logged as a reveal
    log = AccessLog.objects.get(action=AccessLog.Action.REVEAL)
    assert (log.user, log.object_id, log.fields) == (officer_a, other.pk, "身份证号码")


def test_an_id_number_of_the_users_area_names_the_person_with_a_link(client, world, officer_a):
    client.force_login(officer_a)
    holder = world.a2.laborer
    url = reverse("laborers:laborer_create", args=[world.a1.household.pk])
    response = client.post(
        url, {"name": "重复", "id_number": holder.id_number.lower(), "relationship": "之子"}
    )
    assert response.status_code == 200
    link = reverse("laborers:laborer_detail", args=[holder.pk])
    assert f'该身份证号码已登记为 <a href="{link}">甲二</a>（中和街道 太平村）' in (
        response.content.decode()
    )
    assert not Laborer.objects.filter(name="重复").exists()


def test_a_village_officer_is_told_only_the_other_village(client, world, village_officer):
    client.force_login(village_officer)
    url = reverse("laborers:laborer_create", args=[world.a1.household.pk])
    response = client.post(
        url, {"name": "重复", "id_number": world.a2.laborer.id_number, "relationship": "之子"}
    )
    [error] = response.context["form"].errors["id_number"]
    assert error.startswith("该身份证号码已在中和街道 太平村登记，不在您的管辖范围内")
    assert "甲二" not in response.content.decode()


def test_the_phone_can_be_cleared(client, world, officer_a):
    client.force_login(officer_a)
    laborer = world.a1.laborer
    client.post(edit_url(laborer), form_data(laborer, clear_phone="on"))
    laborer.refresh_from_db()
    assert laborer.phone == ""


def test_the_second_of_two_concurrent_edits_is_refused(client, world, officer_a, county_user):
    laborer = world.a1.laborer
    stale = form_data(laborer, note="甲干部的备注")  # officer A opened the page...
    client.force_login(county_user)  # ...meanwhile the county changed the laborer
    assert (
        client.post(
            edit_url(laborer), form_data(laborer, prior_employer="东莞某电子厂")
        ).status_code
        == 302
    )

    client.force_login(officer_a)
    response = client.post(edit_url(laborer), stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "已被他人修改" in page
    [entry] = response.context["conflict"]
    assert entry.who == county_user
    assert [(c.field, c.new) for c in entry.changes] == [("原务工企业", "东莞某电子厂")]
    laborer.refresh_from_db()
    assert (laborer.prior_employer, laborer.note, laborer.version) == ("东莞某电子厂", "", 2)

    # The page kept what officer A typed and moved the version on: saving again is a
    # decision taken with the other change in view. A field A never touched shows the
    # county's new value, so saving the page as it is keeps both changes.
    form = response.context["form"]
    assert form["note"].value() == "甲干部的备注"
    assert form["prior_employer"].value() == "东莞某电子厂"
    assert "已换成对方的新值：原务工企业" in page
    assert str(form["version"].value()) == "2"
    again = {name: form[name].value() for name in form.fields}
    again = {name: value for name, value in again.items() if value not in (None, False)}
    assert client.post(edit_url(laborer), again).status_code == 302
    laborer.refresh_from_db()
    assert (laborer.note, laborer.prior_employer, laborer.version) == (
        "甲干部的备注",
        "东莞某电子厂",
        3,
    )


def test_a_change_that_did_not_bump_the_version_is_caught_by_the_history(client, world, officer_a):
    laborer = world.a1.laborer
    stale = form_data(laborer, note="新备注")
    other = Laborer.objects.get(pk=laborer.pk)  # the admin or an import saving directly
    other.prior_work_place = "浙江宁波"
    other.save()
    client.force_login(officer_a)
    response = client.post(edit_url(laborer), stale)
    assert response.status_code == 200 and response.context["conflict"]
    laborer.refresh_from_db()
    assert (laborer.prior_work_place, laborer.note) == ("浙江宁波", "")


def test_the_service_refuses_a_stale_version(world, officer_a):
    laborer = world.a1.laborer
    Laborer.objects.filter(pk=laborer.pk).update(version=5)
    laborer.note = "x"
    with pytest.raises(EditConflict) as exc:
        record_save_checked(instance=laborer, expected_version=1, seen_history=None, by=officer_a)
    assert exc.value.current_version == 5
    laborer.refresh_from_db()
    assert laborer.note == ""


def test_mark_as_surveyed(client, world, village_officer):
    client.force_login(village_officer)
    laborer = world.a1.laborer
    response = client.post(
        reverse("laborers:laborer_surveyed", args=[laborer.pk]),
        {"next": "https://evil.example/"},
    )
    assert response.url == reverse("laborers:laborer_detail", args=[laborer.pk])
    laborer.refresh_from_db()
    assert laborer.last_surveyed_on == datetime.date(2020, 6, 15)
    assert laborer.version == 2
    assert laborer.history.order_by("-history_id").first().history_user == village_officer
    response = client.post(
        reverse("laborers:laborer_surveyed", args=[laborer.pk]),
        {"next": "/laborers/people/?warning=not_updated"},
    )
    assert response.url == "/laborers/people/?warning=not_updated"


def test_add_a_member_to_a_household(client, world, village_officer):
    client.force_login(village_officer)
    household = world.a1.household
    url = reverse("laborers:laborer_create", args=[household.pk])
    number = with_check_digit("50024120010101001")
    response = client.post(
        url,
        {
            "name": "新成员",
            "id_number": number,
            "phone": "",
            "relationship": choices.Relationship.SON,
            "labor_ability": choices.LaborAbility.ORDINARY,
            "employment_intention": choices.EmploymentIntention.OUTSIDE,
        },
    )
    laborer = Laborer.objects.get(id_number=number)
    assert response.url == reverse("laborers:laborer_detail", args=[laborer.pk])
    assert laborer.household == household and laborer.birth_date == datetime.date(2001, 1, 1)
    created = laborer.history.get()
    assert (created.history_type, created.history_user) == ("+", village_officer)
    response = client.post(url, {"name": "无号码", "relationship": "之子"})
    assert response.status_code == 200
    assert "必填" in str(response.context["form"].errors["id_number"])


def test_delete_a_laborer_keeps_the_history(client, world, officer_a):
    client.force_login(officer_a)
    laborer = world.a1.laborer
    url = reverse("laborers:laborer_delete", args=[laborer.pk])
    page = client.get(url).content.decode()
    assert "1 段就业经历和 1 次服务记录" in page
    response = client.post(url)
    assert response.url == reverse("laborers:household_detail", args=[world.a1.household.pk])
    assert not Laborer.objects.filter(pk=laborer.pk).exists()
    assert not EmploymentEpisode.objects.filter(laborer_id=laborer.pk).exists()
    assert not Service.objects.filter(laborer_id=laborer.pk).exists()
    deleted = Laborer.history.get(id=laborer.pk, history_type="-")
    assert deleted.history_user == officer_a
    assert Service.history.get(id=world.a1.service.pk, history_type="-").history_user == officer_a


def test_a_laborer_deleted_meanwhile_answers_404(client, world, officer_a, monkeypatch):
    from laborers.views import common

    laborer = world.a1.laborer
    original = common.record_save_checked

    def deleted_first(**kwargs):
        Laborer.objects.filter(pk=laborer.pk).delete()
        return original(**kwargs)

    monkeypatch.setattr(common, "record_save_checked", deleted_first)
    client.force_login(officer_a)
    response = client.post(edit_url(laborer), form_data(laborer, note="x"))
    assert response.status_code == 404

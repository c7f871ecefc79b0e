"""The laborer page: profile, household, timeline, services, other apps' sections, the
change history, open warnings; personal data masked unless revealed (and logged)."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AccessLog
from laborers import choices
from laborers.choices import EmploymentIntention
from laborers.models import ImportBatch, Laborer
from xiushan_jobs.lib import extensions
from xiushan_jobs.testing import make_episode, make_laborer, make_service

pytestmark = pytest.mark.django_db


def detail(client, user, laborer):
    client.force_login(user)
    response = client.get(reverse("laborers:laborer_detail", args=[laborer.pk]))
    assert response.status_code == 200
    return response


def test_shows_profile_household_jobs_and_services(client, world, officer_a, village_a1):
    laborer = world.a1.laborer
    spouse = make_laborer(
        world.a1.household, name="配偶甲", relationship=choices.Relationship.SPOUSE
    )
    make_episode(spouse, start=datetime.date(2018, 1, 1), end=datetime.date(2019, 1, 1))
    page = detail(client, officer_a, laborer).content.decode()
    assert laborer.id_number not in page and "13800138000" not in page
    assert "138****8000" in page
    assert "配偶甲" in page and world.a1.household.number in page
    assert "秀山物流园区" in page and "当前" in page and "至今" in page
    assert "政策咨询" in page and "本年 1 次" in page
    assert "1985-06-15" not in page  # the birth date is part of the masked number


def test_open_warnings_and_data_problems(client, village_a1, officer_a):
    graduate = make_laborer(
        village=village_a1,
        is_college_graduate=True,
        graduation_year=2019,
        birth=datetime.date(1998, 1, 1),
        # willing: a zero-employment household is one whose capable members want work
        employment_intention=EmploymentIntention.IN_COUNTY,
    )
    Laborer.objects.filter(pk=graduate.pk).update(phone="1234")  # entered before the rule
    response = detail(client, officer_a, graduate)
    keys = {item["rule"].key for item in response.context["open_warnings"]}
    assert keys == {"graduate_idle", "not_updated", "zero_employment", "few_services"}
    assert any("手机号码" in p for p in response.context["problems"])


def test_a_section_registered_by_another_app_is_rendered(
    client, world, officer_a, settings, tmp_path, request
):
    (tmp_path / "dummy_section.html").write_text(
        "<p>培训记录：{{ course }}，{{ laborer.name }}</p>", encoding="utf-8"
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]

    def trainings(laborer, user):
        if laborer.name != "甲一":
            return None
        return extensions.DetailSection("培训", "dummy_section.html", {"course": "苗绣"})

    extensions.register_laborer_section(trainings)
    request.addfinalizer(lambda: extensions.laborer_sections.remove(trainings))
    page = detail(client, officer_a, world.a1.laborer).content.decode()
    assert "<h2>培训</h2>" in page and "培训记录：苗绣，甲一" in page
    assert "培训记录" not in detail(client, officer_a, world.a2.laborer).content.decode()


def test_history_shows_who_when_and_what(client, world, officer_a, county_user):
    laborer = world.a1.laborer
    laborer.labor_ability = choices.LaborAbility.WEAK
    laborer.phone = "13900139000"
    laborer._history_user = officer_a
    laborer.save()
    batch = ImportBatch.objects.create(
        user=county_user, file_name="凤鸣村调查表.xlsx", sha256="0" * 64
    )
    laborer.history.filter(history_type="+").update(import_batch=batch)
    response = detail(client, officer_a, laborer)
    entries = response.context["history"]
    change = next(e for e in entries if e.subject == "劳动力信息" and e.action == "~")
    assert change.who == officer_a
    assert {(c.field, c.old, c.new) for c in change.changes} == {
        ("联系电话", "138****8000", "139****9000"),
        ("劳动能力", "普通劳动力", "弱劳动力或半劳动力"),
    }
    created = next(e for e in entries if e.subject == "劳动力信息" and e.action == "+")
    assert created.import_batch == batch
    subjects = {e.subject for e in entries}
    assert "就业经历：县内务工 2020-03-01 起" in subjects
    assert "服务：政策咨询 2020-04-01" in subjects
    page = response.content.decode()
    assert "凤鸣村调查表.xlsx" in page and "13900139000" not in page


def test_deleted_services_stay_in_the_history(client, world, officer_a):
    service = world.a1.service
    service._history_user = officer_a
    service.delete()
    entries = detail(client, officer_a, world.a1.laborer).context["history"]
    assert entries[0].action == "-" and entries[0].subject.startswith("服务")


def test_reveal_shows_the_full_numbers_once_and_is_logged(client, world, officer_a):
    laborer = world.a1.laborer
    client.force_login(officer_a)
    response = client.post(reverse("laborers:laborer_reveal", args=[laborer.pk]))
    assert response.status_code == 302 and response.url.endswith("#identity")
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_id) == (officer_a, "reveal", laborer.pk)
    assert log.fields == "身份证号码、联系电话" and laborer.id_number not in log.detail
    page = client.get(response.url.split("#")[0]).content.decode()
    assert laborer.id_number in page and "13800138000" in page and "1985-06" in page
    again = client.get(response.url.split("#")[0]).content.decode()
    assert laborer.id_number not in again


def test_county_may_reveal_leader_may_not(client, world, county_user, leader):
    url = reverse("laborers:laborer_reveal", args=[world.b1.laborer.pk])
    client.force_login(leader)
    assert "查看完整号码" not in detail(client, leader, world.b1.laborer).content.decode()
    assert client.post(url).status_code == 403
    assert not AccessLog.objects.exists()
    client.force_login(county_user)
    assert client.post(url).status_code == 302
    assert AccessLog.objects.get().user == county_user


def test_leader_sees_no_edit_buttons(client, world, leader):
    page = detail(client, leader, world.a1.laborer).content.decode()
    for label in ("编辑", "标记已调查更新", "登记就业", "结束就业", "删除这名劳动力", "岗位推荐"):
        assert label not in page


@pytest.mark.parametrize("size", [1, 12])
def test_query_count_does_not_grow(
    client, village_a1, officer_a, size, django_assert_max_num_queries
):
    laborer = make_laborer(village=village_a1, phone="13800000000")
    for i in range(size):
        make_laborer(laborer.household, relationship=choices.Relationship.SON)
        make_service(laborer, officer=officer_a, date=datetime.date(2020, 1, 1 + i))
        make_episode(
            laborer,
            start=datetime.date(2000 + i, 1, 1),
            end=datetime.date(2000 + i, 6, 1),
            program_id=1,
        )
        laborer.note = f"第 {i} 次修改"
        laborer.household_id = laborer.household_id
        laborer._history_user = officer_a
        laborer.save()
    client.force_login(officer_a)
    # session, user, laborer, services, warning flags, history x3, history labels
    # (officers, programs), members, episodes, permissions (user, groups); the sections
    # feature apps add: workshops (workshop and post placements), training (enrollments;
    # guidance, loans, work stations), cases (cases, the household's helper, the
    # township's helpers to choose from)
    with django_assert_max_num_queries(23):
        assert client.get(reverse("laborers:laborer_detail", args=[laborer.pk])).status_code == 200

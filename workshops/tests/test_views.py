"""Pages that change data: the state after each, checked with refresh_from_db."""

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from laborers.choices import EmploymentKind
from laborers.models import EmploymentEpisode
from workshops.models import Post, PostPlacement, Workshop, WorkshopFunding, WorkshopPlacement
from workshops.services import attachment_add, placement_start
from xiushan_jobs.testing import make_episode, make_funding, make_laborer

pytestmark = pytest.mark.django_db

WORKSHOP_DATA = {
    "name": "太平苗绣扶贫车间",
    "operator_kind": "农村专业合作社",
    "operator_name": "秀山县太平苗绣专业合作社",
    "contact_name": "杨梅",
    "contact_phone": "138 2345 6789",
    "industry": "民族手工艺",
    "products": "苗绣",
    "jobs_offered": "25",
    "established_on": "2020-03-01",
    "status": "已认定",
    "recognised_on": "2020-04-15",
}


def test_officer_creates_a_workshop_in_their_township(client, officer_a, village_a2):
    client.force_login(officer_a)
    response = client.post(
        reverse("workshops:workshop_create"), {**WORKSHOP_DATA, "village": village_a2.pk}
    )
    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("workshops:workshop_detail", args=[workshop.pk])
    assert (workshop.village, workshop.contact_phone, workshop.jobs_offered) == (
        village_a2,
        "13823456789",
        25,
    )
    assert workshop.history.get().history_user == officer_a


def test_village_choices_are_the_officers_own(client, officer_a, village_a1, village_b1):
    client.force_login(officer_a)
    form = client.get(reverse("workshops:workshop_create")).context["form"]
    assert list(form.fields["village"].queryset) == [village_a1]
    response = client.post(
        reverse("workshops:workshop_create"), {**WORKSHOP_DATA, "village": village_b1.pk}
    )
    assert response.status_code == 200
    assert "village" in response.context["form"].errors
    assert not Workshop.objects.exists()


def test_bad_input_gets_a_chinese_message_where_it_is(client, officer_a, village_a1):
    client.force_login(officer_a)
    data = {**WORKSHOP_DATA, "village": village_a1.pk, "recognised_on": "2020-02-01"}
    response = client.post(reverse("workshops:workshop_create"), data)
    assert response.context["form"].errors["recognised_on"] == ["认定日期不能早于建成日期。"]
    assert "认定日期不能早于建成日期。" in response.content.decode()
    data = {**WORKSHOP_DATA, "village": village_a1.pk, "contact_phone": "12345"}
    response = client.post(reverse("workshops:workshop_create"), data)
    assert "手机号码" in response.context["form"].errors["contact_phone"][0]
    assert not Workshop.objects.exists()


def test_editing_a_post_below_its_headcount_is_refused(client, officer_a, post_a, laborer_a):
    placement_start(site=post_a, laborer=laborer_a, start_date=datetime.date(2020, 6, 1))
    client.force_login(officer_a)
    url = reverse("workshops:post_edit", args=[post_a.pk])
    data = {
        "name": post_a.name,
        "village": post_a.village_id,
        "kind": "保洁环卫",
        "department": "人社",
        "positions": "0",
        "monthly_subsidy": "800",
        "funding_source": "就业补助资金",
        "start_date": "2020-01-01",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "positions" in response.context["form"].errors
    response = client.post(url, {**data, "positions": "5", "monthly_subsidy": "900"})
    assert response.status_code == 302
    post_a.refresh_from_db()
    assert (post_a.positions, post_a.monthly_subsidy) == (5, 900)


def test_place_from_the_site_page(client, officer_a, post_a, laborer_a, laborer_b):
    client.force_login(officer_a)
    url = reverse("workshops:post_place", args=[post_a.pk])
    # the search finds laborers of the officer's own township only
    results = client.get(url, {"q": "杨秀英"}).context["results"]
    assert [r.pk for r in results] == [laborer_a.pk]
    assert client.get(url, {"q": laborer_a.id_number[-4:]}).context["results"][0] == laborer_a
    assert not client.get(url, {"q": "龙海"}).context["results"]
    assert not client.get(url, {"q": laborer_b.id_number}).context["results"]

    response = client.post(
        url, {"laborer": laborer_a.pk, "start_date": "2020-06-01", "monthly_pay": "800"}
    )
    assert response.status_code == 302
    episode = EmploymentEpisode.objects.get(laborer=laborer_a)
    assert episode.kind == EmploymentKind.WELFARE_POST and episode.start_date.day == 1
    assert PostPlacement.objects.get().post == post_a


def test_placing_a_laborer_outside_the_scope_creates_nothing(client, officer_a, post_a, laborer_b):
    client.force_login(officer_a)
    url = reverse("workshops:post_place", args=[post_a.pk])
    response = client.post(url, {"laborer": laborer_b.pk, "start_date": "2020-06-01"})
    assert response.status_code == 200
    assert "无权安置" in response.content.decode()
    assert not EmploymentEpisode.objects.exists()


def test_refused_placement_shows_the_rule(client, officer_a, post_a, laborer_a):
    make_episode(laborer_a, EmploymentKind.OUTSIDE, start=datetime.date(2020, 2, 1))
    client.force_login(officer_a)
    response = client.post(
        reverse("workshops:post_place", args=[post_a.pk]),
        {"laborer": laborer_a.pk, "start_date": "2020-06-01"},
    )
    assert response.status_code == 200
    # the form asks first; the page shows the current job (the service names it too)
    assert response.context["form"].errors["current"] == ["该劳动力当前有就业：请选择如何处理。"]
    assert "市外务工" in response.content.decode()
    response = client.post(
        reverse("workshops:post_place", args=[post_a.pk]),
        {"laborer": laborer_a.pk, "start_date": "2020-06-01", "current": "link"},
    )
    assert "类型是“市外务工”，不能关联到本场所" in response.context["form"].errors["current"][0]
    response = client.post(
        reverse("workshops:post_place", args=[post_a.pk]),
        {"laborer": laborer_a.pk, "start_date": "2020-06-01", "current": "end"},
    )
    assert response.status_code == 302
    assert EmploymentEpisode.objects.get(kind=EmploymentKind.OUTSIDE).end_date == datetime.date(
        2020, 5, 31
    )


def test_place_from_the_laborers_page(client, officer_a, workshop_a, post_a, laborer_a, post_b):
    client.force_login(officer_a)
    url = reverse("workshops:laborer_place", args=[laborer_a.pk])
    form = client.get(url).context["form"]
    values = {value for group, options in form.fields["site"].choices[1:] for value, _ in options}
    assert values == {f"workshop-{workshop_a.pk}", f"post-{post_a.pk}"}  # not post_b
    response = client.post(url, {"site": f"post-{post_b.pk}", "start_date": "2020-06-01"})
    assert response.status_code == 200 and "site" in response.context["form"].errors
    response = client.post(
        url,
        {"site": f"workshop-{workshop_a.pk}", "start_date": "2020-06-01", "monthly_pay": "2100"},
    )
    assert response.url == reverse("workshops:workshop_detail", args=[workshop_a.pk])
    placement = WorkshopPlacement.objects.get()
    assert (placement.episode.laborer, placement.episode.monthly_income) == (laborer_a, 2100)


def test_full_sites_are_not_offered(client, officer_a, post_a, village_a1, willing, laborer_a):
    for _ in range(2):
        placement_start(
            site=post_a,
            laborer=make_laborer(village=village_a1, **willing),
            start_date=datetime.date(2020, 6, 1),
        )
    client.force_login(officer_a)
    response = client.get(reverse("workshops:laborer_place", args=[laborer_a.pk]))
    assert not response.context["has_sites"]


def test_end_a_placement(client, officer_a, workshop_a, laborer_a):
    placement = placement_start(
        site=workshop_a, laborer=laborer_a, start_date=datetime.date(2020, 6, 1)
    )
    client.force_login(officer_a)
    url = reverse("workshops:workshop_placement_end", args=[placement.pk])
    response = client.post(url, {"end_date": "2020-05-01"})
    assert "不能早于安置开始日期" in response.context["form"].errors["end_date"][0]
    response = client.post(url, {"end_date": "2020-06-14", "note": "外出务工"})
    assert response.status_code == 302
    placement.episode.refresh_from_db()
    assert placement.episode.end_date == datetime.date(2020, 6, 14)
    # a second visit says it is over
    response = client.get(url)
    assert response.status_code == 302


def test_funding_add_and_delete(client, officer_a, workshop_a):
    client.force_login(officer_a)
    url = reverse("workshops:funding_add", args=[workshop_a.pk])
    response = client.post(url, {"source": "鲁渝援建", "date": "2020-05-01"})
    assert response.context["form"].errors["equipment"] == ["鲁渝援建必须填写援建设备。"]
    response = client.post(
        url, {"source": "财政涉农资金", "amount": "200000", "date": "2020-05-01"}
    )
    assert response.status_code == 302
    funding = WorkshopFunding.objects.get()
    assert (funding.workshop, funding.amount) == (workshop_a, 200000)
    client.post(reverse("workshops:funding_delete", args=[funding.pk]))
    assert not WorkshopFunding.objects.exists()


def test_detail_pages_show_headcount_and_funding(client, leader, workshop_a, laborer_a):
    placement_start(site=workshop_a, laborer=laborer_a, start_date=datetime.date(2020, 6, 1))
    make_funding(workshop_a, amount=300000)
    make_funding(workshop_a, "鲁渝援建", amount=120000)
    client.force_login(leader)
    response = client.get(reverse("workshops:workshop_detail", args=[workshop_a.pk]))
    page = response.content.decode()
    assert response.context["site"].headcount == 1 and response.context["free"] == 2
    assert response.context["funding_totals"] == {"agricultural": 300000, "shandong": 120000}
    assert "300,000" in page and "杨秀英" in page
    assert laborer_a.id_number not in page  # masked
    assert "办理离岗" not in page and "安置劳动力" not in page  # read-only


def test_filters(client, county_user, workshop_a, workshop_b, post_a, post_b, laborer_a):
    make_funding(workshop_b)
    placement_start(site=post_a, laborer=laborer_a, start_date=datetime.date(2020, 6, 1))
    Post.objects.filter(pk=post_a.pk).update(positions=1)
    client.force_login(county_user)

    def names(url, **params):
        return {o.name for o in client.get(reverse(url), params).context["page"].object_list}

    assert names("workshops:workshop_list", funding="agricultural") == {"坝芒竹编扶贫车间"}
    assert names("workshops:workshop_list", funding="none") == {"凤鸣服装加工扶贫车间"}
    assert names("workshops:workshop_list", township=workshop_a.village.township_id) == {
        "凤鸣服装加工扶贫车间"
    }
    assert names("workshops:workshop_list", q="竹编") == {"坝芒竹编扶贫车间"}
    assert names("workshops:post_list", vacancy="full") == {"凤鸣保洁环卫岗"}
    assert names("workshops:post_list", vacancy="open") == {"坝芒护林岗"}
    assert names("workshops:post_list", period="ended") == set()
    totals = client.get(reverse("workshops:post_list")).context["totals"]
    assert totals == {"sites": 2, "capacity": 3, "people": 1}
    totals = client.get(reverse("workshops:workshop_list"), {"q": "凤鸣"}).context["totals"]
    assert totals == {"sites": 1, "capacity": 3, "people": 0}


def test_target_5s_list_shows_the_money_beside_the_count(
    client, county_user, workshop_a, workshop_b
):
    """Target 5 is 1,000,000 yuan for five workshops: its list (``?agricultural_year=``)
    sums the year's 财政涉农资金 of the workshops it lists."""
    make_funding(workshop_a, amount=300000)
    make_funding(workshop_a, amount=50000, date=datetime.date(2019, 11, 1))  # last year
    make_funding(workshop_b, amount=200000)
    make_funding(workshop_b, "鲁渝援建", amount=120000)  # equipment, not this target
    client.force_login(county_user)
    response = client.get(reverse("workshops:workshop_list"), {"agricultural_year": 2020})
    totals = response.context["totals"]
    assert (totals["sites"], totals["funds_year"], totals["funds"]) == (2, 2020, 500000)
    assert "2020年财政涉农资金（元）" in response.content.decode()
    narrowed = client.get(
        reverse("workshops:workshop_list"), {"agricultural_year": 2020, "q": "竹编"}
    ).context["totals"]
    assert narrowed["funds"] == 200000
    assert "funds" not in client.get(reverse("workshops:workshop_list")).context["totals"]


def test_a_full_site_says_so_before_anyone_searches(client, officer_a, workshop_a, village_a1):
    for _ in range(3):
        laborer = make_laborer(village=village_a1, labor_ability="普通劳动力")
        placement_start(site=workshop_a, laborer=laborer, start_date=datetime.date(2020, 6, 1))
    client.force_login(officer_a)
    response = client.get(reverse("workshops:workshop_place", args=[workshop_a.pk]))
    page = response.content.decode()
    assert response.context["full"] and "就业岗位已满" in page
    assert 'name="q"' not in page


def test_only_sites_without_history_can_be_deleted(
    client, officer_a, workshop_a, post_a, laborer_a, media, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    placement_start(site=post_a, laborer=laborer_a, start_date=datetime.date(2020, 6, 1))
    response = client.post(reverse("workshops:post_delete", args=[post_a.pk]), follow=True)
    assert "已有安置记录，不能删除" in response.content.decode()
    assert Post.objects.filter(pk=post_a.pk).exists()

    funding = make_funding(workshop_a)
    client.post(reverse("workshops:workshop_delete", args=[workshop_a.pk]))
    assert Workshop.objects.filter(pk=workshop_a.pk).exists()
    funding.delete()

    photo = attachment_add(
        workshop=workshop_a, upload=SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20)
    )
    path = photo.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workshops:workshop_delete", args=[workshop_a.pk]))
    assert response.url == reverse("workshops:workshop_list")
    assert not Workshop.objects.filter(pk=workshop_a.pk).exists()
    assert not os.path.exists(path)

"""Employment episodes (start, end, correct, delete) and services (three taps, delete)."""

import datetime

import pytest
from django.urls import reverse

from laborers import choices
from laborers.models import EmploymentEpisode, Service
from xiushan_jobs.testing import make_laborer

pytestmark = pytest.mark.django_db


def test_log_a_service_in_three_taps(client, world, village_officer):
    """Open the laborer (1), tap a kind (2): the date defaults to today, the note is
    optional. The page is the laborer's detail page or the service page."""
    client.force_login(village_officer)
    laborer = world.a1.laborer
    detail = client.get(reverse("laborers:laborer_detail", args=[laborer.pk])).content.decode()
    assert 'name="kind" value="关心关爱"' in detail
    response = client.post(
        reverse("laborers:service_new", args=[laborer.pk]),
        {"kind": choices.ServiceKind.CARE, "date": "2020-06-15", "note": ""},
    )
    assert response.url == reverse("laborers:laborer_detail", args=[laborer.pk]) + "#services"
    service = laborer.services.get(kind=choices.ServiceKind.CARE)
    assert (service.date, service.officer, service.note) == (
        datetime.date(2020, 6, 15),
        village_officer,
        "",
    )
    assert service.history.get().history_user == village_officer


def test_the_service_page_defaults_to_today(client, world, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("laborers:service_new", args=[world.a1.laborer.pk]))
    assert page.context["form"]["date"].value() == datetime.date(2020, 6, 15)
    assert "点一下服务类型即完成登记" in page.content.decode()


@pytest.mark.parametrize(
    "data,message",
    [
        ({"kind": "岗位推荐", "date": "2020-06-16"}, "不能晚于今天"),
        ({"kind": "岗位推荐", "date": "2010-01-01"}, "不合理"),
        ({"kind": "", "date": "2020-06-15"}, "必填"),
        ({"kind": "发红包", "date": "2020-06-15"}, "有效的选项"),
    ],
)
def test_bad_services_are_refused(client, world, officer_a, data, message):
    client.force_login(officer_a)
    response = client.post(reverse("laborers:service_new", args=[world.a1.laborer.pk]), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert Service.objects.count() == 3


def test_delete_a_service(client, world, officer_a):
    client.force_login(officer_a)
    service = world.a1.service
    url = reverse("laborers:service_delete", args=[service.pk])
    assert "只在登记错误时删除" in client.get(url).content.decode()
    client.post(url)
    assert not Service.objects.filter(pk=service.pk).exists()
    assert Service.history.get(id=service.pk, history_type="-").history_user == officer_a


def episode_data(**changes):
    data = {
        "kind": choices.EmploymentKind.OUTSIDE,
        "province": "广东省",
        "employer": "东莞某电子厂",
        "place": "东莞",
        "start_date": "2020-06-01",
        "monthly_income": "4200",
        "program": "",
        "note": "",
    }
    data.update(changes)
    return data


def test_start_a_job(client, village_a1, officer_a):
    laborer = make_laborer(village=village_a1)
    client.force_login(officer_a)
    url = reverse("laborers:episode_new", args=[laborer.pk])
    assert client.get(url).context["form"]["start_date"].value() == datetime.date(2020, 6, 15)
    assert client.post(url, episode_data()).status_code == 302
    episode = laborer.episodes.get()
    assert (episode.kind, episode.province, episode.end_date) == ("市外务工", "广东省", None)
    assert episode.history.get().history_user == officer_a


def test_changing_jobs_ends_the_current_one(client, world, officer_a):
    client.force_login(officer_a)
    laborer, current = world.a1.laborer, world.a1.episode
    url = reverse("laborers:episode_new", args=[laborer.pk])
    response = client.post(url, episode_data())
    assert response.status_code == 200
    assert "勾选此项同时结束它" in str(response.context["form"].errors["end_current"])
    assert laborer.episodes.count() == 1
    assert client.post(url, episode_data(end_current="on")).status_code == 302
    current.refresh_from_db()
    assert current.end_date == datetime.date(2020, 5, 31)  # the day before the new job
    assert laborer.episodes.get(end_date__isnull=True).employer == "东莞某电子厂"


def test_a_new_job_cannot_start_before_the_current_one(client, world, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("laborers:episode_new", args=[world.a1.laborer.pk]),
        episode_data(start_date="2020-02-01", end_current="on"),
    )
    assert "必须晚于当前就业的开始日期" in str(response.context["form"].errors["start_date"])


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"province": ""}, "province", "市外务工必须填写务工省份"),
        ({"province": "重庆市"}, "province", "县内务工"),
        ({"start_date": "2020-07-01"}, "start_date", "不能晚于今天"),
        ({"monthly_income": "-5"}, "monthly_income", "不能为负数"),
    ],
)
def test_job_rules_come_from_the_model(client, village_a1, officer_a, changes, field, message):
    laborer = make_laborer(village=village_a1)
    client.force_login(officer_a)
    response = client.post(
        reverse("laborers:episode_new", args=[laborer.pk]), episode_data(**changes)
    )
    assert message in str(response.context["form"].errors[field])
    assert not laborer.episodes.exists()


def test_end_a_job(client, world, officer_a):
    client.force_login(officer_a)
    episode = world.a1.episode
    url = reverse("laborers:episode_end", args=[episode.pk])
    response = client.post(url, {"end_date": "2020-02-01"})  # before it started
    assert "不能早于开始日期" in response.content.decode()
    response = client.post(url, {"end_date": "2020-06-16"})
    assert "不能晚于今天" in response.content.decode()
    assert client.post(url, {"end_date": "2020-06-10"}).status_code == 302
    episode.refresh_from_db()
    assert episode.end_date == datetime.date(2020, 6, 10)
    assert episode.history.order_by("-history_id").first().history_user == officer_a
    # ending it again changes nothing
    client.post(url, {"end_date": "2020-06-12"})
    episode.refresh_from_db()
    assert episode.end_date == datetime.date(2020, 6, 10)


def test_correct_a_job(client, world, officer_a):
    client.force_login(officer_a)
    episode = world.a1.episode
    url = reverse("laborers:episode_edit", args=[episode.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(employer="秀山华兴建材", start_date="2020-03-01")
    assert client.post(url, data).status_code == 302
    episode.refresh_from_db()
    assert episode.employer == "秀山华兴建材"
    # a stale copy of the same page is refused
    data.update(employer="别的单位")
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["conflict"]
    episode.refresh_from_db()
    assert episode.employer == "秀山华兴建材"


def test_delete_a_job(client, world, officer_a):
    client.force_login(officer_a)
    episode = world.a1.episode
    client.post(reverse("laborers:episode_delete", args=[episode.pk]))
    assert not EmploymentEpisode.objects.filter(pk=episode.pk).exists()
    deleted = EmploymentEpisode.history.get(id=episode.pk, history_type="-")
    assert deleted.history_user == officer_a


def test_a_job_edit_without_its_version_is_refused(client, world, officer_a):
    """A job has no version column: the history row the page was read at is its version.
    Leaving it out (an old page, a hand-made request) must not bypass the conflict check."""
    client.force_login(officer_a)
    episode = world.a1.episode
    url = reverse("laborers:episode_edit", args=[episode.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    EmploymentEpisode.objects.filter(pk=episode.pk).update(employer="县局改的单位")
    data.update(employer="覆盖的单位")
    del data["seen_history"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "缺少页面打开时的版本信息" in response.content.decode()
    episode.refresh_from_db()
    assert episode.employer == "县局改的单位"


def test_a_job_without_history_rows_still_carries_a_version(client, world, officer_a):
    """A record written without history (a raw bulk write) is edited with version 0: the
    first save goes through, a second copy of the same page is refused."""
    client.force_login(officer_a)
    episode = world.a1.episode
    EmploymentEpisode.history.filter(id=episode.pk).delete()
    url = reverse("laborers:episode_edit", args=[episode.pk])
    form = client.get(url).context["form"]
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    assert data["seen_history"] == 0
    assert client.post(url, {**data, "employer": "第一次"}).status_code == 302
    response = client.post(url, {**data, "employer": "第二次"})
    assert response.status_code == 200 and response.context["conflict"]
    episode.refresh_from_db()
    assert episode.employer == "第一次"


def test_a_rule_keyed_to_a_field_the_end_form_lacks_is_shown_above_it(
    client, world, officer_a, monkeypatch
):
    """The service checks again under its lock; what it refuses there (a site's rule on the
    start date, say) is a message on the form, whatever field it names."""
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError({"start_date": "安置场所已停用。", "end_date": "日期不对。"})

    monkeypatch.setattr("laborers.views.records.episode_end", refuse)
    client.force_login(officer_a)
    episode = world.a1.episode
    response = client.post(
        reverse("laborers:episode_end", args=[episode.pk]), {"end_date": "2020-06-10"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == ["安置场所已停用。"]
    assert form.errors["end_date"] == ["日期不对。"]
    episode.refresh_from_db()
    assert episode.end_date is None
